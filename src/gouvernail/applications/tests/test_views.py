"""Application map pages: bad input gets French form errors, never a 500."""

import pytest

from gouvernail.applications.models import Application
from gouvernail.core.choices import Role
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.core import make_site
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.testing.helpers import form_errors

SECURITY_SCALE = "Le besoin se note de 1 (faible) à 4 (très fort)."
INVALID_CHOICE = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


@pytest.fixture
def editor(client_for):
    return client_for(Role.ADMIN)


def application_data(**overrides) -> dict:
    data = {
        "name": "Ciril Finances",
        "process": "Exécution budgétaire",
        "sourcing": "marche",
        "hosting": "serveur_site",
        "criticality": "elevee",
        "data_location": "france",
        "need_confidentiality": "2",
        "need_integrity": "3",
        "need_availability": "3",
        "need_traceability": "2",
    }
    return {**data, **overrides}


def test_an_application_is_created_with_its_sites_vendor_and_contract(org, editor):
    site, vendor = make_site(org), make_vendor(org, "Ciril Group")
    contract = make_contract(org, vendor)

    response = editor.post(
        "/applications/ajouter/",
        application_data(sites=[site.pk], vendor=vendor.pk, contract=contract.pk, mfa_available="on", mfa_enabled="on"),
    )

    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.organisation, application.vendor, application.contract) == (org, vendor, contract)
    assert list(application.sites.all()) == [site]
    assert (application.mfa_available, application.mfa_enabled) == (True, True)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"need_confidentiality": "5"}, {"need_confidentiality": [SECURITY_SCALE]}),
        ({"need_availability": "0"}, {"need_availability": [SECURITY_SCALE]}),
        (
            {"need_traceability": "-1"},
            {"need_traceability": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]},
        ),
        ({"need_integrity": "trois"}, {"need_integrity": ["Saisissez un nombre entier."]}),
        (
            {"mfa_enabled": "on"},
            {"mfa_enabled": ["Le MFA ne peut pas être activé s'il n'est pas disponible."]},
        ),
        ({"in_place_since": "31/02/2024"}, {"in_place_since": ["Saisissez une date valide."]}),
        ({"in_place_since": "abc"}, {"in_place_since": ["Saisissez une date valide."]}),
        ({"users_count": "-3"}, {"users_count": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]}),
        ({"name": ""}, {"name": ["Ce champ est obligatoire."]}),
        ({"hosting": "nuage"}, {"hosting": ["Sélectionnez un choix valide. nuage n’en fait pas partie."]}),
        ({"vendor": "999999"}, {"vendor": [INVALID_CHOICE]}),
    ],
)
def test_a_bad_application_gets_french_errors(overrides, expected, editor):
    response = editor.post("/applications/ajouter/", application_data(**overrides))

    assert form_errors(response) == expected
    assert not Application.objects.exists()


def test_a_duplicate_application_name_is_refused_on_the_name_field(org, editor):
    make_application(org, "Ciril Finances")

    response = editor.post("/applications/ajouter/", application_data())

    assert form_errors(response) == {"name": ["Une application porte déjà ce nom dans l'organisation."]}


def test_a_site_of_another_organisation_is_an_invalid_choice(org, other_org, editor):
    own, foreign = make_site(org, "Mairie"), make_site(other_org, "Mairie voisine")

    response = editor.post("/applications/ajouter/", application_data(sites=[own.pk, foreign.pk]))

    errors = form_errors(response)
    assert list(errors) == ["sites"]
    assert errors["sites"][0].startswith("Sélectionnez un choix valide.")
    assert str(foreign.pk) in errors["sites"][0]
    assert not Application.objects.exists()


@pytest.mark.parametrize("field", ["vendor", "contract"])
def test_a_vendor_or_contract_of_another_organisation_is_an_invalid_choice(field, other_org, editor):
    vendor = make_vendor(other_org)
    foreign = vendor if field == "vendor" else make_contract(other_org, vendor)

    response = editor.post("/applications/ajouter/", application_data(**{field: foreign.pk}))

    assert form_errors(response) == {field: [INVALID_CHOICE]}


def test_an_out_of_range_number_of_hours_does_not_break_the_page(editor):
    response = editor.post("/applications/ajouter/", application_data(rto_hours="99999999999"))

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "rto_hours" in response.context["form"].errors


def test_editing_an_application_to_enable_mfa_without_it_being_available_is_refused(org, editor):
    application = make_application(org, "Parapheur")

    response = editor.post(
        f"/applications/{application.pk}/modifier/",
        application_data(name="Parapheur", mfa_enabled="on", row_version_seen="1"),
    )

    assert form_errors(response) == {"mfa_enabled": ["Le MFA ne peut pas être activé s'il n'est pas disponible."]}
    application.refresh_from_db()
    assert application.mfa_enabled is False
    assert application.row_version == 1
