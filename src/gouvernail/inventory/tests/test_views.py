"""Equipment pages: bad input gets French form errors, never a 500; a new device is found by search."""

import pytest

from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_person, make_service, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.helpers import form_errors

INVALID_CHOICE = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


def equipment_data(**overrides) -> dict:
    data = {
        "family": "pc_portable",
        "name": "PC-COMPTA-07",
        "serial": "5CG1234XYZ",
        "manufacturer": "HP",
        "model": "ProBook 450 G8",
        "purchase_date": "2023-03-15",
        "condition": "reconditionne",
        "state": "en_service",
        "os_name": "Windows 11 Professionnel",
        "os_version": "10.0.22631",
        "antivirus_status": "a_jour",
    }
    return {**data, **overrides}


def test_an_equipment_created_through_the_page_is_found_by_search(org, editor):
    site = make_site(org, "Pôle comptable")
    make_equipment(org, "PC-ACCUEIL-01")

    created = editor.post("/parc/ajouter/", equipment_data(site=site.pk))
    found = editor.get("/parc/?q=compta+probook")
    not_found = editor.get("/parc/?q=compta+lenovo")

    equipment = Equipment.objects.get(name="PC-COMPTA-07")
    assert created.status_code == 302
    assert created["Location"] == f"/parc/{equipment.pk}/"
    assert (equipment.organisation, equipment.site, equipment.os_class) == (org, site, OsClass.WINDOWS_11)
    assert list(found.context["table"].data) == [equipment]
    assert "PC-COMPTA-07" in found.content.decode()
    assert list(not_found.context["table"].data) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"purchase_date": "31/02/2024"}, {"purchase_date": ["Saisissez une date valide."]}),
        ({"purchase_date": "abc"}, {"purchase_date": ["Saisissez une date valide."]}),
        ({"antivirus_seen": "2024-13-01"}, {"antivirus_seen": ["Saisissez une date valide."]}),
        ({"name": ""}, {"name": ["Ce champ est obligatoire."]}),
        ({"family": ""}, {"family": ["Ce champ est obligatoire."]}),
        (
            {"family": "grille-pain"},
            {"family": ["Sélectionnez un choix valide. grille-pain n’en fait pas partie."]},
        ),
        ({"site": "abc"}, {"site": [INVALID_CHOICE]}),
        ({"site": "999999"}, {"site": [INVALID_CHOICE]}),
        (
            {"purchase_date": "2024-05-01", "warranty_end": "2024-04-30"},
            {"warranty_end": ["La fin de garantie précède la date d'achat."]},
        ),
        (
            {"name": "x" * 121},
            {"name": ["Assurez-vous que cette valeur comporte au plus 120 caractères (actuellement 121)."]},
        ),
        ({"name": "PC\x00NUL"}, {"name": ["Le caractère nul n’est pas autorisé."]}),
    ],
)
def test_a_bad_equipment_gets_french_errors(overrides, expected, editor):
    response = editor.post("/parc/ajouter/", equipment_data(**overrides))

    assert form_errors(response) == expected
    assert not Equipment.objects.exists()


@pytest.mark.parametrize("field", ["site", "service", "assigned_to"])
def test_a_related_row_of_another_organisation_is_an_invalid_choice(field, other_org, editor):
    foreign = {"site": make_site, "service": make_service, "assigned_to": make_person}[field](other_org)

    response = editor.post("/parc/ajouter/", equipment_data(**{field: foreign.pk}))

    assert form_errors(response) == {field: [INVALID_CHOICE]}
    assert not Equipment.objects.exists()


def test_the_add_form_offers_only_the_organisations_sites(org, other_org, editor):
    own, foreign = make_site(org, "Mairie"), make_site(other_org, "Mairie voisine")

    page = editor.get("/parc/ajouter/").content.decode()

    assert f'value="{own.pk}"' in page
    assert "Mairie voisine" not in page
    assert f'<option value="{foreign.pk}"' not in page


@pytest.mark.parametrize("serial", ["5CG1234XYZ", "  5CG1234XYZ  "])
def test_a_duplicate_serial_in_the_organisation_is_refused_on_the_serial_field(serial, org, editor):
    make_equipment(org, "PC-ANCIEN", serial="5CG1234XYZ")

    response = editor.post("/parc/ajouter/", equipment_data(serial=serial))

    assert form_errors(response) == {"serial": ["Un équipement porte déjà ce numéro de série dans l'organisation."]}
    assert Equipment.objects.count() == 1


def test_a_duplicate_serial_is_refused_when_editing_another_equipment(org, editor):
    make_equipment(org, "PC-ANCIEN", serial="5CG1234XYZ")
    other = make_equipment(org, "PC-NEUF", serial="5CG9999AAA")

    response = editor.post(f"/parc/{other.pk}/modifier/", equipment_data(serial="5CG1234XYZ", row_version_seen="1"))

    assert list(form_errors(response)) == ["serial"]
    other.refresh_from_db()
    assert other.serial == "5CG9999AAA"


def test_editing_an_equipment_keeps_its_own_serial(org, editor):
    equipment = make_equipment(org, "PC-COMPTA-07", serial="5CG1234XYZ")

    response = editor.post(f"/parc/{equipment.pk}/modifier/", equipment_data(state="en_stock", row_version_seen="1"))

    assert response.status_code == 302
    equipment.refresh_from_db()
    assert equipment.state == "en_stock"


def test_the_same_serial_in_another_organisation_is_accepted(org, other_org, editor):
    make_equipment(other_org, "PC-VOISIN", serial="5CG1234XYZ")

    response = editor.post("/parc/ajouter/", equipment_data())

    assert response.status_code == 302
    assert Equipment.objects.filter(serial="5CG1234XYZ").count() == 2


def test_several_equipments_without_serial_are_accepted(org, editor):
    make_equipment(org, "ECRAN-01", serial="")

    response = editor.post("/parc/ajouter/", equipment_data(serial=""))

    assert response.status_code == 302
    assert Equipment.objects.filter(serial="").count() == 2


def test_a_form_error_is_tied_to_its_field_for_screen_readers(editor):
    response = editor.post("/parc/ajouter/", equipment_data(purchase_date="31/02/2024"))

    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_purchase_date-erreur"' in page
    assert 'id="id_purchase_date-erreur"' in page


def test_the_windows_generation_cannot_be_forced_through_the_form(editor):
    editor.post(
        "/parc/ajouter/", equipment_data(os_name="Windows 10 Pro", os_version="10.0.19045", os_class="windows_11")
    )

    assert Equipment.objects.get().os_class == OsClass.WINDOWS_10
