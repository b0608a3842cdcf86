"""What a successful run recomputes: everything after a run that wrote, nothing after one that
changed nothing when nothing else was written since today's computation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gouvernail.connectors.tests.source_cases import CASES, SUCCEEDED, configure
from gouvernail.metrics.models import Measurement
from gouvernail.testing.factories.epn import make_epn_session
from gouvernail.testing.factories.steering import make_axis

pytestmark = pytest.mark.django_db


@pytest.fixture
def glpi(org, httpserver, request):
    return configure(CASES[0], org, httpserver, request)


def computed(org) -> set:
    return set(Measurement.objects.filter(organisation=org).values_list("computed_at", flat=True))


def test_a_run_that_changed_nothing_leaves_todays_indicators_as_they_were(glpi, org):
    glpi.run()
    before = computed(org)

    again = glpi.run()

    assert again.status == SUCCEEDED and (again.created_count, again.updated_count, again.deleted_count) == (0, 0, 0)
    assert before and computed(org) == before


def test_an_edit_since_the_last_computation_is_counted_by_a_run_that_changed_nothing(glpi, org):
    glpi.run()
    make_axis(org)

    again = glpi.run()

    assert max(computed(org)) > again.started_at


def test_the_next_day_a_run_that_changed_nothing_recomputes(glpi, org, time_machine):
    glpi.run()
    time_machine.move_to(timezone.now() + timedelta(days=1))

    again = glpi.run()

    assert again.created_count == 0
    assert max(computed(org)) > again.started_at


def test_sessions_imported_since_the_last_computation_are_counted_by_a_run_that_changed_nothing(glpi, org):
    glpi.run()
    make_epn_session(org, held_on=timezone.localdate())

    again = glpi.run()

    assert max(computed(org)) > again.started_at
