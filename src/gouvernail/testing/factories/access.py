"""Builders for the rows of the `access` app: a valid row with sensible defaults, overridable."""

from datetime import date, timedelta

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.core.models import Organisation


def make_account(organisation: Organisation, application, login: str = "agent@test.example", **fields) -> AccountGrant:
    return AccountGrant.objects.create(organisation=organisation, application=application, login=login, **fields)


def make_review_campaign(organisation: Organisation, name: str = "Revue annuelle des accès", **fields):
    today = date.today()
    defaults = {"year": today.year, "starts_on": today, "due_on": today + timedelta(days=30)}
    return AccessReviewCampaign.objects.create(organisation=organisation, name=name, **{**defaults, **fields})


def make_review(campaign: AccessReviewCampaign, account: AccountGrant, **fields) -> AccessReview:
    return AccessReview.objects.create(
        organisation_id=campaign.organisation_id, campaign=campaign, account=account, **fields
    )


def make_movement(organisation: Organisation, person, kind: str = "depart", **fields) -> Movement:
    defaults = {"effective_on": date.today()}
    return Movement.objects.create(organisation=organisation, person=person, kind=kind, **{**defaults, **fields})


def make_checklist_item(movement: Movement, label: str = "Récupérer le poste", **fields) -> ChecklistItem:
    defaults = {"category": "equipement", "due_on": movement.effective_on}
    return ChecklistItem.objects.create(
        organisation_id=movement.organisation_id, movement=movement, label=label, **{**defaults, **fields}
    )
