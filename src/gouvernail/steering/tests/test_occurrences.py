from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role
from gouvernail.steering.models import ActionItem
from gouvernail.steering.services import occurrence_complete, occurrence_schedule
from gouvernail.testing.factories.steering import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def wifi(org):
    action = make_action(org, 8, title="Renouveler les mots de passe Wifi tous les 6 mois", recurrence_months=6)
    occurrence_schedule(action=action, due_on=date.today() - timedelta(days=3), acting_user=None)
    return action


def test_the_action_s_due_date_follows_its_pending_occurrence_so_a_late_one_counts(org, wifi):
    assert ActionItem.objects.filter(organisation=org).overdue(date.today()).get() == wifi


def test_completing_an_occurrence_schedules_the_next_one_after_the_recurrence(wifi):
    first = wifi.occurrences.get()
    done = date.today() - timedelta(days=1)

    following = occurrence_complete(occurrence=first, done_on=done, acting_user=None)

    first.refresh_from_db()
    wifi.refresh_from_db()
    assert first.done_on == done
    assert following.due_on == done + relativedelta(months=6)
    assert wifi.due_date == following.due_on
    assert not wifi.is_overdue()
    assert wifi.events.filter(comment__startswith="Occurrence du").exists()


def test_an_occurrence_is_done_once_and_not_in_the_future(wifi):
    first = wifi.occurrences.get()

    with pytest.raises(ValidationError, match="dans le futur"):
        occurrence_complete(occurrence=first, done_on=date.today() + timedelta(days=1), acting_user=None)
    occurrence_complete(occurrence=first, done_on=date.today(), acting_user=None)
    with pytest.raises(ValidationError, match="déjà faite"):
        occurrence_complete(occurrence=first, done_on=date.today(), acting_user=None)


def test_a_non_recurring_action_has_no_occurrence(org):
    with pytest.raises(ValidationError, match="n'est pas récurrente"):
        occurrence_schedule(action=make_action(org, 1), due_on=date.today(), acting_user=None)


def test_an_editor_marks_an_occurrence_done_from_its_page(wifi, client_for):
    first = wifi.occurrences.get()
    client = client_for(Role.REFERENT_SI)

    assert "Marquer faite" in client.get(first.get_absolute_url()).content.decode()
    response = client.post(
        f"/plan-action/occurrences/{first.pk}/faite/", {"done_on": date.today().strftime("%d/%m/%Y")}
    )

    assert response.status_code == 302
    assert wifi.occurrences.filter(done_on__isnull=True).count() == 1


def test_a_reader_does_not_see_the_button(wifi, client_for):
    page = client_for(Role.ELU).get(wifi.occurrences.get().get_absolute_url()).content.decode()

    assert "Marquer faite" not in page
