"""What a BI tool reads: the catalogue, and every stored value as one flat table — one row per
indicator × period × dimension, its label and unit on the row, nothing of another organisation,
no breakdown by service that today's headcounts might make identifying."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.services import measurements_compute


def read_all(client, url: str, **params) -> list[dict]:
    """Every row of a paginated endpoint, page after page, as a BI connector does."""
    rows, response = [], client.get(url, {"page_size": 7, **params})
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


@pytest.fixture
def measured(org, other_org, ref, other_ref):
    today = timezone.localdate()
    measurements_compute(organisation=org, at=today)
    measurements_compute(organisation=other_org, at=today)
    return today


def test_the_measurements_are_one_flat_row_per_indicator_period_and_dimension(org, measured, issue_token, api):
    rows = read_all(api(issue_token(Role.DIRECTION)[1]), "/api/mesures/")

    stored = Measurement.objects.filter(organisation=org)
    live_only = {i.code for i in registry.indicators() if i.hides_small_groups}
    expected = {
        (m.code, m.period_key, m.dimension_key): m.value
        for m in stored
        if m.code not in live_only or m.dimension_key == "total"
    }
    assert len(rows) == len(expected) > 50
    assert {(r["indicator"], r["period_key"], r["dimension_key"]): Decimal(str(r["value"])) for r in rows} == expected
    first = rows[0]
    indicator = registry.get_indicator(first["indicator"])
    assert first["indicator_label"] == indicator.label
    assert first["unit"] == indicator.unit
    assert date.fromisoformat(first["period_start"]) <= date.fromisoformat(first["period_end"])
    assert all(not isinstance(row[key], dict | list) for row in rows for key in row)


def test_a_breakdown_by_service_is_never_served_from_storage(org, issue_token, api):
    code = next(i.code for i in registry.indicators() if i.hides_small_groups)
    common = {"organisation": org, "code": code, "period_key": "2026-03", "computed_at": timezone.now()}
    dates = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}
    Measurement.objects.create(**common, **dates, dimension_key="total", value=Decimal("12.5"))
    Measurement.objects.create(**common, **dates, dimension_key="42", dimension_label="Finances", value=Decimal("50"))

    rows = api(issue_token(Role.ADMIN)[1]).get("/api/mesures/", {"code": code}).json()["results"]

    assert [(row["dimension_key"], row["value"]) for row in rows] == [("total", 12.5)]


def test_the_measurements_filter_by_indicator_period_and_dates(org, measured, issue_token, api):
    client = api(issue_token(Role.ADMIN)[1])
    some = Measurement.objects.filter(organisation=org, dimension_key="total").first()

    by_code = read_all(client, "/api/mesures/", code=some.code)
    by_period = read_all(client, "/api/mesures/", period_key=some.period_key)
    since = read_all(client, "/api/mesures/", since=(measured + timedelta(days=400)).isoformat())

    assert {row["indicator"] for row in by_code} == {some.code}
    assert {row["period_key"] for row in by_period} == {some.period_key}
    assert since == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"code": "inconnu"}, "code", "Sélectionnez un choix valide."),
        ({"period_key": "2026-13"}, "period_key", "Période « 2026-13 » invalide : mois 13 inexistant."),
        ({"since": "hier"}, "since", "Saisissez une date valide."),
        ({"periode": "2026"}, "periode", "Paramètre inconnu."),
        ({"ordering": "valeur"}, "ordering", "Tri inconnu : valeur."),
    ],
)
def test_a_bad_filter_is_a_400_in_french(org, issue_token, api, params, field, message):
    response = api(issue_token(Role.ADMIN)[1]).get("/api/mesures/", params)

    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)


def test_the_catalogue_gives_every_indicators_definition(users, issue_token, api):
    client = api(issue_token(Role.PRESTATAIRE)[1])

    rows = read_all(client, "/api/indicateurs/")
    one = client.get(f"/api/indicateurs/{rows[0]['code']}/").json()

    assert {row["code"] for row in rows} == {i.code for i in registry.indicators()}
    assert one == rows[0]
    assert one["definition"] == registry.get_indicator(one["code"]).definition
    assert client.get("/api/indicateurs/inconnu/").json() == {
        "detail": "Indicateur inconnu : voyez /api/indicateurs/ pour les codes."
    }


def test_a_prestataire_reads_the_catalogue_but_not_the_measurements(users, issue_token, api):
    client = api(issue_token(Role.PRESTATAIRE)[1])

    assert client.get("/api/indicateurs/").status_code == 200
    assert client.get("/api/mesures/").status_code == 403
