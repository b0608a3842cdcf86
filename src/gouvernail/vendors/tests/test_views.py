"""Vendor, contract and contact pages: bad input gets French form errors, never a 500."""

from datetime import date

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.factories.core import make_membership
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.testing.helpers import form_errors
from gouvernail.vendors.models import Contract, Vendor, VendorContact


@pytest.fixture
def vendor(org):
    return make_vendor(org, "Berger-Levrault")


def contract_data(vendor_row, **overrides) -> dict:
    data = {
        "reference": "2025-BL-01",
        "subject": "Maintenance du logiciel de paie",
        "vendor": vendor_row.pk,
        "start_date": "2025-01-01",
        "duration_months": "36",
        "end_date": "",
        "notice_months": "3",
        "annual_amount_ht": "12000.00",
        "annual_amount_ttc": "14400.00",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def test_a_valid_contract_is_created_with_its_derived_dates(org, vendor, editor):
    response = editor.post("/contrats/ajouter/", contract_data(vendor))

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contrats/{contract.pk}/"
    assert (contract.organisation, contract.end_date, contract.notice_deadline) == (
        org,
        date(2027, 12, 31),
        date(2027, 9, 30),
    )


def test_a_contract_accepts_amounts_with_a_decimal_comma(vendor, editor):
    editor.post("/contrats/ajouter/", contract_data(vendor, annual_amount_ht="12000,50", annual_amount_ttc="14 400,60"))

    contract = Contract.objects.get()
    assert (str(contract.annual_amount_ht), str(contract.annual_amount_ttc)) == ("12000.50", "14400.60")


def test_the_contract_page_shows_dates_and_amounts_the_french_way(vendor, editor):
    editor.post("/contrats/ajouter/", contract_data(vendor))

    page = editor.get(f"/contrats/{Contract.objects.get().pk}/").content.decode()

    assert "31/12/2027" in page
    assert "30/09/2027" in page
    assert "12\xa0000,00" in page or "12 000,00" in page or "12&nbsp;000,00" in page


def test_a_contract_accepts_a_french_date(vendor, editor):
    editor.post("/contrats/ajouter/", contract_data(vendor, start_date="01/07/2025", duration_months="12"))

    assert Contract.objects.get().end_date == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"start_date": "31/02/2024"}, {"start_date": ["Saisissez une date valide."]}),
        ({"start_date": "abc"}, {"start_date": ["Saisissez une date valide."]}),
        ({"start_date": ""}, {"start_date": ["Ce champ est obligatoire."]}),
        (
            {"duration_months": "", "end_date": "2024-02-30"},
            {"end_date": ["Saisissez une date valide.", "Indiquez la durée ou la date de fin du contrat."]},
        ),
        ({"annual_amount_ht": "-1"}, {"annual_amount_ht": ["Le montant ne peut pas être négatif."]}),
        ({"annual_amount_ttc": "-0.01"}, {"annual_amount_ttc": ["Le montant ne peut pas être négatif."]}),
        ({"annual_amount_ht": "douze mille"}, {"annual_amount_ht": ["Saisissez un nombre."]}),
        (
            {"start_date": "2025-06-01", "duration_months": "", "end_date": "2025-05-31"},
            {"end_date": ["La date de fin (31/05/2025) précède la date de début (01/06/2025)."]},
        ),
        (
            {"duration_months": "", "end_date": ""},
            {"end_date": ["Indiquez la durée ou la date de fin du contrat."]},
        ),
        (
            {"duration_months": "0"},
            {
                "duration_months": ["La durée doit être d'au moins un mois."],
                "end_date": ["Indiquez la durée ou la date de fin du contrat."],
            },
        ),
        ({"notice_months": "-1"}, {"notice_months": ["Assurez-vous que cette valeur est supérieure ou égale à 0."]}),
        ({"reference": ""}, {"reference": ["Ce champ est obligatoire."]}),
        ({"vendor": ""}, {"vendor": ["Ce champ est obligatoire."]}),
        (
            {"vendor": "abc"},
            {"vendor": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]},
        ),
        (
            {"start_date": "9999-06-01", "duration_months": "12"},
            {"duration_months": ["La date de fin qui en découle dépasse l'an 9999."]},
        ),
        (
            {"notice_months": "30000"},
            {"notice_months": ["Ce préavis placerait la date limite de dénonciation avant l'an 1."]},
        ),
        (
            {"start_date": "0001-01-01", "duration_months": "", "end_date": "0001-03-01", "notice_months": "3"},
            {"notice_months": ["Ce préavis placerait la date limite de dénonciation avant l'an 1."]},
        ),
    ],
)
def test_a_bad_contract_gets_french_errors(overrides, expected, vendor, editor):
    response = editor.post("/contrats/ajouter/", contract_data(vendor, **overrides))

    assert form_errors(response) == expected
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_duplicate_contract_reference_is_refused_on_the_reference_field(org, vendor, editor):
    make_contract(org, vendor, "2025-BL-01")

    response = editor.post("/contrats/ajouter/", contract_data(vendor, reference="2025-BL-01"))

    assert form_errors(response) == {"reference": ["Un contrat porte déjà cette référence dans l'organisation."]}
    assert Contract.objects.count() == 1


def test_editing_a_contract_keeps_its_own_reference(org, vendor, editor):
    contract = make_contract(org, vendor, "2025-BL-01")

    response = editor.post(
        f"/contrats/{contract.pk}/modifier/", contract_data(vendor, subject="Paie et RH", row_version_seen="1")
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.subject == "Paie et RH"


def test_the_same_contract_reference_in_another_organisation_is_accepted(other_org, vendor, editor):
    make_contract(other_org, make_vendor(other_org), "2025-BL-01")

    response = editor.post("/contrats/ajouter/", contract_data(vendor))

    assert response.status_code == 302
    assert Contract.objects.filter(reference="2025-BL-01").count() == 2


def test_a_vendor_of_another_organisation_is_an_invalid_choice(other_org, vendor, editor):
    foreign = make_vendor(other_org, "Fournisseur voisin")

    response = editor.post("/contrats/ajouter/", contract_data(vendor, vendor=foreign.pk))

    assert form_errors(response) == {
        "vendor": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]
    }
    assert f'value="{foreign.pk}"' not in editor.get("/contrats/ajouter/").content.decode()


#
# Vendors and contacts
#


def vendor_data(**overrides) -> dict:
    return {"name": "Orange Business", "typology": "telecoms", "is_active": "on", **overrides}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"name": ""}, {"name": ["Ce champ est obligatoire."]}),
        ({"typology": "astrologie"}, {"typology": ["Sélectionnez un choix valide. astrologie n’en fait pas partie."]}),
        ({"website": "pas une adresse"}, {"website": ["Saisissez une URL valide."]}),
        ({"name": "Berger-Levrault"}, {"name": ["Un prestataire porte déjà ce nom dans l'organisation."]}),
    ],
)
def test_a_bad_vendor_gets_french_errors(overrides, expected, vendor, editor):
    response = editor.post("/prestataires/ajouter/", vendor_data(**overrides))

    assert form_errors(response) == expected
    assert Vendor.objects.count() == 1


def test_only_prestataire_accounts_of_the_organisation_can_operate_a_vendor(org, other_org, users, editor):
    direction = users[Role.DIRECTION].memberships.get()
    foreign = make_membership(other_org, "presta@voisine.example", role=Role.PRESTATAIRE)
    own = users[Role.PRESTATAIRE].memberships.get()

    refused = [
        editor.post("/prestataires/ajouter/", vendor_data(accounts=[membership.pk]))
        for membership in (direction, foreign)
    ]
    accepted = editor.post("/prestataires/ajouter/", vendor_data(accounts=[own.pk]))

    for response in refused:
        assert list(form_errors(response)) == ["accounts"]
        assert form_errors(response)["accounts"][0].startswith("Sélectionnez un choix valide.")
    assert accepted.status_code == 302
    assert list(Vendor.objects.get().accounts.all()) == [own]


def test_a_contact_of_a_vendor_of_another_organisation_is_refused(other_org, vendor, editor):
    foreign = make_vendor(other_org)

    response = editor.post("/contacts-prestataires/ajouter/", {"vendor": foreign.pk, "role": "support"})

    assert list(form_errors(response)) == ["vendor"]
    assert not VendorContact.objects.exists()


def test_a_contact_with_a_bad_email_gets_a_french_error(vendor, editor):
    response = editor.post(
        "/contacts-prestataires/ajouter/", {"vendor": vendor.pk, "role": "support", "email": "support@"}
    )

    assert form_errors(response) == {"email": ["Saisissez une adresse e-mail valide."]}


def test_the_vendor_page_lists_its_contracts(org, vendor, client_for):
    make_contract(org, vendor, "2025-BL-01")
    make_contract(org, make_vendor(org, "Autre"), "2025-AU-01")

    page = client_for(Role.ELU).get(f"/prestataires/{vendor.pk}/").content.decode()

    assert "2025-BL-01" in page
    assert "2025-AU-01" not in page


def test_the_to_renew_filter_splits_the_contracts(org, vendor, client_for):
    today = date.today()
    end_of_year = date(today.year, 12, 31)
    make_contract(
        org, vendor, "BIENTOT", start_date=date(today.year - 2, 1, 1), duration_months=None, end_date=end_of_year
    )
    make_contract(org, vendor, "PLUS-TARD", start_date=today, duration_months=48)
    client = client_for(Role.DIRECTION)

    listed = client.get("/contrats/?to_renew=true")
    not_listed = client.get("/contrats/?to_renew=false")

    assert [c.reference for c in listed.context["table"].data] == ["BIENTOT"]
    assert [c.reference for c in not_listed.context["table"].data] == ["PLUS-TARD"]
