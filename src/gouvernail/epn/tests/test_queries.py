from datetime import date

import pytest

from gouvernail.epn import queries
from gouvernail.testing.factories.epn import make_epn_session

pytestmark = pytest.mark.django_db


def test_an_empty_organisation_has_no_month(org):
    assert queries.monthly(org) == []
    assert queries.sessions(org) == 0
    assert queries.distinct_visitors(org) == 0


def test_sessions_count_in_the_month_of_their_date(org, other_org):
    make_epn_session(org, date(2026, 1, 31), visitor_key="a", workshop="Word")
    make_epn_session(org, date(2026, 2, 1), visitor_key="a")
    make_epn_session(org, date(2026, 2, 28), visitor_key="b", workshop="Word")
    make_epn_session(org, date(2026, 2, 28), visitor_key="b", workshop="Courriel")
    make_epn_session(org, date(2026, 2, 15), visitor_key="c", workshop="Courriel")
    make_epn_session(other_org, date(2026, 2, 1), visitor_key="z")

    months = {row.month: row for row in queries.monthly(org)}

    assert list(months) == [date(2026, 1, 1), date(2026, 2, 1)]
    january, february = months[date(2026, 1, 1)], months[date(2026, 2, 1)]
    assert (january.sessions, january.visitors, january.workshop_sessions, january.workshops) == (1, 1, 1, 1)
    assert (february.sessions, february.visitors, february.workshop_sessions, february.workshops) == (4, 3, 3, 2)
    assert february.minutes == 240


def test_a_regular_visitor_counts_once_over_the_period(org):
    make_epn_session(org, date(2026, 1, 5), visitor_key="a")
    make_epn_session(org, date(2026, 2, 5), visitor_key="a")

    assert sum(row.visitors for row in queries.monthly(org)) == 2
    assert queries.distinct_visitors(org) == 1
    assert queries.sessions(org, since=date(2026, 2, 1)) == 1


def test_the_monthly_figures_take_one_query(org, django_assert_num_queries):
    for day in range(1, 28):
        make_epn_session(org, date(2025, (day % 12) + 1, day), visitor_key=str(day % 7))

    with django_assert_num_queries(1):
        rows = queries.monthly(org)

    assert sum(row.sessions for row in rows) == 27
