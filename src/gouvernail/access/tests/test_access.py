"""Accounts from Entra ID, the annual access review (decisions, reminders, progress, report),
arrivals and departures from the template."""

from datetime import date, timedelta

from gouvernail.access.models import AccessReview, AccountGrant, ChecklistItem
from gouvernail.access.services import (
    accounts_from_directory,
    campaign_open,
    movement_create,
    progress_by_application,
    reminders_due,
    reminders_mark_sent,
    review_decide,
)
from gouvernail.core.choices import Role
from gouvernail.core.models import DirectoryAccount
from gouvernail.testing.factories.access import make_account, make_review_campaign
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.core import make_person


def test_an_application_signed_in_through_entra_gets_its_accounts_from_the_synced_directory(org):
    application = make_application(org, "Microsoft 365")
    active = make_person(org, "Durand", email="durand@test.example")
    gone = make_person(org, "Petit", email="petit@test.example", is_active=False)
    DirectoryAccount.objects.create(organisation=org, person=active, enabled=True)
    DirectoryAccount.objects.create(organisation=org, person=gone, enabled=False)

    written = accounts_from_directory(application=application, acting_user=None)
    again = accounts_from_directory(application=application, acting_user=None)

    grants = {g.login: g.is_enabled for g in AccountGrant.objects.filter(application=application)}
    assert grants == {"durand@test.example": True, "petit@test.example": False}
    assert (written, again) == (2, 0)


def test_opening_a_campaign_puts_every_enabled_account_under_review_with_its_reviewer(org):
    crm, mail = make_application(org, "iNoé"), make_application(org, "Messagerie")
    owner = make_person(org, "Responsable")
    make_account(org, crm, "a")
    make_account(org, mail, "b")
    make_account(org, mail, "c", is_enabled=False)
    campaign = make_review_campaign(org)

    created = campaign_open(campaign=campaign, reviewers={crm.pk: owner}, acting_user=None)

    assert created == 2
    assert campaign.status == "en_cours"
    assert {(r.account.login, r.reviewer_id) for r in campaign.reviews.all()} == {("a", owner.pk), ("b", None)}


def test_a_revoked_account_is_disabled_and_progress_counts_per_application(org):
    crm = make_application(org, "iNoé")
    campaign = make_review_campaign(org)
    make_account(org, crm, "a")
    make_account(org, crm, "b")
    campaign_open(campaign=campaign, reviewers={}, acting_user=None)
    review = campaign.reviews.get(account__login="a")

    review_decide(review=review, decision="revoque", on=date.today(), acting_user=None)

    assert AccountGrant.objects.get(login="a").is_enabled is False
    assert progress_by_application(campaign) == [
        {"application": crm, "total": 2, "decided": 1, "revoked": 1, "percent": 50}
    ]


def test_reminders_start_a_week_before_the_due_date_and_repeat_weekly(org):
    crm = make_application(org, "iNoé")
    owner = make_person(org, "Responsable")
    campaign = make_review_campaign(org, due_on=date(2026, 6, 30))
    make_account(org, crm, "a")
    campaign_open(campaign=campaign, reviewers={crm.pk: owner}, acting_user=None)

    assert reminders_due(campaign, date(2026, 6, 22)) == {}
    due = reminders_due(campaign, date(2026, 6, 23))
    assert list(due) == [owner]
    reminders_mark_sent(reviews=due[owner], on=date(2026, 6, 23))
    assert reminders_due(campaign, date(2026, 6, 29)) == {}
    assert list(reminders_due(campaign, date(2026, 6, 30))) == [owner]


def test_a_decided_review_is_not_reminded(org):
    crm = make_application(org, "iNoé")
    owner = make_person(org, "Responsable")
    campaign = make_review_campaign(org, due_on=date(2026, 6, 30))
    make_account(org, crm, "a")
    campaign_open(campaign=campaign, reviewers={crm.pk: owner}, acting_user=None)
    review_decide(review=AccessReview.objects.get(), decision="confirme", on=date(2026, 6, 1), acting_user=None)

    assert reminders_due(campaign, date(2026, 7, 10)) == {}


def test_a_departure_gets_the_template_steps_and_one_step_per_open_account(org):
    person = make_person(org, "Leroy")
    make_account(org, make_application(org, "iNoé"), "leroy", person=person)
    effective = date(2026, 3, 31)

    movement = movement_create(person=person, kind="depart", effective_on=effective, acting_user=None)

    items = {item.label: item.due_on for item in ChecklistItem.objects.filter(movement=movement)}
    assert items["Désactiver le compte de l'annuaire (Entra ID)"] == effective
    assert items["Supprimer le compte de l'annuaire"] == effective + timedelta(days=90)
    assert items["Fermer le compte « leroy » de iNoé"] == effective


def test_the_campaign_page_shows_progress_and_its_pdf_report_downloads(org, client_for):
    crm = make_application(org, "iNoé")
    make_account(org, crm, "a", is_admin=True)
    campaign = make_review_campaign(org)
    client = client_for(Role.REFERENT_SI)

    client.post(f"/acces/revues/{campaign.pk}/ouvrir/")
    page = client.get(f"/acces/revues/{campaign.pk}/").content.decode()
    report = client.get(f"/acces/revues/{campaign.pk}/rapport.pdf")

    assert "Avancement par application" in page and "0 %" in page
    assert report.content.startswith(b"%PDF")


def test_an_elected_official_and_a_prestataire_do_not_see_accounts(org, client_for):
    make_account(org, make_application(org, "iNoé"), "a")

    assert client_for(Role.ELU).get("/acces/comptes/").status_code == 403
    assert client_for(Role.PRESTATAIRE).get("/acces/comptes/").status_code == 403


def test_the_reminder_command_mails_each_reviewer_once_a_week_without_naming_accounts(org, mailoutbox):
    from django.core.management import call_command

    crm = make_application(org, "iNoé")
    owner = make_person(org, "Responsable", email="responsable@test.example")
    campaign = make_review_campaign(org, due_on=date.today() + timedelta(days=3))
    make_account(org, crm, "secret-login")
    campaign_open(campaign=campaign, reviewers={crm.pk: owner}, acting_user=None)

    call_command("access-reminders")
    call_command("access-reminders")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["responsable@test.example"]
    assert "iNoé : 1 compte(s)" in mailoutbox[0].body
    assert "secret-login" not in mailoutbox[0].body
