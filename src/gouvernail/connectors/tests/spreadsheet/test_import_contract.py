"""The preview / commit contract of a spreadsheet import, on generated messy files."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gouvernail.applications.models import Application
from gouvernail.connectors.models import ImportRecord
from gouvernail.connectors.services import import_file
from gouvernail.connectors.spreadsheet.engine import BATCH_SIZE
from gouvernail.connectors.spreadsheet.rejects import rejects_workbook
from gouvernail.connectors.tests.spreadsheet.files import csv_file, ods, xlsx
from gouvernail.core.models import JournalEntry, Person
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_service, make_site
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.vendors import make_contract, make_vendor
from gouvernail.vendors.models import Contract, Vendor

HEADER = ["Nom du poste", "N° de série", "Type", "Date d'achat", "Fin de garantie", "Site", "Service", "Système"]


@pytest.fixture
def places(org):
    return make_site(org, "Mairie"), make_service(org, "Finances")


def run(org, path, kind="equipment", *, dry_run=False, on_error="refuse", user=None, **kwargs):
    result, record = import_file(
        organisation=org,
        kind=kind,
        path=path,
        file_name=path.name,
        dry_run=dry_run,
        on_error=on_error,
        acting_user=user,
        **kwargs,
    )
    return result, record


def parc(tmp_path, rows, name="parc.xlsx", **kwargs):
    return xlsx(tmp_path / name, [["Parc informatique au 01/01/2024"], [], HEADER, *rows], **kwargs)


def test_the_preview_counts_what_would_be_created_and_writes_nothing(org, places, tmp_path):
    path = parc(tmp_path, [["PC-01", "SN-1", "PC portable", "12/03/2021", "", "Mairie", "Finances", ""]])

    result, record = run(org, path, dry_run=True)

    assert (result.created, result.updated, result.unchanged, result.rejected_count) == (1, 0, 0, 0)
    assert record is None
    assert not Equipment.objects.exists()
    assert not ImportRecord.objects.exists()


def test_it_creates_rows_with_their_relations_resolved_by_name(org, places, users, tmp_path):
    site, service = places
    path = parc(
        tmp_path,
        [
            ["PC-01 ", " SN-1", "PC portable", "12/03/2021", 46000, "mairie", "FINANCES", "Windows 11"],
            [],
            ["SRV-01", 778812, "Serveur", "2020-01-15", "15-01-25", "Mairie", "", "Windows Server 2022"],
        ],
    )

    result, record = run(org, path, user=users["referent_si"])

    assert result.created == 2
    pc = Equipment.objects.get(serial="SN-1")
    assert (pc.name, pc.family, pc.site, pc.service) == ("PC-01", "pc_portable", site, service)
    assert (pc.purchase_date, pc.warranty_end) == (date(2021, 3, 12), date(2025, 12, 9))
    assert Equipment.objects.get(serial="778812").warranty_end == date(2025, 1, 15)
    assert record.created_count == 2 and record.imported_by == users["referent_si"]


def test_rows_written_in_bulk_get_what_the_model_save_would_compute(org, tmp_path):
    path = parc(tmp_path, [["PC-01", "SN-1", "PC fixe", "", "", "", "", "Windows 11"]])
    HEADER.append("Version OS")
    try:
        path = parc(tmp_path, [["PC-01", "SN-1", "PC fixe", "", "", "", "", "Windows", "10.0.22631"]])
    finally:
        HEADER.pop()

    run(org, path)

    imported = Equipment.objects.get()
    assert imported.os_class == "windows_11"
    imported.save()
    imported.refresh_from_db()
    assert imported.os_class == "windows_11"


def test_each_import_is_journaled_with_its_user_and_file(org, places, users, tmp_path):
    path = parc(tmp_path, [["PC-01", "SN-1", "PC portable", "", "", "Mairie", "", ""]])

    run(org, path, user=users["admin"])

    entry = JournalEntry.objects.get(content_type__model="equipment")
    assert entry.user == users["admin"]
    assert entry.reason == "Import de tableur « parc.xlsx »"
    assert entry.changes["site"] == [None, "Mairie"]
    assert JournalEntry.objects.filter(content_type__model="importrecord", object_repr__contains="parc.xlsx").exists()
    pc = Equipment.objects.get()
    assert pc.history.get().history_user == users["admin"]


def test_a_second_import_of_the_same_file_changes_nothing(org, places, tmp_path):
    path = parc(
        tmp_path, [[f"PC-{i}", f"SN-{i}", "PC fixe", "01/02/2022", "", "Mairie", "Finances", ""] for i in range(30)]
    )
    run(org, path)
    journal = JournalEntry.objects.count()

    result, _ = run(org, path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 30)
    assert JournalEntry.objects.count() == journal + 1  # the import record only


def test_it_updates_rows_matched_on_the_serial_number_and_keeps_what_empty_cells_omit(org, places, tmp_path):
    make_equipment(org, "Ancien nom", serial="SN-1", manufacturer="Dell", family="pc_fixe")
    path = parc(tmp_path, [["PC-01", "SN-1", "", "", "", "Mairie", "", ""]])

    result, _ = run(org, path)

    assert (result.created, result.updated) == (0, 1)
    pc = Equipment.objects.get()
    assert (pc.name, pc.manufacturer, pc.family, pc.site.name) == ("PC-01", "Dell", "pc_fixe", "Mairie")
    assert pc.row_version == 2
    entry = JournalEntry.objects.filter(content_type__model="equipment", action="~").get()
    assert entry.changes == {"nom": ["Ancien nom", "PC-01"], "site": [None, "Mairie"]}


def test_equipment_without_a_serial_is_matched_on_its_name(org, tmp_path):
    make_equipment(org, "IMP-ACCUEIL", serial="", family="imprimante")
    path = parc(
        tmp_path,
        [["IMP-ACCUEIL", "", "Imprimante", "", "", "", "", ""], ["IMP-ACCUEIL", "SN-9", "", "", "", "", "", ""]],
    )

    result, _ = run(org, path)

    assert result.rejected_count == 0
    assert Equipment.objects.get().serial == "SN-9"


def test_it_rejects_rows_with_their_row_column_and_a_french_reason(org, places, tmp_path):
    path = parc(
        tmp_path,
        [
            ["PC-01", "SN-1", "PC portable", "31/02/2021", "", "Mairie", "", ""],
            ["PC-02", "SN-2", "Grille-pain", "", "", "Piscine", "", ""],
            ["PC-03", "SN-3", "PC fixe", "01/01/2024", "01/01/2023", "", "", ""],
            ["PC-04", "SN-4", "PC fixe", "", "", "", "", ""],
            ["", "SN-5", "PC fixe", "", "", "", "", ""],
            ["PC-06", "sn-4", "PC fixe", "", "", "", "", ""],
        ],
    )

    result, _ = run(org, path, dry_run=True)

    reasons = {(row.row, column): reason for row in result.rejected for column, reason in row.issues}
    assert reasons[(4, "Date d'achat")] == "Date invalide : « 31/02/2021 » (attendu JJ/MM/AAAA)."
    assert reasons[(5, "Type")].startswith("Valeur « Grille-pain » non reconnue (valeurs possibles : PC fixe")
    assert reasons[(5, "Site")].startswith("« Piscine » n'est pas un site connu de l'organisation")
    assert reasons[(6, "Fin de garantie")] == "La fin de garantie précède la date d'achat."
    assert reasons[(9, "N° de série")] == "Ligne en double : même numéro de série (ou nom à défaut) que la ligne 7."
    assert reasons[(8, "Nom du poste")] == "Ce champ ne peut pas être vide."


def test_the_sites_of_another_organisation_are_unknown(org, other_org, tmp_path):
    make_site(other_org, "Mairie")
    path = parc(tmp_path, [["PC-01", "SN-1", "PC fixe", "", "", "Mairie", "", ""]])

    result, _ = run(org, path, dry_run=True)

    assert result.rejected[0].issues[0][0] == "Site"


def test_in_refuse_mode_an_invalid_row_5000_writes_nothing(org, tmp_path):
    rows = [[f"PC-{i}", f"SN-{i}", "PC fixe", "", "", "", "", ""] for i in range(5200)]
    rows[4996][2] = "Tondeuse"  # row 5 000 of the spreadsheet (title, blank, header above)
    path = parc(tmp_path, rows)

    result, record = run(org, path, on_error="refuse")

    assert result.rejected[0].row == 5000
    assert result.refused
    assert not Equipment.objects.exists()
    assert not JournalEntry.objects.filter(content_type__model="equipment").exists()
    assert (record.status, record.created_count, record.rejected_count) == ("refuse", 0, 1)


def test_in_skip_mode_the_valid_rows_are_written_and_the_rejected_ones_kept_with_their_reason(org, tmp_path):
    path = parc(
        tmp_path, [["PC-01", "SN-1", "PC fixe", "", "", "", "", ""], ["PC-02", "SN-2", "Tondeuse", "", "", "", "", ""]]
    )

    result, record = run(org, path, on_error="skip")

    assert list(Equipment.objects.values_list("name", flat=True)) == ["PC-01"]
    assert record.status == "importe"
    rejected = record.rejections.get()
    assert rejected.row == 5 and rejected.cells[:3] == ["PC-02", "SN-2", "Tondeuse"]
    workbook = load_workbook(
        _save(tmp_path, rejects_workbook(record.headers, [(r.row, r.cells, r.reason) for r in record.rejections.all()]))
    )
    header, line = list(workbook.active.iter_rows(values_only=True))
    assert header[-1] == "motif du rejet" and header[1] == "Nom du poste"
    assert line[0] == 5 and line[-1].startswith("Type : Valeur « Tondeuse » non reconnue")


def _save(tmp_path, content: bytes):
    path = tmp_path / "rejets.xlsx"
    path.write_bytes(content)
    return path


def test_the_queries_of_an_import_are_bounded_per_batch_not_per_row(
    org, places, tmp_path, django_assert_max_num_queries
):
    rows = [
        [f"PC-{i}", f"SN-{i}", "PC fixe", "01/01/2022", "", "Mairie", "Finances", ""] for i in range(3 * BATCH_SIZE)
    ]
    path = parc(tmp_path, rows)

    # Per batch: one bulk insert each for rows, history and journal (SQLite splits a bulk insert
    # every 999 parameters, hence a few statements each); never one query per row.
    with django_assert_max_num_queries(BATCH_SIZE * 3 // 10):
        result, _ = run(org, path)

    assert result.created == 3 * BATCH_SIZE
    # Unchanged rows: the existing keys, the related names, one fetch per batch, the record.
    with django_assert_max_num_queries(15):
        result, _ = run(org, path)
    assert result.unchanged == 3 * BATCH_SIZE


@pytest.mark.parametrize("builder", [ods, csv_file], ids=["ods", "csv"])
def test_ods_and_csv_files_import_like_xlsx(org, places, tmp_path, builder):
    path = builder(
        tmp_path / f"parc.{builder.__name__}",
        [["Inventaire"], HEADER, ["PC-01", "SN-1", "PC fixe", "12/03/2021", "", "Mairie", "", ""]],
    )

    result, _ = run(org, path)

    assert result.created == 1
    assert Equipment.objects.get().purchase_date == date(2021, 3, 12)


def test_csv_in_windows_1252_keeps_its_accents(org, tmp_path):
    make_site(org, "Médiathèque")
    path = csv_file(
        tmp_path / "parc.csv",
        [HEADER, ["PC-01", "SN-1", "PC fixe", "", "", "Médiathèque", "", "Système à jour"]],
        encoding="cp1252",
    )

    result, _ = run(org, path)

    assert result.created == 1 and Equipment.objects.get().site.name == "Médiathèque"


#
# Other kinds
#


def test_vendors_are_matched_on_their_name_and_read_oui_non(org, tmp_path):
    make_vendor(org, "Orange Business")
    path = xlsx(
        tmp_path / "prestataires.xlsx",
        [
            ["Raison sociale", "Typologie", "Critique", "Actif"],
            ["orange business ", "Opérateur", "Oui", "oui"],
            ["Berger-Levrault", "Éditeur", "Non", "Non"],
        ],
    )

    result, _ = run(org, path, "vendors")

    assert (result.created, result.updated) == (1, 1)
    orange = Vendor.objects.get(name__iexact="orange business")
    assert (orange.typology, orange.is_critical) == ("telecoms", True)
    assert Vendor.objects.get(name="Berger-Levrault").is_active is False


def test_contracts_resolve_their_vendor_and_derive_their_dates_as_the_form_does(org, tmp_path):
    make_vendor(org, "Orange Business")
    path = xlsx(
        tmp_path / "contrats.xlsx",
        [
            [
                "Réf.",
                "Objet",
                "Titulaire",
                "Date d'effet",
                "Durée (mois)",
                "Préavis",
                "Montant annuel HT",
                "Tacite reconduction",
            ],
            ["2024-TEL-01", "Téléphonie fixe", "Orange Business", "01/01/2024", "36", "3", "12 345,60", "Oui"],
            ["2024-TEL-02", "Téléphonie mobile", "Inconnu SA", "01/01/2024", "12", "", "", ""],
            ["2024-TEL-03", "Fibre", "Orange Business", "01/01/2024", "", "", "", ""],
        ],
    )

    result, _ = run(org, path, "contracts", on_error="skip")

    contract = Contract.objects.get(reference="2024-TEL-01")
    assert (contract.end_date, contract.notice_deadline) == (date(2026, 12, 31), date(2026, 9, 30))
    assert contract.annual_amount_ht == Decimal("12345.60") and contract.tacit_renewal
    contract.save()
    contract.refresh_from_db()
    assert contract.notice_deadline == date(2026, 9, 30)
    reasons = {row.row: row.reason for row in result.rejected}
    assert reasons[3].startswith("Titulaire : « Inconnu SA » n'est pas un prestataire connu")
    assert reasons[4] == "Date de fin : Indiquez la durée ou la date de fin du contrat."


def test_applications_refuse_what_the_form_refuses(org, tmp_path):
    vendor = make_vendor(org, "Ciril")
    make_contract(org, vendor, "2023-CIR-01")
    path = xlsx(
        tmp_path / "applications.xlsx",
        [
            ["Logiciel", "Éditeur", "Contrat", "MFA disponible", "MFA activé", "Confidentialité", "Criticité"],
            ["Ciril Finances", "Ciril", "2023-CIR-01", "Oui", "Oui", 3, "Élevée"],
            ["Parapheur", "", "", "Non", "Oui", "", ""],
            ["GRC", "", "", "", "", 7, ""],
        ],
    )

    result, _ = run(org, path, "applications", on_error="skip")

    app = Application.objects.get()
    assert (app.vendor, app.contract.reference, app.criticality, app.need_confidentiality) == (
        vendor,
        "2023-CIR-01",
        "elevee",
        3,
    )
    reasons = {row.row: row.reason for row in result.rejected}
    assert reasons[3] == "MFA activé : Le MFA ne peut pas être activé s'il n'est pas disponible."
    assert reasons[4].startswith("Confidentialité : Le besoin se note de 1 (faible) à 4")


def test_people_are_matched_on_last_and_first_name_within_their_service(org, tmp_path):
    finances, rh = make_service(org, "Finances"), make_service(org, "RH")
    Person.objects.create(organisation=org, last_name="Martin", first_name="Anne", service=finances)
    path = xlsx(
        tmp_path / "agents.xlsx",
        [
            ["Nom", "Prénom", "Service", "Fonction", "Qualité"],
            ["MARTIN", "Anne", "Finances", "Comptable", "Agent"],
            ["Martin", "Anne", "RH", "Gestionnaire", "agent"],
        ],
    )

    result, _ = run(org, path, "people")

    assert (result.created, result.updated) == (1, 1)
    assert Person.objects.get(service=finances).function == "Comptable"
    assert Person.objects.get(service=rh).function == "Gestionnaire"


def test_people_get_their_work_email_lower_cased_from_a_courriel_column(org, tmp_path):
    Person.objects.create(organisation=org, last_name="Martin", first_name="Anne")
    path = xlsx(
        tmp_path / "agents.xlsx",
        [
            ["Nom", "Prénom", "Courriel"],
            ["Martin", "Anne", "Anne.Martin@Mairie.example"],
            ["Durand", "Claire", "claire.durand@mairie.example"],
            ["Roux", "Paul", ""],
        ],
    )

    result, _ = run(org, path, "people")

    assert (result.created, result.updated, result.rejected_count) == (2, 1, 0)
    assert dict(Person.objects.values_list("last_name", "email")) == {
        "Martin": "anne.martin@mairie.example",
        "Durand": "claire.durand@mairie.example",
        "Roux": "",
    }


def test_people_with_an_invalid_or_already_used_email_are_refused_with_row_and_column(org, other_org, tmp_path):
    Person.objects.create(organisation=org, last_name="Martin", first_name="Anne", email="anne.martin@mairie.example")
    Person.objects.create(organisation=org, last_name="Blanc", first_name="Zoé", email="zoe.blanc@mairie.example")
    Person.objects.create(organisation=other_org, last_name="Voisine", email="lea.petit@mairie.example")
    path = xlsx(
        tmp_path / "agents.xlsx",
        [
            ["Nom", "Prénom", "Adresse électronique"],
            ["Martin", "Anne", "ANNE.MARTIN@mairie.example"],  # her own address: fine
            ["Durand", "Claire", "claire.durand"],
            ["Roux", "Paul", "Zoe.Blanc@mairie.example"],
            ["Petit", "Léa", "lea.petit@mairie.example"],  # used in another organisation only: fine
            ["Dupont", "Jean", "Lea.Petit@mairie.example"],
        ],
    )

    result, _ = run(org, path, "people", on_error="skip")

    reasons = {(row.row, column): reason for row in result.rejected for column, reason in row.issues}
    assert reasons == {
        (3, "Adresse électronique"): (
            "Adresse e-mail invalide : « claire.durand » (attendu par exemple prenom.nom@mairie.fr)."
        ),
        (4, "Adresse électronique"): (
            "« zoe.blanc@mairie.example » : Une autre personne de l'organisation a déjà cette adresse e-mail."
        ),
        (6, "Adresse électronique"): "« lea.petit@mairie.example » figure déjà à la ligne 5.",
    }
    assert set(Person.objects.filter(organisation=org).values_list("last_name", "email")) == {
        ("Martin", "anne.martin@mairie.example"),
        ("Blanc", "zoe.blanc@mairie.example"),
        ("Petit", "lea.petit@mairie.example"),
    }


def test_in_refuse_mode_a_duplicate_email_writes_nothing(org, tmp_path):
    path = xlsx(
        tmp_path / "agents.xlsx",
        [["Nom", "E-mail"], ["Durand", "c.durand@mairie.example"], ["Dupont", "C.Durand@mairie.example"]],
    )

    result, _ = run(org, path, "people")

    assert result.refused and result.rejected[0].row == 3
    assert not Person.objects.exists()


def test_the_same_serial_in_another_organisation_is_another_device(org, other_org, tmp_path):
    make_equipment(other_org, "PC voisin", serial="SN-1")
    path = parc(tmp_path, [["PC-01", "SN-1", "PC fixe", "", "", "", "", ""]])

    result, _ = run(org, path)

    assert result.created == 1
    assert Equipment.objects.get(organisation=other_org).name == "PC voisin"
