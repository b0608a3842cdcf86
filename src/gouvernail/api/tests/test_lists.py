"""Lists: the page's FilterSet filters, the order is chosen, pages never overlap."""

import pytest

from gouvernail.core.choices import Role
from gouvernail.core.models import Site


@pytest.fixture
def sites(org, ref):
    for name in ("Médiathèque", "École de musique", "Piscine", "Centre technique"):
        Site.objects.create(organisation=org, name=name, city="Bilurien" if name != "Piscine" else "Sablé")
    return Site.objects.filter(organisation=org)


def test_the_page_filters_apply(sites, issue_token, api):
    response = api(issue_token(Role.ELU)[1]).get("/api/sites/", {"q": "sablé"})

    assert [row["name"] for row in response.json()["results"]] == ["Piscine"]


def test_a_filter_of_the_action_plan_applies(ref, issue_token, api):
    client = api(issue_token(Role.ELU)[1])

    matching = client.get("/api/plan-action/", {"status": ref.action.status}).json()["count"]
    other = client.get("/api/plan-action/", {"status": "fait" if ref.action.status != "fait" else "a_etudier"})

    assert (matching, other.json()["count"]) == (1, 0)


def test_the_order_is_chosen_and_pages_do_not_overlap(sites, issue_token, api):
    client = api(issue_token(Role.ELU)[1])

    first = client.get("/api/sites/", {"ordering": "-name", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    names = [row["name"] for page in (first, second, third) for row in page["results"]]
    assert first["count"] == 5
    assert names == sorted(sites.values_list("name", flat=True), reverse=True)
    assert third["next"] is None


def test_an_unknown_order_or_parameter_or_page_is_refused_in_french(sites, issue_token, api):
    client = api(issue_token(Role.ELU)[1])

    ordering = client.get("/api/sites/", {"ordering": "commune"})
    parameter = client.get("/api/sites/", {"ville": "Sablé"})
    page = client.get("/api/sites/", {"page": 99})

    assert ordering.status_code == parameter.status_code == 400
    assert ordering.json()["ordering"][0].startswith("Tri inconnu : commune. Tris possibles : id, name, city")
    assert parameter.json()["ville"][0].startswith("Paramètre inconnu. Paramètres possibles : page, page_size")
    assert page.status_code == 404
    assert page.json()["detail"] == "Page non valide."


def test_a_bad_filter_value_is_a_400_naming_the_filter(ref, issue_token, api):
    response = api(issue_token(Role.ELU)[1]).get("/api/plan-action/", {"status": "inconnu"})

    assert response.status_code == 400
    assert response.json()["status"][0].startswith("Sélectionnez un choix valide")


def test_the_index_names_every_endpoint(ref, issue_token, api):
    index = api(issue_token(Role.ELU)[1]).get("/api/").json()

    assert index["sites"] == "http://testserver/api/sites/"
    assert "plan-action" in index and "mesures" in index and "decisions/registre" in index


@pytest.mark.parametrize("prefix", ["contrats", "plan-action", "contacts-prestataires", "applications"])
def test_a_list_costs_the_same_queries_for_many_rows_as_for_one(prefix, org, ref, issue_token, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(issue_token(Role.ADMIN)[1])
    client.get("/api/")  # the token's first use of the minute writes its « dernière utilisation »
    with CaptureQueriesContext(connection) as one:
        client.get(f"/api/{prefix}/")
    for number in range(2, 6):
        make_referentiel_rows(org, prefix, number)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(f"/api/{prefix}/").json()["results"]

    assert len(rows) == 5
    assert len(many) == len(one)


def make_referentiel_rows(org, prefix: str, number: int) -> None:
    """One more row of the list, with its own vendor (a related row the list must not fetch one by one)."""
    from gouvernail.testing.factories.applications import make_application
    from gouvernail.testing.factories.steering import make_action
    from gouvernail.testing.factories.vendors import make_contact, make_contract, make_vendor

    vendor = make_vendor(org, f"Prestataire {number}")
    if prefix == "contrats":
        make_contract(org, vendor, f"2026-{number:02d}")
    elif prefix == "plan-action":
        make_action(org, number, title=f"Action {number}")
    elif prefix == "contacts-prestataires":
        make_contact(org, vendor)
    else:
        make_application(org, f"Application {number}", vendor=vendor)
