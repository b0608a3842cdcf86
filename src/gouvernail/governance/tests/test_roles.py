"""Governance roles (missions, holders) and the RACI matrix: domains × roles."""

import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role as AccountRole
from gouvernail.governance.models import RaciAssignment
from gouvernail.governance.raci import raci_matrix
from gouvernail.governance.services import raci_matrix_save
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import make_raci, make_role
from gouvernail.testing.factories.steering import make_action, make_axis
from gouvernail.testing.factories.vendors import make_vendor
from gouvernail.testing.helpers import read_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(org):
    """Two domains, three roles (a person, a vendor, nobody yet), two cells, one illustrative."""
    cyber = make_axis(org, "Cybersécurité", position=1)
    governance = make_axis(org, "Gouvernance & pilotage SI", position=2)
    referent = make_role(org, "Référent SI", short_name="RSI", position=1, missions="Coordination\nAppui terrain")
    referent.holder_people.add(make_person(org, "Bodet", first_name="Cédric"))
    rssi = make_role(org, "RSSI", position=2)
    vendor = make_role(org, "Prestataire d'infogérance", short_name="Presta.", position=3)
    vendor.holder_vendors.add(make_vendor(org, "Infogérance Ouest"))
    make_raci(cyber, referent, "R")
    make_raci(governance, referent, "A", is_illustrative=True)
    return {"cyber": cyber, "governance": governance, "referent": referent, "rssi": rssi, "vendor": vendor}


def test_the_matrix_has_a_row_per_domain_and_a_column_per_role(org, grid):
    make_action(org, 1, axis=grid["cyber"])

    matrix = raci_matrix(org)

    assert [role.heading for role in matrix.roles] == ["RSI", "RSSI", "Presta."]
    assert [row.axis.name for row in matrix.rows] == ["Cybersécurité", "Gouvernance & pilotage SI"]
    assert [c.responsibility if c else None for c in matrix.rows[0].cells] == ["R", None, None]
    assert matrix.rows[0].action_count == 1 and matrix.has_illustrative


def test_saving_the_matrix_writes_the_changed_cells_only_and_drops_the_illustrative_label(org, grid, users):
    referent_user = users[AccountRole.REFERENT_SI]
    cyber, governance = grid["cyber"].pk, grid["governance"].pk
    referent, rssi, vendor = grid["referent"].pk, grid["rssi"].pk, grid["vendor"].pk

    changed = raci_matrix_save(
        organisation=org,
        cells={(cyber, referent): "R", (cyber, rssi): "A", (cyber, vendor): "C", (governance, referent): "AR"},
        acting_user=referent_user,
    )

    assert changed == 3
    cell = RaciAssignment.objects.get(axis=governance, role=referent)
    assert (cell.responsibility, cell.is_illustrative) == ("AR", False)
    assert cell.history.first().history_user == referent_user


def test_two_roles_answering_for_one_domain_are_refused_naming_it_and_nothing_is_written(org, grid):
    cells = {(grid["cyber"].pk, grid["rssi"].pk): "C", (grid["cyber"].pk, grid["vendor"].pk): "A"}
    cells[(grid["cyber"].pk, grid["referent"].pk)] = "AR"

    with pytest.raises(ValidationError, match="Domaine « Cybersécurité » : un seul rôle rend compte"):
        raci_matrix_save(organisation=org, cells=cells, acting_user=None)

    assert RaciAssignment.objects.count() == 2


def test_an_unknown_letter_is_refused_naming_the_domain_and_the_role(org, grid):
    with pytest.raises(
        ValidationError, match="« X » n'est pas une responsabilité .* domaine « Cybersécurité », rôle « RSSI »"
    ):
        raci_matrix_save(organisation=org, cells={(grid["cyber"].pk, grid["rssi"].pk): "X"}, acting_user=None)


def test_a_domain_of_another_organisation_is_refused(org, other_org, grid):
    foreign = make_axis(other_org, "Cybersécurité")

    with pytest.raises(ValidationError, match="n'appartient pas à l'organisation"):
        raci_matrix_save(organisation=org, cells={(foreign.pk, grid["rssi"].pk): "I"}, acting_user=None)


def test_the_page_shows_the_missions_the_holders_and_the_illustrative_cells(grid, client_for):
    page = client_for(AccountRole.ELU).get("/gouvernance/raci/").content.decode()

    assert "Coordination" in page and "Bodet" in page and "Infogérance Ouest" in page
    assert "illustratif" in page
    assert "<select" not in page  # read-only for everyone but its editors


def test_the_referent_si_edits_the_matrix_in_place(grid, client_for):
    name = f"cell-{grid['cyber'].pk}-{grid['rssi'].pk}"
    client = client_for(AccountRole.REFERENT_SI)
    assert f'name="{name}"' in client.get("/gouvernance/raci/").content.decode()

    response = client.post("/gouvernance/raci/", {name: "C"})

    assert response.status_code == 302
    assert RaciAssignment.objects.get(axis=grid["cyber"], role=grid["rssi"]).responsibility == "C"


def test_a_refused_matrix_is_shown_again_with_the_french_message(grid, client_for):
    # « Gouvernance » already has the Référent SI as its A.
    name = f"cell-{grid['governance'].pk}-{grid['rssi'].pk}"

    response = client_for(AccountRole.REFERENT_SI).post("/gouvernance/raci/", {name: "A"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rien n&#x27;a été enregistré" in page and "Gouvernance &amp; pilotage SI" in page
    assert '<option value="A" selected>' in page  # what was typed is kept
    assert not RaciAssignment.objects.filter(role=grid["rssi"]).exists()


@pytest.mark.parametrize(
    "role", [AccountRole.DIRECTION, AccountRole.ELU, AccountRole.PRESTATAIRE, AccountRole.AUDITEUR]
)
def test_other_roles_may_not_post_the_matrix(role, grid, client_for):
    name = f"cell-{grid['cyber'].pk}-{grid['rssi'].pk}"

    response = client_for(role).post("/gouvernance/raci/", {name: "R"})

    assert response.status_code == 403
    assert not RaciAssignment.objects.filter(role=grid["rssi"]).exists()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_matrix_exports_as_the_lists_do(export_format, grid, client_for):
    response = client_for(AccountRole.DIRECTION).get(f"/gouvernance/raci/?_export={export_format}")

    header, rows = read_export(response)
    assert header == ["Domaine (axe du plan d'action et de la feuille de route)", "RSI", "RSSI", "Presta."]
    assert rows[0]["RSI"] == "R" and rows[1]["RSI"] == "A (illustratif)"
    assert rows[0]["RSSI"] == ""
