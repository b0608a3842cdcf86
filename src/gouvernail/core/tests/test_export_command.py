"""`gouvernail export`: the file of a list page's « Exporter » menu, from the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from gouvernail.applications.choices import Criticality
from gouvernail.cli import main
from gouvernail.core.choices import Role
from gouvernail.testing.factories.applications import make_application
from gouvernail.testing.factories.vendors import make_contract, make_vendor


@pytest.fixture
def rows(org, other_org):
    """A few rows of `org`, one of them formula-like, and a row of `other_org` that must not leak."""
    infogerance = make_vendor(org, "Infogérance Ouest", is_critical=True)
    editeur = make_vendor(org, "Éditeur Berger-Levrault", is_critical=False)
    make_vendor(other_org, "Prestataire voisin", is_critical=True)
    make_application(org, "Ciril Finances", criticality=Criticality.CRITICAL, vendor=editeur)
    make_application(org, '=HYPERLINK("http://exemple.invalid")', criticality=Criticality.CRITICAL)
    make_application(org, "Agenda partagé", criticality=Criticality.LOW)
    make_application(other_org, "Application voisine", criticality=Criticality.CRITICAL)
    make_contract(org, infogerance, "2025-INF-01")
    make_contract(org, editeur, "2024-EDI-07")
    return {"infogerance": infogerance, "editeur": editeur}


def exported(tmp_path, *args) -> bytes:
    target = tmp_path / "export.out"
    call_command("export", *args, "--org", "test", "-o", str(target), stderr=io.StringIO())
    return target.read_bytes()


def page_export(client, url: str, query: str) -> bytes:
    response = client.get(f"{url}?{query}&_export=csv")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    ("list_name", "query"),
    [
        ("applications", "criticality=critique"),
        ("prestataires", "is_critical=true"),
        ("applications", "q=a&sort=-name"),
    ],
)
def test_its_csv_is_the_page_export_byte_for_byte(client_for, rows, tmp_path, list_name, query):
    client = client_for(Role.ADMIN)
    filters = [arg for pair in query.split("&") for arg in ("--filter", pair)]
    from_command = exported(tmp_path, list_name, *filters)
    assert from_command == page_export(client, f"/{list_name}/", query)
    assert b"voisin" not in from_command


def test_its_csv_filtered_on_a_related_row_is_the_page_export(client_for, rows, tmp_path):
    vendor = rows["editeur"].pk
    from_command = exported(tmp_path, "contrats", "--filter", f"vendor={vendor}")
    assert from_command == page_export(client_for(Role.ADMIN), reverse("vendors:contract_list"), f"vendor={vendor}")
    assert b"2024-EDI-07" in from_command and b"2025-INF-01" not in from_command


def test_it_keeps_formula_like_texts_inert_in_csv(rows, tmp_path):
    content = exported(tmp_path, "applications").decode("utf-8")
    assert "'=HYPERLINK" in content


def test_its_excel_csv_is_the_page_export_too(client_for, rows, tmp_path):
    from_command = exported(tmp_path, "applications", "--format", "csv-excel")
    response = client_for(Role.ADMIN).get("/applications/?_export=csv-excel")
    assert from_command == response.content


def test_its_xlsx_has_the_page_columns_and_rows(client_for, rows, tmp_path):
    from_command = load_workbook(io.BytesIO(exported(tmp_path, "applications", "--format", "xlsx"))).active
    response = client_for(Role.ADMIN).get("/applications/?_export=xlsx")
    from_page = load_workbook(io.BytesIO(response.content)).active
    # Row 1 is « Exporté le … à HH:MM », which may differ by a minute.
    assert list(from_command.iter_rows(min_row=2, values_only=True)) == list(
        from_page.iter_rows(min_row=2, values_only=True)
    )


def test_its_json_is_a_list_of_objects_keyed_by_the_column_headers(rows, tmp_path):
    objects = json.loads(exported(tmp_path, "applications", "--format", "json", "--filter", "criticality=critique"))
    csv_headers = exported(tmp_path, "applications").decode("utf-8").splitlines()[0].split(",")
    assert [list(item) for item in objects] == [csv_headers, csv_headers]
    names = sorted(item[csv_headers[0]] for item in objects)
    assert names == sorted(["Ciril Finances", '=HYPERLINK("http://exemple.invalid")'])


def test_its_ods_opens_as_a_spreadsheet(rows, tmp_path):
    assert exported(tmp_path, "applications", "--format", "ods")[:2] == b"PK"


def _served_list_urls() -> set[str]:
    """URLs of the pages named « …_list » or « …_register », read from the resolver by name."""
    urls = set()

    def walk(resolver, namespaces):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, namespaces + ([pattern.namespace] if pattern.namespace else []))
            elif pattern.name and pattern.name.endswith(("_list", "_register")) and not pattern.pattern.converters:
                urls.add(reverse(":".join([*namespaces, pattern.name])))

    walk(get_resolver(), [])
    return urls


def test_its_list_names_every_list_page(db):
    out = io.StringIO()
    call_command("export", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Nom", "Page", "Titre"]
    listed = {line.split()[1] for line in lines[1:]}
    assert _served_list_urls() <= listed
    assert {"/applications/", "/decisions/registre/", "/habilitations/"} <= listed
    assert any(line.split()[0] == "marches/lots" and "Lots" in line for line in lines)


def test_it_suggests_close_names_for_an_unknown_list(org, tmp_path):
    with pytest.raises(CommandError, match=r"Liste inconnue : « aplications ».*applications"):
        exported(tmp_path, "aplications")


def test_it_refuses_an_unknown_organisation(db, tmp_path):
    with pytest.raises(CommandError, match="Organisation inconnue : « test »"):
        exported(tmp_path, "applications")


def test_it_names_the_valid_filters_for_an_unknown_key(org, tmp_path):
    with pytest.raises(CommandError, match=r"Filtre inconnu .*: criticite\. Filtres possibles : q, .*criticality"):
        exported(tmp_path, "applications", "--filter", "criticite=critique")


def test_it_gives_the_filterset_error_for_a_bad_value(org, tmp_path):
    with pytest.raises(CommandError, match=r"criticality \(.*\) : Sélectionnez un choix valide"):
        exported(tmp_path, "applications", "--filter", "criticality=extreme")


def test_it_refuses_a_filter_without_a_value_sign(org, tmp_path):
    with pytest.raises(CommandError, match="Filtre mal écrit"):
        exported(tmp_path, "applications", "--filter", "criticality")


def test_it_refuses_an_unknown_format(org, tmp_path):
    with pytest.raises(CommandError, match="Format inconnu : « pdf »"):
        exported(tmp_path, "applications", "--format", "pdf")


def test_it_exits_non_zero_with_the_french_message(org, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["gouvernail", "export", "applications", "--org", "nulle-part", "-o", str(tmp_path / "x.csv")])
    assert stopped.value.code != 0
    assert "Organisation inconnue : « nulle-part »" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_a_failed_export_leaves_no_file(rows, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("gouvernail.core.management.commands.export.write_table_export", broken)
    with pytest.raises(RuntimeError):
        exported(tmp_path, "applications")
    assert list(tmp_path.iterdir()) == []
