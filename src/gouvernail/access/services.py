"""Writes of the access domain that touch several rows or must be journaled as one act."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from gouvernail.access.choices import (
    CHECKLIST_TEMPLATE,
    AccountSource,
    CampaignStatus,
    ChecklistCategory,
    ReviewDecision,
)
from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.applications.models import Application
from gouvernail.core.models import DirectoryAccount, Person, User
from gouvernail.core.services import save_as

# A reviewer is reminded this many days before the due date, then weekly.
REMINDER_LEAD_DAYS = 7
REMINDER_INTERVAL_DAYS = 7


@transaction.atomic
def accounts_from_directory(*, application: Application, acting_user: User | None) -> int:
    """Creates the application's accounts from the synced Entra ID accounts (an application signed
    in through Entra ID: Microsoft 365, Nextcloud in SSO…); existing logins get their state refreshed."""
    existing = {
        grant.login.casefold(): grant
        for grant in AccountGrant.objects.filter(organisation_id=application.organisation_id, application=application)
    }
    written = 0
    accounts = DirectoryAccount.objects.filter(organisation_id=application.organisation_id).select_related("person")
    for account in accounts:
        person = account.person
        if not person.email:
            continue
        enabled = account.enabled is not False
        grant = existing.get(person.email)
        if grant is None:
            grant = AccountGrant(
                organisation_id=application.organisation_id,
                application=application,
                person=person,
                login=person.email,
                source=AccountSource.ENTRA,
            )
        elif grant.is_enabled == enabled and grant.person_id == person.pk:
            continue
        grant.is_enabled, grant.person = enabled, person
        save_as(grant, acting_user)
        written += 1
    return written


@transaction.atomic
def campaign_open(
    *, campaign: AccessReviewCampaign, reviewers: dict[int, Person | None], acting_user: User | None
) -> int:
    """Puts every enabled account of the organisation under review (one decision each, « à
    revoir »), the reviewer being the one given for its application; opens the campaign."""
    accounts = AccountGrant.objects.filter(organisation_id=campaign.organisation_id, is_enabled=True)
    already = set(campaign.reviews.values_list("account_id", flat=True))
    created = 0
    for account in accounts:
        if account.pk in already:
            continue
        save_as(
            AccessReview(
                organisation_id=campaign.organisation_id,
                campaign=campaign,
                account=account,
                reviewer=reviewers.get(account.application_id),
            ),
            acting_user,
        )
        created += 1
    campaign.status = CampaignStatus.OPEN
    campaign.row_version += 1
    save_as(campaign, acting_user)
    return created


@transaction.atomic
def review_decide(*, review: AccessReview, decision: str, on: date, acting_user: User | None) -> AccessReview:
    """Records a decision; a revoked account is marked disabled in the inventory."""
    review.decision, review.decided_on = decision, on
    save_as(review, acting_user)
    if decision == ReviewDecision.REVOKED and review.account.is_enabled:
        review.account.is_enabled = False
        review.account.row_version += 1
        save_as(review.account, acting_user)
    return review


def reminders_due(campaign: AccessReviewCampaign, today: date) -> dict[Person, list[AccessReview]]:
    """Pending decisions per reviewer that call for a reminder today: from a week before the due
    date, and at most once a week per decision."""
    if campaign.status != CampaignStatus.OPEN or today < campaign.due_on - timedelta(days=REMINDER_LEAD_DAYS):
        return {}
    due = defaultdict(list)
    pending = campaign.reviews.filter(decision=ReviewDecision.PENDING, reviewer__isnull=False).select_related(
        "reviewer", "account__application"
    )
    for review in pending:
        if review.last_reminded_on and review.last_reminded_on > today - timedelta(days=REMINDER_INTERVAL_DAYS):
            continue
        due[review.reviewer].append(review)
    return dict(due)


@transaction.atomic
def reminders_mark_sent(*, reviews: list[AccessReview], on: date) -> None:
    # Not journaled: a reminder is not a change of the decision.
    AccessReview.objects.filter(pk__in=[r.pk for r in reviews]).update(last_reminded_on=on)


def progress_by_application(campaign: AccessReviewCampaign) -> list[dict]:
    rows = defaultdict(lambda: {"total": 0, "decided": 0, "revoked": 0})
    for review in campaign.reviews.select_related("account__application"):
        row = rows[review.account.application]
        row["total"] += 1
        row["decided"] += review.decision != ReviewDecision.PENDING
        row["revoked"] += review.decision == ReviewDecision.REVOKED
    return [
        {"application": application, **counts, "percent": round(100 * counts["decided"] / counts["total"])}
        for application, counts in sorted(rows.items(), key=lambda pair: pair[0].name)
    ]


@transaction.atomic
def movement_create(
    *, person: Person, kind: str, effective_on: date, acting_user: User | None, notes: str = ""
) -> Movement:
    """An arrival or a departure with its checklist from the template; a departure adds one step
    per enabled application account of the person, to close it."""
    movement = save_as(
        Movement(
            organisation_id=person.organisation_id, person=person, kind=kind, effective_on=effective_on, notes=notes
        ),
        acting_user,
    )
    steps = [(category, label, days) for k, category, label, days in CHECKLIST_TEMPLATE if k == kind]
    if kind == "depart":
        for grant in AccountGrant.objects.filter(person=person, is_enabled=True).select_related("application"):
            steps.append((ChecklistCategory.ACCOUNT, f"Fermer le compte « {grant.login} » de {grant.application}", 0))
    for category, label, days in steps:
        save_as(
            ChecklistItem(
                organisation_id=person.organisation_id,
                movement=movement,
                category=category,
                label=label,
                due_on=effective_on + timedelta(days=days),
            ),
            acting_user,
        )
    return movement


def reminders_send(*, today: date) -> int:
    """Mails each reviewer with decisions pending in an open review (from a week before its due
    date, weekly): how many accounts per application, and where to decide. Returns the mails sent.
    The mail names applications and counts, never the accounts: it leaves the application."""
    from django.core.mail import send_mail

    sent = 0
    for campaign in AccessReviewCampaign.objects.filter(status=CampaignStatus.OPEN):
        for reviewer, reviews in reminders_due(campaign, today).items():
            if not reviewer.email:
                continue
            counts = defaultdict(int)
            for review in reviews:
                counts[str(review.account.application)] += 1
            lines = "\n".join(f"- {name} : {count} compte(s)" for name, count in sorted(counts.items()))
            due = f"{campaign.due_on:%d/%m/%Y}"
            send_mail(
                f"Revue des accès : {len(reviews)} compte(s) à confirmer ou révoquer avant le {due}",
                f"Bonjour,\n\nLa revue « {campaign} » attend vos décisions :\n{lines}\n\n"
                "Décidez dans Gouvernail, menu Conformité > Revues des accès.\n",
                None,
                [reviewer.email],
            )
            reminders_mark_sent(reviews=reviews, on=today)
            sent += 1
    return sent
