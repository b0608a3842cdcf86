from datetime import date

import pytest

from gouvernail.collaboration import queries
from gouvernail.collaboration.models import BYTES_PER_GB
from gouvernail.testing.factories.collaboration import make_service_usage, make_shared_space, make_snapshot
from gouvernail.testing.factories.core import make_person, make_service
from gouvernail.testing.factories.steering import make_project

pytestmark = pytest.mark.django_db


def test_an_empty_organisation_has_no_usage_figure(org):
    assert queries.latest_snapshot(org) is None
    assert queries.active_users(org) is None
    assert queries.total_volume_gb(org) is None
    assert queries.users_per_service(org) == []
    assert queries.volume_by_month(org) == []
    assert queries.shared_spaces_count(org) == 0
    assert queries.spaces_without_responsible(org) == 0
    assert queries.spaces_per_service(org) == []


def test_usage_figures_read_the_latest_snapshot_of_the_organisation(org, other_org):
    make_snapshot(org, date(2026, 2, 28), active_users=70, total_bytes=40 * BYTES_PER_GB)
    make_snapshot(org, date(2026, 3, 31), active_users=82, total_bytes=45 * BYTES_PER_GB)
    make_snapshot(other_org, date(2026, 4, 30), active_users=5)

    assert queries.active_users(org) == 82
    assert queries.total_volume_gb(org) == pytest.approx(45)
    assert queries.active_users(org, on=date(2026, 3, 30)) == 70


def test_the_volume_trend_keeps_the_last_snapshot_of_each_month(org):
    make_snapshot(org, date(2026, 1, 31), total_bytes=1)
    make_snapshot(org, date(2026, 2, 1), total_bytes=2)
    make_snapshot(org, date(2026, 2, 28), total_bytes=3)

    trend = [(month, snapshot.total_bytes) for month, snapshot in queries.volume_by_month(org)]

    assert trend == [(date(2026, 1, 1), 1), (date(2026, 2, 1), 3)]


@pytest.mark.parametrize(("users", "hidden"), [(4, True), (5, False)])
def test_users_per_service_hides_a_small_service_and_the_next_smallest_with_it(org, users, hidden):
    snapshot = make_snapshot(org)
    make_service_usage(snapshot, make_service(org, "Petit"), users=users, active_users=1)
    make_service_usage(snapshot, make_service(org, "Moyen"), users=9, active_users=3)
    make_service_usage(snapshot, None, users=12, active_users=3)

    rows = queries.users_per_service(org)

    # Otherwise the snapshot's total minus the services shown would give the small one back.
    assert [(row.label, row.hidden) for row in rows] == [("Moyen", hidden), ("Petit", hidden), ("Sans service", False)]


def test_space_figures_count_current_spaces_only(org, other_org):
    finances, rh = make_service(org, "Finances"), make_service(org, "RH")
    project = make_project(org, "Télécoms")
    make_shared_space(org, "Budget", service=finances, responsible=make_person(org))
    make_shared_space(org, "Paie", service=rh)
    make_shared_space(org, "Télécoms", project=project, size_bytes=5)
    make_shared_space(org, "Ancien", service=finances, is_active=False)
    make_shared_space(other_org, "Voisin")

    assert queries.shared_spaces_count(org) == 3
    assert queries.spaces_without_responsible(org) == 2
    per_service = [(row["name"], row["spaces"]) for row in queries.spaces_per_service(org)]
    assert per_service == [("Finances", 1), ("RH", 1), (None, 1)]
    per_project = [(row["name"], row["spaces"], row["size_bytes"]) for row in queries.spaces_per_project(org)]
    assert per_project == [("Télécoms", 1, 5), (None, 2, 4 * BYTES_PER_GB)]


def test_each_helper_runs_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for month in range(1, 13):
        snapshot = make_snapshot(org, date(2025, month, 28))
        for index in range(5):
            make_service_usage(snapshot, make_service(org, f"S{month}-{index}"))
    for index in range(10):
        make_shared_space(org, f"Espace {index}")

    with django_assert_max_num_queries(9):
        queries.active_users(org)
        queries.total_volume_gb(org)
        queries.users_per_service(org)
        queries.volume_by_month(org)
        queries.shared_spaces_count(org)
        queries.spaces_without_responsible(org)
        queries.spaces_per_service(org)
        queries.spaces_per_project(org)
