import pytest

from gouvernail.connectors.spreadsheet.mapping import detect_header, propose_mapping
from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table
from gouvernail.connectors.spreadsheet.schemas import KINDS, get_kind
from gouvernail.connectors.tests.spreadsheet.files import xlsx

EQUIPMENT = get_kind("equipment")


@pytest.mark.parametrize("header", ["N° de série", "Numéro de série", "S/N", "SN", "No de serie", "numero  de SERIE"])
def test_it_recognises_french_variants_of_the_serial_number_header(header):
    fields, how = propose_mapping(EQUIPMENT, ["Nom", header])

    assert fields == {0: "name", 1: "serial"}


def test_it_falls_back_on_a_fuzzy_match_for_unlisted_variants():
    fields, how = propose_mapping(EQUIPMENT, ["Nom", "Numéro de séries", "Date d'achats"])

    assert fields[1] == "serial"
    assert fields[2] == "purchase_date"
    assert how[1] == "approché"


def test_it_leaves_unknown_columns_unmapped_and_never_maps_a_field_twice():
    fields, _ = propose_mapping(EQUIPMENT, ["Nom", "Couleur du boîtier", "Nom du poste"])

    assert fields == {0: "name"}


def test_a_saved_mapping_wins_over_synonyms_and_can_ignore_a_column():
    saved = {"nom": "", "machine": "name", "sn": "serial"}

    fields, how = propose_mapping(EQUIPMENT, ["Nom", "Machine", "SN"], saved)

    assert fields == {1: "name", 2: "serial"}
    assert set(how.values()) == {"enregistré"}


def test_it_detects_the_header_below_title_rows(tmp_path):
    path = xlsx(
        tmp_path / "parc.xlsx",
        [
            ["Communauté de communes — parc"],
            ["Mis à jour le 01/02/2024"],
            [],
            ["Nom", "Type", "S/N"],
            ["PC", "PC fixe"],
        ],
    )

    mapping, _ = detect_header(open_table(path), EQUIPMENT)

    assert mapping.header_row == 4
    assert mapping.fields == {0: "name", 1: "family", 2: "serial"}


def test_it_refuses_a_file_without_any_recognisable_header(tmp_path):
    path = xlsx(tmp_path / "parc.xlsx", [["a", "b"], ["1", "2"]])

    with pytest.raises(ImportFileError, match="Aucune ligne d'en-tête"):
        detect_header(open_table(path), EQUIPMENT)


def test_it_names_the_missing_required_columns(tmp_path):
    path = xlsx(tmp_path / "contrats.xlsx", [["Référence", "Objet", "Montant HT"], ["C-1", "Téléphonie", "12"]])
    contracts = get_kind("contracts")
    mapping, _ = detect_header(open_table(path), contracts)

    with pytest.raises(ImportFileError, match="« Prestataire », « Date de début »"):
        mapping.check(contracts)


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_each_kind_maps_its_own_labels_back_to_its_fields(kind):
    fields, _ = propose_mapping(kind, [column.label for column in kind.columns])

    assert list(fields.values()) == [column.field for column in kind.columns]


@pytest.mark.parametrize(
    "header",
    ["E-mail", "Courriel", "Mail", "Adresse électronique", "E-mail professionnel", "Adresse mail", "Mél", "email"],
)
def test_it_recognises_french_variants_of_the_work_email_header(header):
    fields, _ = propose_mapping(get_kind("people"), ["Nom", header])

    assert fields == {0: "last_name", 1: "email"}
