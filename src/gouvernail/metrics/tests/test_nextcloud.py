"""The Nextcloud indicators at their edges: no snapshot, the latest snapshot and the month's last,
the minimum group size, spaces without responsible, and drill-downs of exactly `count` rows."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.collaboration.models import BYTES_PER_GB
from gouvernail.core.choices import Role
from gouvernail.metrics.builders import INSUFFICIENT_GROUP, MISSING
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.collaboration import make_service_usage, make_shared_space, make_snapshot
from gouvernail.testing.factories.core import make_person, make_service
from gouvernail.testing.factories.steering import make_project

TODAY = date(2026, 11, 28)


def values(code: str, organisation, period: Period | None = None) -> dict:
    indicator = get_indicator(code)
    return {v.key: v for v in indicator.compute(organisation, period or indicator.period_for(TODAY), TODAY)}


def check_drilldown(code: str, organisation, key: str = TOTAL, period: Period | None = None) -> int:
    indicator = get_indicator(code)
    period = period or indicator.period_for(TODAY)
    value = values(code, organisation, period)[key]
    assert indicator.records(organisation, period, key, TODAY).count() == value.count
    return value.count


def test_usage_figures_read_the_latest_snapshot_up_to_today(org, other_org):
    make_snapshot(org, date(2026, 10, 31), active_users=70, total_bytes=40 * BYTES_PER_GB)
    make_snapshot(org, date(2026, 11, 27), active_users=82, total_bytes=45 * BYTES_PER_GB + BYTES_PER_GB // 2)
    make_snapshot(org, date(2026, 11, 29), active_users=1)  # after today
    make_snapshot(other_org, date(2026, 11, 28), active_users=5)

    assert values("nextcloud_utilisateurs_actifs", org)[TOTAL].value == 82
    assert values("nextcloud_volume", org)[TOTAL].value == Decimal("45.5")
    assert check_drilldown("nextcloud_utilisateurs_actifs", org) == 1


def test_the_monthly_volume_reads_the_last_snapshot_of_the_month_and_nothing_for_an_empty_month(org):
    make_snapshot(org, date(2026, 9, 30), total_bytes=10 * BYTES_PER_GB)
    make_snapshot(org, date(2026, 10, 1), total_bytes=11 * BYTES_PER_GB)
    make_snapshot(org, date(2026, 10, 31), total_bytes=12 * BYTES_PER_GB)

    october = values("nextcloud_volume_mois", org, Period.parse("2026-10"))[TOTAL]
    august = values("nextcloud_volume_mois", org, Period.parse("2026-08"))[TOTAL]

    assert (october.value, october.count) == (Decimal("12.0"), 1)
    assert (august.value, august.count) == (None, 0)
    assert check_drilldown("nextcloud_volume_mois", org, period=Period.parse("2026-08")) == 0
    assert check_drilldown("nextcloud_volume_mois", org, period=Period.parse("2026-10")) == 1


@pytest.mark.parametrize(("users", "hidden"), [(4, True), (5, False)])
def test_accounts_per_service_hide_a_service_under_five_accounts_and_its_complement(org, users, hidden):
    snapshot = make_snapshot(org, date(2026, 11, 1))
    small = make_service(org, "Petit")
    make_service_usage(snapshot, small, users=users, active_users=users)
    make_service_usage(snapshot, None, users=9, active_users=3)

    per_service = values("nextcloud_comptes_service", org)

    assert (per_service[str(small.pk)].hidden == INSUFFICIENT_GROUP) is hidden
    # « Sans service » shown beside a lone hidden one would give it back from the total.
    assert (per_service[MISSING].hidden == INSUFFICIENT_GROUP) is hidden
    assert per_service[TOTAL].value == users + 9
    if not hidden:
        assert check_drilldown("nextcloud_comptes_service", org, MISSING) == 1
    assert check_drilldown("nextcloud_comptes_service", org) == 2


def test_spaces_count_the_present_ones_by_service_project_and_responsible(org):
    finances, project = make_service(org, "Finances"), make_project(org, "Télécoms")
    make_shared_space(org, "Budget", service=finances, responsible=make_person(org))
    make_shared_space(org, "Paie", service=finances)
    make_shared_space(org, "Télécoms", project=project)
    make_shared_space(org, "Ancien", is_active=False)

    assert values("nextcloud_espaces", org)[TOTAL].value == 3
    assert check_drilldown("nextcloud_espaces_sans_responsable", org) == 2
    assert check_drilldown("nextcloud_espaces_service", org, str(finances.pk)) == 2
    assert check_drilldown("nextcloud_espaces_service", org, MISSING) == 1
    assert check_drilldown("nextcloud_espaces_projet", org, str(project.pk)) == 1
    assert check_drilldown("nextcloud_espaces_projet", org, MISSING) == 2


def test_the_dashboard_links_the_spaces_without_responsible_to_their_list(org, client_for):
    make_shared_space(org, "Paie")

    page = client_for(Role.ELU).get("/tableaux-de-bord/nextcloud/").content.decode()

    assert "/nextcloud/espaces/?is_active=true&amp;without_responsible=true" in page


def grow(organisation, size: int, prefix: str) -> None:
    services = [make_service(organisation, f"{prefix} service {i}") for i in range(size)]
    for index in range(size):
        snapshot = make_snapshot(organisation, date(2026, 1 + index % 10, 1 + index // 10 + (prefix == "B")))
        for service in services:
            make_service_usage(snapshot, service)
        make_shared_space(organisation, f"{prefix} espace {index}", service=services[index])


def test_the_dashboard_runs_the_same_number_of_queries_at_two_data_sizes(org, client_for):
    from gouvernail.metrics.tests.test_views import queries_for

    client = client_for(Role.DIRECTION)
    grow(org, 2, "A")
    small = queries_for(client, "/tableaux-de-bord/nextcloud/")
    grow(org, 8, "B")

    assert queries_for(client, "/tableaux-de-bord/nextcloud/") == small


def user_figures(sections) -> dict[str, set[str]]:
    """{period shown: {values}} of every figure of the page that says it counts « utilisateurs »."""
    figures: dict[str, set[str]] = {}
    for section in sections:
        for widget in section["widgets"]:
            names = f"{widget['title']} {widget['indicator'].unit} {widget['indicator'].label}".lower()
            if "utilisateur" not in names:
                continue
            if widget["kind"] == "number":
                figures.setdefault(widget["period"], set()).add(widget["row"].text)
            elif widget["kind"] == "trend":
                for row in widget["rows"]:
                    if row.text != "—":
                        figures.setdefault(row.label, set()).add(row.text)
            elif widget.get("total"):
                figures.setdefault(widget["period"], set()).add(widget["total"].text)
    return figures


def test_the_dashboard_shows_one_user_total_per_period_and_names_the_accounts_apart(org):
    from django.db.models import Sum

    from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot
    from gouvernail.metrics.pages import DashboardPage
    from gouvernail.metrics.registry import get_dashboard
    from gouvernail.metrics.services import measurements_history

    october = make_snapshot(org, date(2026, 10, 31), active_users=70, total_users=110)
    latest = make_snapshot(org, date(2026, 11, 27), active_users=82, total_users=110)
    for snapshot, active in ((october, (40, 30)), (latest, (50, 32))):
        make_service_usage(snapshot, make_service(org, f"Finances {snapshot.pk}"), users=60, active_users=active[0])
        make_service_usage(snapshot, make_service(org, f"Technique {snapshot.pk}"), users=50, active_users=active[1])
    measurements_history(organisation=org, since=date(2026, 10, 1), today=TODAY)

    sections = DashboardPage(get_dashboard("nextcloud"), org, TODAY).build()

    figures = user_figures(sections)
    assert all(len(shown) == 1 for shown in figures.values()), figures
    active_today = NextcloudSnapshot.objects.filter(organisation=org, taken_on__lte=TODAY).latest("taken_on")
    assert figures["situation au 28/11/2026"] == {str(active_today.active_users)}
    assert figures["octobre 2026"] == {"70"}
    accounts = next(w for s in sections for w in s["widgets"] if w["indicator"].code == "nextcloud_comptes_service")
    assert accounts["title"].startswith("Comptes")
    in_latest = NextcloudServiceUsage.objects.filter(snapshot=active_today).aggregate(n=Sum("users"))["n"]
    assert accounts["total"].text == str(in_latest)
