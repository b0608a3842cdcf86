import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.metrics.services import measurements_compute
from gouvernail.testing.factories.servicedesk import make_request


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("kpi", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def last_month_requests(org):
    last_month = Period.month(timezone.localdate()).previous()
    for index in range(3):
        make_request(
            org, str(index), opened_at=timezone.make_aware(datetime.combine(last_month.start, datetime.min.time()))
        )
    return last_month


def test_compute_stores_the_values_and_prints_them_as_a_table(org, last_month_requests):
    output = run("--org", org.slug, "--compute")

    header, *lines = output.splitlines()
    assert header.split()[:4] == ["organisation", "code", "label", "period"]
    row = next(line for line in lines if " demandes_mois " in line)
    assert last_month_requests.key in row and " 3 " in row
    assert Measurement.objects.filter(organisation=org, code="demandes_mois", value=3).exists()


def test_computing_twice_the_same_day_rewrites_the_same_rows(org, last_month_requests):
    measurements_compute(organisation=org)
    first = Measurement.objects.filter(organisation=org).count()

    measurements_compute(organisation=org)

    assert Measurement.objects.filter(organisation=org).count() == first


def test_the_json_format_gives_one_object_per_row(org, last_month_requests):
    rows = json.loads(run("--org", org.slug, "--compute", "--format", "json"))

    row = next(r for r in rows if r["code"] == "demandes_mois")
    assert row == {
        "organisation": org.slug,
        "code": "demandes_mois",
        "label": "Demandes SI du mois",
        "period": last_month_requests.key,
        "dimension": "Ensemble",
        "value": "3",
        "unit": "demandes",
    }


def test_the_csv_format_has_a_header_and_the_same_rows(org, last_month_requests):
    rows = list(csv.DictReader(io.StringIO(run("--org", org.slug, "--compute", "--format", "csv"))))

    assert {"demandes_mois": "3"}.items() <= {r["code"]: r["value"] for r in rows}.items()


def test_without_measurements_the_table_says_how_to_compute_them(org):
    assert "kpi --compute" in run("--org", org.slug)


def test_an_unknown_organisation_is_refused_with_a_french_message(org):
    with pytest.raises(CommandError, match="Aucune organisation"):
        run("--org", "inconnue")


def test_the_csv_format_neutralises_a_dimension_label_that_starts_like_a_formula(org, last_month_requests):
    measurements_compute(organisation=org)
    Measurement.objects.filter(organisation=org).update(dimension_label='=HYPERLINK("https://x.example")')

    rows = list(csv.DictReader(io.StringIO(run("--org", org.slug, "--format", "csv"))))

    assert {row["dimension"] for row in rows} == {'\'=HYPERLINK("https://x.example")'}
    assert all(not row["value"].startswith("'") for row in rows)


#
# History and past periods
#


def opened_on(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def test_compute_since_stores_every_past_month_and_quarter(org):
    today = timezone.localdate()
    start = Period.month(today).shift(-24)
    make_request(org, "ancienne", opened_at=opened_on(start.start))
    make_request(org, "recente", opened_at=opened_on(Period.month(today).previous().start))

    run("--org", org.slug, "--compute", "--since", start.key)

    months = set(
        Measurement.objects.filter(organisation=org, code="demandes_mois").values_list("period_key", flat=True)
    )
    assert months == {Period.month(today).shift(-back).key for back in range(1, 25)}
    assert Measurement.objects.get(organisation=org, code="demandes_mois", period_key=start.key).value == 1
    quarters = Measurement.objects.filter(organisation=org, code="demandes_trimestre").values_list("period_key")
    assert len(quarters) >= 8


def test_period_reads_a_past_month_a_quarter_in_every_format(org):
    make_request(org, "1", opened_at=opened_on(datetime(2025, 11, 5).date()))
    make_request(org, "2", opened_at=opened_on(datetime(2025, 8, 5).date()))
    run("--org", org.slug, "--compute", "--since", "2025-07")

    month = json.loads(run("--org", org.slug, "--period", "2025-11", "--format", "json"))
    quarter = list(csv.DictReader(io.StringIO(run("--org", org.slug, "--period", "2025-T3", "--format", "csv"))))
    table = run("--org", org.slug, "--period", "2025-T4")

    assert {(r["code"], r["value"]) for r in month if r["dimension"] == "Ensemble"} >= {("demandes_mois", "1")}
    assert ("demandes_trimestre", "1") in {(r["code"], r["value"]) for r in quarter}
    assert all(r["period"] == "2025-T3" for r in quarter)
    assert " demandes_trimestre " in table and "2025-T4" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2025-13"), "--period : Période « 2025-13 » invalide : mois 13 inexistant."),
        (("--compute", "--since", "2025-T1"), "--since « 2025-T1 » : attendu un mois, par exemple 2024-01."),
        (("--since", "2024-01"), "--since va avec --compute"),
    ],
)
def test_a_bad_period_is_refused_in_french(org, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run("--org", org.slug, *args)
