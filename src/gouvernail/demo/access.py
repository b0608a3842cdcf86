"""Accounts, the access review and departures of the demo (all synthetic, labelled as such).

The study's roadmap asks for « inventaire complet des comptes et droits » and « procédures
arrivées / départs »: the demo holds the accounts of three applications of the map (the
administrators first), this year's review opened a month ago and half done, and two departures
of agents who have left, with their checklists. Dates are relative to the load date.
"""

from datetime import date, timedelta

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem
from gouvernail.access.services import campaign_open, movement_create, review_decide
from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation, Person
from gouvernail.demo.records import persist, synthetic_note

# Application → (services whose agents hold an account, how many of them, role).
ACCOUNTS = {
    "Berger-Levrault": (("Finances et comptabilité", "Ressources humaines"), 8, "Gestionnaire"),
    "iNoé": (("Pôle enfance-jeunesse",), 10, "Animateur — pointage"),
    "GestSup": (("Direction générale des services",), 2, "Technicien"),
}


def build_access(organisation: Organisation, reference_date: date) -> int:
    applications = {a.name: a for a in Application.objects.filter(organisation=organisation)}
    people = Person.objects.filter(organisation=organisation, kind="agent").exclude(email="")
    referent = people.filter(function__icontains="référent").first()
    reviewers = {}
    count = 0
    for name, (services, size, role) in ACCOUNTS.items():
        application = applications.get(name)
        if application is None:
            continue
        holders = list(people.filter(service__name__in=services, is_active=True).order_by("pk")[:size])
        if holders:
            reviewers[application.pk] = holders[0]
        if referent is not None:
            holders = [referent, *[p for p in holders if p.pk != referent.pk]]
        for index, person in enumerate(holders):
            persist(
                AccountGrant(
                    organisation=organisation,
                    application=application,
                    person=person,
                    login=person.email,
                    role="Administrateur" if index == 0 else role,
                    is_admin=index == 0,
                )
            )
            count += 1
    departed = list(people.filter(is_active=False).order_by("pk")[:2])
    inoe = applications.get("iNoé")
    if inoe is not None and departed:
        # Left, but the account was never closed: what the review and the checklist are for.
        persist(AccountGrant(organisation=organisation, application=inoe, person=departed[0], login=departed[0].email))
    campaign = persist(
        AccessReviewCampaign(
            organisation=organisation,
            name=f"Revue annuelle des accès {reference_date.year} (démonstration)",
            year=reference_date.year,
            starts_on=reference_date - timedelta(days=30),
            due_on=reference_date + timedelta(days=15),
        )
    )
    campaign_open(campaign=campaign, reviewers=reviewers, acting_user=None)
    reviews = list(AccessReview.objects.filter(campaign=campaign).select_related("account__person"))
    for index, review in enumerate(reviews[: len(reviews) // 2]):
        person = review.account.person
        decision = "revoque" if person is not None and not person.is_active else "confirme"
        review_decide(
            review=review, decision=decision, on=reference_date - timedelta(days=20 - index % 10), acting_user=None
        )
    for offset, person in zip((25, 3), departed, strict=False):
        movement = movement_create(
            person=person,
            kind="depart",
            effective_on=reference_date - timedelta(days=offset),
            notes=synthetic_note(),
            acting_user=None,
        )
        # The older departure is partly done: equipment back, transfer made; the account still open.
        for item in ChecklistItem.objects.filter(movement=movement, category="equipement"):
            item.done_on = movement.effective_on
            item.save()
    return count
