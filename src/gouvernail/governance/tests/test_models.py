from datetime import date

import pytest

from gouvernail.governance.choices import Capacity, Frequency, MeetingStatus
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import make_committee, make_meeting, make_member

pytestmark = pytest.mark.django_db


def test_a_committee_without_any_held_meeting_has_no_due_date_and_is_not_late(org):
    committee = make_committee(org, frequency=Frequency.MONTHLY)
    make_meeting(committee, date=date(2026, 1, 10), status=MeetingStatus.PLANNED)

    assert committee.next_due() is None
    assert not committee.is_overdue(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("frequency", "due"),
    [
        (Frequency.WEEKLY, date(2026, 1, 17)),
        (Frequency.MONTHLY, date(2026, 2, 10)),
        (Frequency.QUARTERLY, date(2026, 4, 10)),
    ],
)
def test_the_next_meeting_is_due_one_period_after_the_last_held_one(org, frequency, due):
    committee = make_committee(org, frequency=frequency)
    make_meeting(committee, "Ancienne", date=date(2025, 12, 1), status=MeetingStatus.HELD)
    make_meeting(committee, "Dernière", date=date(2026, 1, 10), status=MeetingStatus.HELD)

    assert committee.next_due() == due
    assert not committee.is_overdue(due)
    assert committee.is_overdue(date.fromordinal(due.toordinal() + 1))


def quorum_committee(org, members: int):
    committee = make_committee(org)
    people = [make_person(org, f"Membre {i}") for i in range(members)]
    for person in people:
        make_member(committee, person, Capacity.DGS)
    guest = make_person(org, "Invitée")
    make_member(committee, guest, Capacity.GUEST)
    return committee, people, guest


@pytest.mark.parametrize(("members", "present", "reached"), [(4, 2, False), (4, 3, True), (5, 3, True), (5, 2, False)])
def test_the_quorum_is_more_than_half_of_the_voting_members(org, members, present, reached):
    committee, people, guest = quorum_committee(org, members)
    meeting = make_meeting(committee)
    meeting.attendees.set([*people[:present], guest])

    quorum = meeting.quorum()

    assert quorum == {"members": members, "present": present, "reached": reached}
    assert ("quorum atteint" if reached else "quorum non atteint") in meeting.quorum_display()


def test_a_committee_without_members_never_reaches_quorum(org):
    meeting = make_meeting(make_committee(org))

    assert meeting.quorum() == {"members": 0, "present": 0, "reached": False}
