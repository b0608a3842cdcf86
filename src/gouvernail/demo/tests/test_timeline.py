"""The demo tells one coherent story whatever day it is loaded (demo/timeline.py).

It is loaded with the clock set just after the study, on a day of its continuation, and the
next year; on each, nothing contradicts the load date: no past meeting still « Prévue », no
future meeting held or with attendance, no committee late, nothing dated after « today », no
roadmap item « Fait » while what it carries is not, and the actions keep the study's statuses.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gouvernail.core.models import User
from gouvernail.demo.loader import load_demo, purge_demo
from gouvernail.governance.models import AcknowledgementCampaign, Committee, Decision, Meeting
from gouvernail.steering.choices import ActionStatus, ProjectStatus, RoadmapItemStatus
from gouvernail.steering.models import ActionEvent, ActionItem, RoadmapItem, StatusReport

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LOAD_DATES = (date(2026, 3, 10), date(2026, 12, 4), date(2027, 9, 15))
STUDY_STATUSES = {
    1: "en_cours",
    2: "en_cours",
    3: "a_valider",
    4: "en_cours",
    5: "en_cours",
    6: "a_etudier",
    7: "a_etudier",
    8: "a_planifier",
    9: "a_etudier",
    10: "a_etudier",
    11: "a_planifier",
    12: "a_planifier",
    13: "a_planifier",
    14: "en_cours",
    15: "a_planifier",
    16: "a_etudier",
    17: "a_planifier",
}


@pytest.fixture(scope="module", params=LOAD_DATES, ids=str)
def loaded(request, django_db_setup, django_db_blocker):
    """The demo loaded with the clock at 10:00 (Paris) on the load date, and that date: one load
    per date for the module, purged after it."""
    today = request.param
    with time_machine.travel(datetime.combine(today, time(10, 0), tzinfo=PARIS), tick=False):
        with django_db_blocker.unblock():
            organisation = load_demo().organisation
        yield organisation, today
        with django_db_blocker.unblock():
            purge_demo()


def test_meetings_before_the_load_date_are_held_and_after_it_planned_without_attendance(loaded):
    organisation, today = loaded
    meetings = Meeting.objects.for_organisation(organisation)

    assert not meetings.filter(date__lt=today, status="prevue").exists()
    assert not meetings.filter(date__gte=today, status="tenue").exists()
    assert not meetings.filter(status="prevue", attendees__isnull=False).exists()
    assert meetings.filter(date__gt=today, committee__name="COPIL SI").exists()


def test_no_committee_is_late_on_the_load_date(loaded):
    organisation, today = loaded

    assert [c.name for c in Committee.objects.for_organisation(organisation) if c.is_overdue(today)] == []


def test_nothing_is_decided_logged_reported_or_acknowledged_after_the_load_date(loaded):
    organisation, today = loaded

    assert not Decision.objects.for_organisation(organisation).filter(decided_on__gt=today).exists()
    assert not ActionEvent.objects.for_organisation(organisation).filter(at__date__gt=today).exists()
    assert not ActionEvent.objects.for_organisation(organisation).filter(author=None).exists()
    assert not StatusReport.objects.for_organisation(organisation).filter(date__gt=today).exists()
    for campaign in AcknowledgementCampaign.objects.for_organisation(organisation):
        assert not campaign.acknowledgements.filter(acknowledged_on__gte=today).exists()


def test_the_decisions_awaited_are_awaited_at_a_coming_meeting(loaded):
    organisation, today = loaded

    for decision in Decision.objects.for_organisation(organisation).pending():
        assert decision.needed_by >= today, decision.question


def test_the_actions_keep_the_studys_statuses(loaded):
    organisation, _ = loaded

    assert dict(ActionItem.objects.for_organisation(organisation).values_list("number", "status")) == STUDY_STATUSES


def test_no_roadmap_item_is_done_while_what_it_carries_is_not(loaded):
    organisation, _ = loaded
    done = RoadmapItem.objects.for_organisation(organisation).filter(status=RoadmapItemStatus.DONE)

    assert not done.filter(actions__isnull=False).exclude(actions__status=ActionStatus.DONE).exists()
    assert not done.filter(projects__isnull=False).exclude(projects__status=ProjectStatus.DONE).exists()


def test_a_planned_meeting_gives_no_quorum_verdict(loaded, client):
    organisation, today = loaded
    planned = Meeting.objects.for_organisation(organisation).filter(status="prevue").first()

    client.force_login(User.objects.get(email="auditeur@gesnois-bilurien.example"))
    page = client.get(planned.get_absolute_url())

    assert page.status_code == 200
    assert "quorum non atteint" not in page.content.decode()
    assert "sera constaté une fois la réunion tenue" in page.content.decode()
