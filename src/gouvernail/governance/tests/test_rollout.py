from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role
from gouvernail.governance.services import governance_event_plan_meeting
from gouvernail.testing.factories.governance import make_committee, make_governance_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(org):
    return make_governance_event(
        make_committee(org, "COPIL SI"),
        planned_on=date.today() + timedelta(days=30),
        agenda_template="Bilan du rythme des COPIL\nTableaux de bord : ce qui sert, ce qui manque\nAjustements",
    )


def test_planning_a_review_creates_its_meeting_with_the_agenda_template(review):
    meeting = governance_event_plan_meeting(event=review, acting_user=None)

    assert (meeting.committee, meeting.date, meeting.title) == (review.committee, review.planned_on, review.title)
    assert [str(item.title) for item in meeting.agenda.order_by("position")] == [
        "Bilan du rythme des COPIL",
        "Tableaux de bord : ce qui sert, ce qui manque",
        "Ajustements",
    ]
    review.refresh_from_db()
    assert review.meeting == meeting


def test_a_review_is_planned_once(review):
    governance_event_plan_meeting(event=review, acting_user=None)

    with pytest.raises(ValidationError, match="est déjà planifiée"):
        governance_event_plan_meeting(event=review, acting_user=None)


def test_the_committee_page_shows_the_next_review_due(review, client_for):
    make_governance_event(review.committee, "Revue à 12 mois", planned_on=review.planned_on + timedelta(days=180))
    make_governance_event(review.committee, "Revue déjà faite", planned_on=date(2026, 1, 5), done_on=date(2026, 1, 5))

    page = client_for(Role.ELU).get(review.committee.get_absolute_url()).content.decode()

    assert f"Revue de la gouvernance à 6 mois : {review.planned_on:%d/%m/%Y}" in page


def test_a_late_review_says_so(org):
    event = make_governance_event(make_committee(org), planned_on=date.today() - timedelta(days=1))

    assert event.committee.next_review_display().endswith("— en retard")


def test_an_editor_plans_the_meeting_from_the_event_page(review, client_for):
    response = client_for(Role.DIRECTION).post(f"/gouvernance/mise-en-oeuvre/{review.pk}/planifier/")

    review.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == review.meeting.get_absolute_url()
