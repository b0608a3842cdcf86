"""A period the source covers only in part — its data start in the middle of that month, quarter
or year — is marked « période partielle » in the trends, in the chart and in its table, from the
first day of the data themselves, never from a date written in the code."""

from datetime import date, datetime, time

import pytest
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from gouvernail.metrics.models import Measurement
from gouvernail.metrics.pages import DashboardPage
from gouvernail.metrics.periods import Coverage, Period
from gouvernail.metrics.registry import TOTAL, get_dashboard
from gouvernail.metrics.services import measurements_history
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.servicedesk import make_request

TODAY = date(2026, 11, 28)


def opened(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


WEEKDAYS = frozenset(range(5))  # a service desk: Monday to Friday
TUESDAY_TO_SATURDAY = frozenset(range(1, 6))  # an EPN closed on Mondays


@pytest.mark.parametrize(
    ("period", "first_day", "weekdays", "partial"),
    [
        ("2026-09", date(2026, 9, 15), WEEKDAYS, True),
        ("2026-09", date(2026, 9, 1), WEEKDAYS, False),  # the 1st: the whole month
        ("2026-11", date(2026, 11, 2), WEEKDAYS, False),  # Sunday 1st, Monday 2nd: nothing was missed
        ("2026-11", date(2026, 11, 3), WEEKDAYS, True),
        ("2026-T3", date(2026, 9, 15), WEEKDAYS, True),
        ("2026-T4", date(2026, 9, 15), WEEKDAYS, False),  # data before the quarter: complete
        ("2026", date(2026, 1, 2), WEEKDAYS, False),  # 1 January is a holiday
        ("2026", date(2026, 3, 2), WEEKDAYS, True),
        ("2025-12", date(2025, 12, 2), TUESDAY_TO_SATURDAY, False),  # Monday 1st: closed
        ("2025-12", date(2025, 12, 2), WEEKDAYS, True),
    ],
)
def test_it_marks_a_partial_first_period(period, first_day, weekdays, partial):
    coverage = Coverage(first_day, weekdays)

    assert (coverage.partial_from(Period.parse(period)) == first_day) is partial


def trend(sections, code: str) -> dict:
    return next(w for s in sections for w in s["widgets"] if w["kind"] == "trend" and w["indicator"].code == code)


def test_the_requests_trends_mark_the_month_and_the_quarter_where_the_data_start(org):
    for index, day in enumerate([date(2026, 9, 15), date(2026, 9, 20), date(2026, 10, 5), date(2026, 10, 6)]):
        make_request(org, f"R{index}", opened_at=opened(day))
    measurements_history(organisation=org, since=date(2026, 9, 1), today=TODAY)
    first = timezone.localdate(Request.objects.filter(organisation=org).aggregate(f=Min("opened_at"))["f"])
    cache.clear()

    sections = DashboardPage(get_dashboard("charge-service-si"), org, TODAY).build()

    monthly = {row.label: row.text for row in trend(sections, "demandes_mois")["rows"]}
    assert monthly[f"septembre 2026 — période partielle (données à partir du {first:%d/%m/%Y})"] == "2"
    assert monthly["octobre 2026"] == "2"  # the months after are complete
    quarterly = trend(sections, "demandes_trimestre")
    labels = [row.label for row in quarterly["rows"]]
    assert f"3e trimestre 2026 — période partielle (données à partir du {first:%d/%m/%Y})" in labels
    assert "2026 T3 (période partielle)" in quarterly["svg"]  # under its bar in the chart
    assert "période partielle" in quarterly["svg"].split("</title>", 1)[0]  # and in the chart's name
    stored = Measurement.objects.get(organisation=org, code="demandes_mois", period_key="2026-09", dimension_key=TOTAL)
    assert stored.data_from == first


def test_a_source_starting_on_the_first_working_day_marks_nothing(org):
    make_request(org, "R1", opened_at=opened(date(2026, 9, 1)))
    measurements_history(organisation=org, since=date(2026, 9, 1), today=TODAY)
    cache.clear()

    sections = DashboardPage(get_dashboard("charge-service-si"), org, TODAY).build()

    assert not [r for r in trend(sections, "demandes_mois")["rows"] if "partielle" in r.label]
    assert "partielle" not in trend(sections, "demandes_mois")["svg"]


def test_the_epn_trend_reads_the_weekdays_it_opens_from_its_sessions(org):
    from gouvernail.epn.models import EpnSession
    from gouvernail.testing.factories.epn import make_epn_session

    # Open Tuesday to Saturday from Tuesday 2 June 2026 (Monday 1st: closed): June is complete.
    for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16):
        make_epn_session(org, held_on=date(2026, 6, day))
    measurements_history(organisation=org, since=date(2026, 6, 1), today=TODAY)
    assert not EpnSession.objects.filter(organisation=org, held_on__week_day=2).exists()  # no Monday
    cache.clear()

    sections = DashboardPage(get_dashboard("epn"), org, TODAY).build()

    rows = {row.label: row.text for row in trend(sections, "epn_seances")["rows"]}
    assert rows["juin 2026"] == "11"


def test_a_partial_month_a_year_before_is_said_and_not_compared(org):
    make_request(org, "R1", opened_at=opened(date(2024, 11, 18)))
    make_request(org, "R2", opened_at=opened(date(2025, 11, 10)))
    measurements_history(organisation=org, since=date(2024, 11, 1), today=TODAY, codes={"demandes_mois"})
    cache.clear()

    monthly = trend(DashboardPage(get_dashboard("charge-service-si"), org, TODAY).build(), "demandes_mois")

    # Beside the same month a year before: the last 12 months, November 2025 first.
    november = next(row for row in monthly["rows"] if row.label == "novembre 2025")
    assert november.extra == ["1 (période partielle)", "non comparable"]
    assert "nov. 25 (un an avant : période partielle)" in monthly["svg"]
