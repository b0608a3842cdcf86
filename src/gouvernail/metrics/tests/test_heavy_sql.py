"""The service-load aggregates in SQL give exactly what an independent reading gives, on messy
data: opening and resolution times around the changes of hour, at 22 h and 23 h UTC (the local
day is already the next one), sentinel dates of year 9999, requests « resolved » before being
opened, requests without a service or a category.

The reference reads the raw rows with plain SQL and computes in Python with zoneinfo — no ORM
function of the code under test."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from gouvernail.metrics.businessdays import business_days
from gouvernail.metrics.indicators.service_load import processing_time_compute, weighted_median
from gouvernail.metrics.localdays import LocalDays, cut_points, local_days
from gouvernail.metrics.periods import Period
from gouvernail.servicedesk.filtersets import RECURRENCE_WINDOW_DAYS, local_midnight, recurring_requests
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.core import make_service

PARIS = ZoneInfo("Europe/Paris")

# Instants (UTC) where a naive reading goes wrong: the changes of hour of 2026 (29 March and
# 25 October at 01:00 UTC), the last hours of a UTC day, a leap day, New Year's Eve.
EDGES = [
    datetime(2026, 3, 28, 22, 59, 59, tzinfo=UTC),
    datetime(2026, 3, 28, 23, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC),
    datetime(2026, 3, 29, 22, 0, 0, tzinfo=UTC),
    datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, 0, 500, tzinfo=UTC),
    datetime(2026, 10, 25, 22, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 23, 30, tzinfo=UTC),
    datetime(2024, 2, 28, 23, 15, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 0, tzinfo=UTC),
    datetime(2026, 6, 30, 22, 0, tzinfo=UTC),
    datetime(2026, 9, 30, 21, 59, tzinfo=UTC),
    datetime(2026, 9, 30, 22, 0, tzinfo=UTC),
]
SENTINELS = [datetime(9999, 12, 31, 23, 30, tzinfo=UTC), datetime(9999, 6, 1, 12, 0, tzinfo=UTC)]


def messy_requests(organisation, count: int = 400, seed: int = 22) -> None:
    rng = random.Random(seed)
    services = [make_service(organisation, f"Service {i}") for i in range(3)] + [None]
    rows = []
    for index in range(count):
        kind = rng.random()
        if kind < 0.3:
            opened = rng.choice(EDGES) + timedelta(days=rng.choice((0, 0, -1, -7, -30, -31)))
        elif kind < 0.35:
            opened = rng.choice(SENTINELS)
        else:
            opened = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 365 * 86400))
        roll = rng.random()
        if roll < 0.1:
            resolved = None  # still open (or rejected without a date)
        elif roll < 0.15:
            resolved = opened - timedelta(hours=rng.randint(1, 100))  # « resolved » before opened
        elif roll < 0.25:
            resolved = rng.choice(EDGES)
        elif opened.year < 9999:
            resolved = opened + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
        else:
            resolved = rng.choice(EDGES)  # a sentinel opening, resolved in 2026
        rows.append(
            Request(
                organisation=organisation,
                source="gestsup",
                external_id=str(index),
                opened_at=opened,
                resolved_at=resolved,
                status=rng.choice(("resolue", "rejetee", "cloturee", "en_cours")),
                category=rng.choice(("Messagerie", "Impression", "")),
                subcategory=rng.choice(("", "Boîte pleine")),
                family="support",
                service=rng.choice(services),
            )
        )
    # Exact ties of opening time, same service and category: « strictly before » matters.
    twin = rows[0]
    for suffix in ("a", "b"):
        rows.append(
            Request(
                organisation=organisation,
                source="gestsup",
                external_id=f"twin-{suffix}",
                opened_at=twin.opened_at,
                status="rejetee",
                category="Messagerie",
                subcategory="",
                family="support",
                service=twin.service or services[0],
            )
        )
    Request.objects.bulk_create(rows)


def raw_rows(organisation) -> list[tuple]:
    """(id, opened, resolved, service, category, subcategory) read with plain SQL, as aware UTC."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, opened_at, resolved_at, service_id, category, subcategory FROM servicedesk_request"
            " WHERE organisation_id = %s",
            [organisation.pk],
        )
        rows = cursor.fetchall()

    def aware(value):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    return [(pk, aware(o), aware(r), service, category, sub) for pk, o, r, service, category, sub in rows]


def local_day(instant: datetime) -> date:
    try:
        return instant.astimezone(PARIS).date()
    except OverflowError:
        return date.max


def test_the_cut_points_of_paris_are_the_hours_where_its_local_day_can_change():
    clocks = {str(cut) for cut in cut_points("Europe/Paris")}

    assert {"1:00:00", "22:00:00", "23:00:00"} <= clocks


def test_local_days_grouped_in_sql_are_the_local_days_of_every_row(org):
    messy_requests(org)

    days, grouped = local_days(Request.objects.filter(organisation=org), "opened_at", "resolved_at")
    found: dict = {}
    for row in grouped:
        pair = (days.day(row, "opened_at"), days.day(row, "resolved_at"))
        found[pair] = found.get(pair, 0) + row["n"]

    expected: dict = {}
    for _, opened, resolved, *_ in raw_rows(org):
        pair = (local_day(opened), local_day(resolved) if resolved else None)
        expected[pair] = expected.get(pair, 0) + 1
    assert found == expected


def test_local_days_call_no_python_function_per_row_on_sqlite(org):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's AT TIME ZONE is native SQL already")
    messy_requests(org, count=20)
    days = LocalDays("opened_at")
    queryset = Request.objects.filter(organisation=org).annotate(**days.annotations()).values(*days.names())

    assert "django_" not in str(queryset.query)


def reference_processing_time(organisation, period: Period) -> dict[str, Decimal]:
    start, end = local_midnight(period.start), local_midnight(period.end + timedelta(days=1))
    instants = [
        (opened, resolved)
        for _, opened, resolved, *_ in raw_rows(organisation)
        if resolved is not None and start <= resolved < end
    ]
    pairs = [(local_day(opened), local_day(resolved)) for opened, resolved in instants]
    # Exact durations in days (half a day is 0.5), never below 0.
    calendar = [max(Decimal(int((r - o).total_seconds())), Decimal(0)) / 86400 for o, r in instants]
    business = [business_days(o, r) for o, r in pairs]
    tenth = Decimal("0.1")
    ordered = sorted(calendar)
    middle = (ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2
    return {
        "count": len(pairs),
        "moyenne_calendaire": (sum(calendar) / len(pairs)).quantize(tenth, ROUND_HALF_UP),
        "mediane_calendaire": middle.quantize(tenth, ROUND_HALF_UP),
        "moyenne_ouvree": (Decimal(sum(business)) / len(pairs)).quantize(tenth, ROUND_HALF_UP),
        "mediane_ouvree": weighted_median([(d, 1) for d in business]).quantize(tenth, ROUND_HALF_UP),
    }


@pytest.mark.parametrize("period", ["2026-T1", "2026-T2", "2026-T3", "2026-T4"])
def test_the_processing_time_in_sql_equals_an_independent_reading_of_the_rows(org, period):
    messy_requests(org)
    quarter = Period.parse(period)

    values = {v.key: v for v in processing_time_compute(org, quarter, date(2027, 1, 15))}

    expected = reference_processing_time(org, quarter)
    assert expected["count"] > 10
    for key in ("moyenne_calendaire", "mediane_calendaire", "moyenne_ouvree", "mediane_ouvree"):
        assert (values[key].value, values[key].count) == (expected[key], expected["count"]), key


def reference_recurring(organisation, start: datetime | None = None, end: datetime | None = None) -> set[int]:
    rows = raw_rows(organisation)
    window = timedelta(days=RECURRENCE_WINDOW_DAYS)
    found = set()
    for pk, opened, _, service, category, sub in rows:
        if service is None or category == "":
            continue
        if (start and opened < start) or (end and opened >= end):
            continue
        for _, other, _, other_service, other_category, other_sub in rows:
            if (other_service, other_category, other_sub) == (service, category, sub) and (
                opened - window <= other < opened
            ):
                found.add(pk)
                break
    return found


def test_recurring_requests_by_window_equal_an_independent_pairwise_reading(org):
    messy_requests(org)

    found = set(recurring_requests(Request.objects.filter(organisation=org)).values_list("pk", flat=True))

    expected = reference_recurring(org)
    assert len(expected) > 20
    assert found == expected


def test_recurring_requests_bounded_to_a_quarter_equal_the_reading_of_that_quarter(org):
    messy_requests(org)
    first, last = date(2026, 4, 1), date(2026, 6, 30)
    queryset = Request.objects.filter(
        organisation=org,
        opened_at__gte=local_midnight(first),
        opened_at__lt=local_midnight(last + timedelta(days=1)),
    )

    found = recurring_requests(queryset, organisation_id=org.pk, opened_from=first, opened_to=last)

    expected = reference_recurring(org, local_midnight(first), local_midnight(last + timedelta(days=1)))
    assert set(found.values_list("pk", flat=True)) == expected


def test_a_request_exactly_thirty_days_after_the_previous_one_recurs_and_one_microsecond_later_does_not(org):
    service = make_service(org, "Finances")
    base = timezone.make_aware(datetime(2026, 3, 1, 9, 0, 0, 250000))
    for external_id, opened in (
        ("1", base),
        ("2", base + timedelta(days=30)),
        ("3", base + timedelta(days=70)),
        ("4", base + timedelta(days=100)),
        ("5", base + timedelta(days=130, microseconds=1)),
    ):
        Request.objects.create(
            organisation=org,
            source="gestsup",
            external_id=external_id,
            opened_at=opened,
            status="resolue",
            category="Messagerie",
            family="support",
            service=service,
        )

    found = recurring_requests(Request.objects.filter(organisation=org)).values_list("external_id", flat=True)

    assert sorted(found) == ["2", "4"]
