import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gouvernail.core.choices import Role
from gouvernail.core.middleware import SESSION_KEY
from gouvernail.mutualisation.tests.conftest import make_operator, user_in

pytestmark = pytest.mark.django_db

URL = "/mutualisation/"


def signed_in(client, user, organisation):
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


def test_an_operator_user_sees_every_member_side_by_side(client, operator):
    organisation, members = operator
    user = user_in(organisation, email="dgs@agence.example")

    response = signed_in(client, user, organisation).get(URL)

    assert response.status_code == 200
    text = response.content.decode()
    for member in members:
        assert f'data-member="{member.slug}"' in text
    assert "Part des postes Windows migrés" in text and "Couverture MFA" in text and "Sauvegardes vérifiées" in text


def test_a_member_user_sees_nothing_of_the_other_members(client, operator):
    _, (first, second, third) = operator
    user = user_in(second, Role.REFERENT_SI, email="dsi@commune-b.example")

    response = signed_in(client, user, second).get(URL)

    assert response.status_code == 200
    text = response.content.decode()
    assert "ne regroupe aucune organisation membre" in text
    assert first.name not in text and third.name not in text
    export = signed_in(client, user, second).get(URL + "?_export=csv").content.decode()
    assert first.name not in export and third.name not in export


def test_an_operator_user_without_membership_in_a_member_gets_its_figures_but_no_link_into_it(client, operator):
    organisation, (first, second, _) = operator
    user = user_in(organisation, email="dgs@agence.example")
    user_in(first, Role.REFERENT_SI, email="dgs@agence.example")

    text = signed_in(client, user, organisation).get(URL).content.decode()

    assert f'name="organisation" value="{first.slug}"' in text
    assert f'name="organisation" value="{second.slug}"' not in text
    # Its figures are there (w11_taux of the second member is 52,0 %), its rows are not reachable.
    assert "52,0 %" in text


def test_the_drill_down_opens_the_members_dashboard_only_with_a_membership(client, operator):
    organisation, (first, second, _) = operator
    user = user_in(organisation, email="dgs@agence.example")
    user_in(first, Role.REFERENT_SI, email="dgs@agence.example")
    client = signed_in(client, user, organisation)

    opened = client.post("/organisation/changer/", {"organisation": first.slug, "next": "/tableaux-de-bord/copil/"})
    assert opened.status_code == 302 and client.session[SESSION_KEY] == first.pk

    client.post("/organisation/changer/", {"organisation": second.slug, "next": "/tableaux-de-bord/copil/"})
    assert client.session[SESSION_KEY] == first.pk  # refused: no membership in the second member


def test_a_prestataire_of_the_operator_is_refused(client, operator):
    organisation, _ = operator
    user = user_in(organisation, Role.PRESTATAIRE, email="presta@agence.example")

    assert signed_in(client, user, organisation).get(URL).status_code == 403


def test_the_export_holds_the_figures_of_the_page_as_numbers(client, operator):
    organisation, members = operator
    user = user_in(organisation, email="dgs@agence.example")

    response = signed_in(client, user, organisation).get(URL + "?_export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    column = next(i for i, title in enumerate(header) if title.startswith("Demandes SI du mois"))
    assert [row[0] for row in body] == [m.name for m in members] + ["Ensemble des membres"]
    assert [Decimal(row[column]) for row in body] == [10, 20, 30, 60]


def test_the_xlsx_export_opens_with_one_row_per_member(client, operator):
    from openpyxl import load_workbook

    organisation, members = operator
    user = user_in(organisation, email="dgs@agence.example")

    response = signed_in(client, user, organisation).get(URL + "?_export=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [m.name for m in members] + ["Ensemble des membres"]


def test_an_unknown_export_format_is_not_found(client, operator):
    organisation, _ = operator
    user = user_in(organisation, email="dgs@agence.example")

    assert signed_in(client, user, organisation).get(URL + "?_export=exe").status_code == 404


def queries_for(client, size: int, slug: str) -> list[str]:
    organisation, members = make_operator(size, slug=slug)
    user = user_in(organisation, email=f"dgs@{slug}.example")
    for member in members[:2]:
        user_in(member, Role.REFERENT_SI, email=f"dgs@{slug}.example")
    client = signed_in(client, user, organisation)
    client.get(URL)  # charts drawn and cached once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("data-member=") == size
    return [query["sql"] for query in captured.captured_queries]


def test_the_page_runs_as_many_queries_for_twelve_members_as_for_three(client):
    three = queries_for(client, 3, "petite")
    twelve = queries_for(client, 12, "grande")

    assert len(three) == len(twelve)
    assert len(three) <= 8
