"""E-mail reminders with a frozen clock (`now=` passed explicitly) and Django's locmem backend:
each is sent once, to the right people, as they chose."""

import io
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import User
from gouvernail.reports.choices import ReminderKind
from gouvernail.reports.models import ReminderLog, ReminderPreference
from gouvernail.reports.reminders import copil_pack_ready, reminders_send_due
from gouvernail.testing.factories.core import make_membership, make_person
from gouvernail.testing.factories.governance import make_committee, make_meeting
from gouvernail.testing.factories.steering import make_action
from gouvernail.testing.factories.vendors import make_contract, make_vendor

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 7) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def contract(org, users):
    # Starts 01/01/2025 for 36 months with 3 months' notice: notice deadline 30/09/2027.
    return make_contract(org, make_vendor(org), "2025-INF-01")


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_a_notice_deadline_is_announced_at_d90_to_admins_and_it_referents(contract, mailoutbox):
    deadline = contract.notice_deadline

    sent = reminders_send_due(now=at(deadline - timedelta(days=90)))

    assert deadline == date(2027, 9, 30)
    assert len(sent) == 2
    assert recipients(mailoutbox) == ["admin@test.example", "referent_si@test.example"]
    message = mailoutbox[0]
    assert message.subject == "[Gouvernail] Préavis de contrat à anticiper — Communauté de communes de Test"
    assert "2025-INF-01 — Infogérance du parc (Infogérance Ouest)" in message.body
    assert "dénonciation au plus tard le 30/09/2027, dans 90 jour(s)" in message.body
    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {ReminderKind.CONTRACT_NOTICE_90}


def test_d90_and_d30_are_each_sent_once_whatever_the_number_of_runs(contract, mailoutbox):
    deadline = contract.notice_deadline
    runs = [
        deadline - timedelta(days=91),  # too early: nothing
        deadline - timedelta(days=90),
        deadline - timedelta(days=90),  # rerun the same day
        deadline - timedelta(days=60),
        deadline - timedelta(days=30),
        deadline - timedelta(days=30),
        deadline - timedelta(days=29),
    ]

    counts = [len(reminders_send_due(now=at(day))) for day in runs]

    assert counts == [0, 2, 0, 0, 2, 0, 0]
    assert sorted(ReminderLog.objects.values_list("kind", "recipient")) == [
        (ReminderKind.CONTRACT_NOTICE_30, "admin@test.example"),
        (ReminderKind.CONTRACT_NOTICE_30, "referent_si@test.example"),
        (ReminderKind.CONTRACT_NOTICE_90, "admin@test.example"),
        (ReminderKind.CONTRACT_NOTICE_90, "referent_si@test.example"),
    ]
    assert "dans 30 jour(s)" in mailoutbox[-1].body


def test_a_contract_discovered_late_gets_its_d30_reminder_only(contract, mailoutbox):
    reminders_send_due(now=at(contract.notice_deadline - timedelta(days=20)))

    assert set(ReminderLog.objects.values_list("kind", flat=True)) == {ReminderKind.CONTRACT_NOTICE_30}
    assert len(mailoutbox) == 2


def test_a_user_who_declined_contract_notices_gets_none(org, users, contract, mailoutbox):
    ReminderPreference.objects.create(organisation=org, user=users[Role.REFERENT_SI], contract_notices=False)

    reminders_send_due(now=at(contract.notice_deadline - timedelta(days=90)))

    assert recipients(mailoutbox) == ["admin@test.example"]


def test_a_dry_run_sends_and_records_nothing(contract, mailoutbox):
    due = reminders_send_due(now=at(contract.notice_deadline - timedelta(days=90)), dry_run=True)

    assert len(due) == 2
    assert mailoutbox == []
    assert not ReminderLog.objects.exists()


def test_another_organisations_contracts_never_reach_this_organisations_admins(other_org, users, mailoutbox):
    make_membership(other_org, "admin@voisine.example", role=Role.ADMIN)
    foreign = make_contract(other_org, make_vendor(other_org, "Ailleurs"), "2025-VOI-01")

    reminders_send_due(now=at(foreign.notice_deadline - timedelta(days=90)))

    assert recipients(mailoutbox) == ["admin@voisine.example"]


#
# Overdue actions, weekly, to their owner
#


@pytest.fixture
def owner(org):
    """Bernard owns actions and has an account (Direction) linked to his person record."""
    person = make_person(org, "Bernard", first_name="Paul")
    make_membership(org, "paul.bernard@test.example", role=Role.DIRECTION, person=person)
    return person


@pytest.fixture
def overdue(org, owner):
    unlinked = make_person(org, "Sans-compte")
    return [
        make_action(org, 1, title="Sauvegardes externalisées", owner_person=owner, due_date=date(2026, 3, 31)),
        make_action(org, 2, title="Charte informatique", owner_person=owner, due_date=date(2026, 4, 10)),
        make_action(org, 3, title="Action soldée", owner_person=owner, due_date=date(2026, 1, 31), status="fait"),
        make_action(org, 4, title="Action à venir", owner_person=owner, due_date=date(2026, 12, 31)),
        make_action(org, 5, title="Porteur sans compte", owner_person=unlinked, due_date=date(2026, 3, 1)),
    ]


MONDAY = date(2026, 4, 13)


def test_an_owner_gets_one_email_listing_all_their_overdue_actions(overdue, mailoutbox):
    reminders_send_due(now=at(MONDAY))

    [message] = mailoutbox
    assert message.to == ["paul.bernard@test.example"]
    assert message.subject == "[Gouvernail] Vos actions en retard — Communauté de communes de Test"
    assert "1. Sauvegardes externalisées — échéance 31/03/2026" in message.body
    assert "2. Charte informatique — échéance 10/04/2026" in message.body
    assert "soldée" not in message.body and "à venir" not in message.body
    assert "Porteur sans compte" not in message.body


def test_overdue_actions_are_reminded_once_a_week(overdue, mailoutbox):
    days = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=6), MONDAY + timedelta(days=7)]

    counts = [len(reminders_send_due(now=at(day))) for day in days]

    assert counts == [1, 0, 0, 1]
    assert list(ReminderLog.objects.order_by("due_date").values_list("due_date", flat=True)) == [
        MONDAY,
        MONDAY + timedelta(days=7),
    ]


def test_an_owner_who_declined_overdue_reminders_gets_none(org, owner, overdue, mailoutbox):
    user = User.objects.get(email="paul.bernard@test.example")
    ReminderPreference.objects.create(organisation=org, user=user, overdue_actions=False)

    reminders_send_due(now=at(MONDAY))

    assert mailoutbox == []


def test_a_deactivated_account_gets_no_reminder(overdue, mailoutbox):
    User.objects.filter(email="paul.bernard@test.example").update(is_active=False)

    reminders_send_due(now=at(MONDAY))

    assert mailoutbox == []


#
# The COPIL pack is ready
#


def test_the_copil_pack_notice_goes_once_to_readers_who_want_it_not_to_prestataires(org, users, mailoutbox):
    meeting = make_meeting(make_committee(org), "COPIL n° 2", date=date(2026, 6, 16))
    ReminderPreference.objects.create(organisation=org, user=users[Role.ELU], copil_pack=False)

    first = copil_pack_ready(meeting=meeting, now=at(date(2026, 6, 10)))
    again = copil_pack_ready(meeting=meeting, now=at(date(2026, 6, 11)))

    assert (first, again) == (4, 0)
    assert recipients(mailoutbox) == [
        "admin@test.example",
        "auditeur@test.example",
        "direction@test.example",
        "referent_si@test.example",
    ]
    assert "COPIL n° 2" in mailoutbox[0].body


#
# The command
#


def test_the_remind_command_sends_due_reminders_without_printing_addresses(contract, mailoutbox):
    out = io.StringIO()
    frozen = at(contract.notice_deadline - timedelta(days=90))

    with mock.patch("django.utils.timezone.now", return_value=frozen):
        call_command("remind", "--dry-run", stdout=out)
        dry_count = len(mailoutbox)
        call_command("remind", stdout=out)

    assert dry_count == 0
    assert len(mailoutbox) == 2
    assert "2 rappel(s) à envoyer." in out.getvalue()
    assert "2 rappel(s) envoyé(s)." in out.getvalue()
    assert "@" not in out.getvalue()
