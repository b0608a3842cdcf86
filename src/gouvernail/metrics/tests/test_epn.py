"""The EPN indicators at their edges: a month boundary, a regular visitor, workshops held, and
drill-downs of exactly `count` sessions."""

from datetime import date
from decimal import Decimal

from gouvernail.core.choices import Role
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.testing.factories.epn import make_epn_session

TODAY = date(2026, 11, 28)


def value(code: str, organisation, period: str):
    [found] = get_indicator(code).compute(organisation, Period.parse(period), TODAY)
    records = get_indicator(code).records(organisation, Period.parse(period), TOTAL, TODAY)
    assert records.count() == found.count
    return found


def test_sessions_on_either_side_of_a_month_boundary_count_in_their_own_month(org, other_org):
    make_epn_session(org, date(2026, 9, 30), visitor_key="a")
    make_epn_session(org, date(2026, 10, 1), visitor_key="a")
    make_epn_session(other_org, date(2026, 10, 1), visitor_key="a")

    assert value("epn_seances", org, "2026-09").value == 1
    assert value("epn_seances", org, "2026-10").count == 1


def test_a_regular_visitor_counts_once_in_the_month(org):
    for day in (5, 12, 19):
        make_epn_session(org, date(2026, 10, day), visitor_key="habitue")
    make_epn_session(org, date(2026, 10, 20), visitor_key="nouveau")

    visitors = value("epn_usagers", org, "2026-10")

    assert (visitors.value, visitors.count) == (Decimal(2), 4)


def test_workshops_held_count_each_day_and_title_once(org):
    for key in "abc":
        make_epn_session(org, date(2026, 10, 6), visitor_key=key, workshop="Word")
    make_epn_session(org, date(2026, 10, 13), workshop="Word")
    make_epn_session(org, date(2026, 10, 13), workshop="Courriel")
    make_epn_session(org, date(2026, 10, 14), workshop="")

    workshops = value("epn_ateliers", org, "2026-10")
    participations = value("epn_participations_ateliers", org, "2026-10")

    assert (workshops.value, workshops.count) == (Decimal(3), 5)
    assert participations.value == 5


def test_the_dashboard_links_the_month_to_its_sessions(org, client_for):
    page = client_for(Role.ELU).get("/tableaux-de-bord/epn/").content.decode()

    assert "/epn/seances/?held_from=" in page


def test_the_dashboard_runs_the_same_number_of_queries_at_two_data_sizes(org, client_for):
    from gouvernail.metrics.tests.test_views import queries_for

    client = client_for(Role.DIRECTION)
    for day in range(1, 4):
        make_epn_session(org, date(2026, 10, day), workshop="Word")
    small = queries_for(client, "/tableaux-de-bord/epn/")
    for day in range(1, 28):
        make_epn_session(org, date(2026, 10, day), visitor_key=str(day), workshop=f"Atelier {day % 3}")

    assert queries_for(client, "/tableaux-de-bord/epn/") == small
