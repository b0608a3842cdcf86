"""The EPN export reader: every bad input names its line and column, and stores nothing."""

from datetime import date, time

import pytest

from gouvernail.epn.importer import EpnImportError, parse_sessions
from gouvernail.epn.models import EpnSession, VisitorKeySalt, visitor_key
from gouvernail.testing.factories.core import make_site

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
HEADER = "date;heure;durée;usager;atelier;site"


def parse(org, text: str, encoding: str = "utf-8"):
    return parse_sessions(text.encode(encoding), organisation=org, today=TODAY)


def errors_of(org, text: str, encoding: str = "utf-8") -> list[str]:
    with pytest.raises(EpnImportError) as error:
        parse(org, text, encoding)
    assert not EpnSession.objects.exists()
    return error.value.errors


def test_it_reads_every_column(org):
    site = make_site(org, "Cybercentre / EPN")

    parsed = parse(org, f"{HEADER}\n02/03/2026;14:30;90;carte-0042;Premiers pas sur Internet;cybercentre / epn\n")

    [row] = parsed.rows
    assert (row.held_on, row.start_time, row.duration_minutes) == (date(2026, 3, 2), time(14, 30), 90)
    assert (row.workshop, row.site_id) == ("Premiers pas sur Internet", site.pk)
    assert row.visitor_key == visitor_key(VisitorKeySalt.for_organisation(org), "carte-0042")


def test_it_accepts_commas_windows_1252_and_other_headers(org):
    text = "Date,Heure de début,Durée (min),Identifiant,Activité,Lieu\n02/03/2026,9h,1h30,Zoé Élan,Accès libre,\n"

    parsed = parse(org, text, encoding="cp1252")

    [row] = parsed.rows
    assert (parsed.encoding, parsed.delimiter) == ("Windows-1252", ",")
    assert (row.start_time, row.duration_minutes, row.workshop, row.site_id) == (time(9, 0), 90, "", None)


def test_it_accepts_utf8_with_a_byte_order_mark_and_the_usager_identifiant_header(org):
    text = "\ufeffdate;usager / identifiant;durée\n2026-03-02;42;01:15:00\n"

    parsed = parse(org, text)

    assert parsed.encoding == "UTF-8"
    assert parsed.rows[0].duration_minutes == 75


def test_the_same_visitor_gets_the_same_key_whatever_the_case_and_spaces(org):
    parsed = parse(
        org, f"{HEADER}\n02/03/2026;;30; Carte-42 ;;\n03/03/2026;;30;carte-42;;\n04/03/2026;;30;carte-43;;\n"
    )

    keys = [row.visitor_key for row in parsed.rows]
    assert keys[0] == keys[1] != keys[2]


def test_visitor_keys_differ_between_organisations(org, other_org):
    text = f"{HEADER}\n02/03/2026;;30;carte-42;;\n"

    assert parse(org, text).rows[0].visitor_key != parse(other_org, text).rows[0].visitor_key


def test_blank_lines_are_skipped(org):
    assert len(parse(org, f"\n{HEADER}\n\n02/03/2026;;30;a;;\n;;;;;\n03/03/2026;;30;b;;\n").rows) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Le fichier est vide."),
        ("\n\n", "Le fichier est vide."),
        (f"{HEADER}\n", "aucune séance"),
        ("heure;atelier\n10:00;Word\n", "colonne(s) obligatoire(s) absente(s) : « date », « durée », « usager »"),
        ("date;durée;usager;identifiant\n02/03/2026;30;a;b\n", "la colonne « usager » apparaît deux fois"),
        (f"{HEADER}\n31/02/2026;;30;a;;\n", "Ligne 2, colonne « date » : « 31/02/2026 » n'est pas une date"),
        (f"{HEADER}\n2 mars;;30;a;;\n", "Ligne 2, colonne « date »"),
        (f"{HEADER}\n01/07/2026;;30;a;;\n", "Ligne 2, colonne « date » : le 01/07/2026 est dans le futur"),
        (f"{HEADER}\n;;30;a;;\n", "Ligne 2, colonne « date » : valeur manquante"),
        (f"{HEADER}\n02/03/2026;25:00;30;a;;\n", "Ligne 2, colonne « heure » : « 25:00 » n'est pas une heure"),
        (f"{HEADER}\n02/03/2026;;une heure;a;;\n", "Ligne 2, colonne « durée » : « une heure » n'est pas une durée"),
        (f"{HEADER}\n02/03/2026;;0;a;;\n", "Ligne 2, colonne « durée » : la durée doit être d'au moins une minute"),
        (f"{HEADER}\n02/03/2026;;1500;a;;\n", "Ligne 2, colonne « durée » : « 1500 » dépasse 24 heures"),
        (f"{HEADER}\n02/03/2026;;;a;;\n", "Ligne 2, colonne « durée » : valeur manquante"),
        (f"{HEADER}\n02/03/2026;;30;;;\n", "Ligne 2, colonne « usager » : valeur manquante"),
        (
            f"{HEADER}\n02/03/2026;;30;a;;Mairie annexe\n",
            "Ligne 2, colonne « site » : « Mairie annexe » n'est pas un site",
        ),
        (f"{HEADER}\n02/03/2026;;30;a;Word;EPN;en trop\n", "Ligne 2 : 7 valeurs pour 6 colonnes"),
        (f"{HEADER}\n02/03/2026;;30;a;{'x' * 201};\n", "Ligne 2, colonne « atelier » : plus de 200 caractères"),
    ],
)
def test_it_rejects_bad_input_with_a_french_message_naming_the_line_and_column(org, text, expected):
    errors = errors_of(org, text)

    assert any(expected in error for error in errors), errors


def test_it_reports_every_bad_line_and_keeps_none_of_the_good_ones(org):
    text = f"{HEADER}\n02/03/2026;;30;a;;\n03/03/2026;;abc;b;;\n04/03/2026;;30;c;;\nxx;;30;d;;\n"

    errors = errors_of(org, text)

    assert [error.split(",")[0] for error in errors] == ["Ligne 3", "Ligne 5"]


def test_a_spreadsheet_is_refused_with_advice(org):
    with pytest.raises(EpnImportError) as error:
        parse_sessions(b"PK\x03\x04\x00\x00binary", organisation=org, today=TODAY)

    assert "classeur Excel" in error.value.errors[0]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(org):
    with pytest.raises(EpnImportError) as error:
        parse_sessions(f"{HEADER}\n".encode() + b"02/03/2026;;30;\x81\x8d;;\n", organisation=org, today=TODAY)

    assert "Encodage non reconnu" in error.value.errors[0]


def test_a_long_list_of_errors_is_cut(org):
    text = HEADER + "\n" + "xx;;30;a;;\n" * 100

    errors = errors_of(org, text)

    assert len(errors) == 31
    assert errors[-1].startswith("… et d'autres erreurs")
