import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gouvernail.core.choices import Role
from gouvernail.epn.models import EpnSession
from gouvernail.testing.factories.epn import make_epn_session

pytestmark = pytest.mark.django_db

CSV = "date;heure;durée;usager;atelier;site\n02/03/2026;10:00;90;carte-1;Word;\n03/03/2026;;30;carte-2;;\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def pending(data_dir) -> list:
    directory = data_dir / "imports"
    return list(directory.iterdir()) if directory.exists() else []


def upload(client, text: str, encoding: str = "utf-8"):
    file = io.BytesIO(text.encode(encoding))
    file.name = "seances.csv"
    return client.post("/epn/seances/importer/", {"file": file})


def test_an_upload_shows_a_preview_and_stores_nothing_until_confirmed(editor):
    response = upload(editor, CSV)

    preview = response.context["preview"]
    assert len(preview["parsed"].rows) == 2
    assert "Aperçu avant import" in response.content.decode()
    assert not EpnSession.objects.exists()

    confirmed = editor.post("/epn/seances/importer/", {"token": preview["token"]})

    assert confirmed.status_code == 302
    assert EpnSession.objects.count() == 2


def test_a_bad_file_shows_its_errors_and_stores_nothing(editor):
    response = upload(editor, CSV + "04/03/2026;;abc;carte-3;;\n")

    assert response.status_code == 200
    assert "Ligne 4, colonne « durée »" in response.content.decode()
    assert not EpnSession.objects.exists()


def test_a_stale_or_forged_confirmation_imports_nothing(editor):
    upload(editor, CSV)

    response = editor.post("/epn/seances/importer/", {"token": "forged"}, follow=True)

    assert "plus valable" in response.content.decode()
    assert not EpnSession.objects.exists()


def test_the_session_waiting_for_confirmation_holds_no_raw_identifier(editor):
    upload(editor, CSV)

    assert "carte-1" not in str(dict(editor.session))


def test_the_rows_waiting_for_confirmation_are_on_disk_not_in_the_session(editor, data_dir):
    rows = "".join(f"0{1 + n % 9}/03/2026;10:00;90;carte-{n};Word;\n" for n in range(5000))

    preview = upload(editor, "date;heure;durée;usager;atelier;site\n" + rows).context["preview"]

    assert len(str(dict(editor.session))) < 300
    (waiting,) = pending(data_dir)
    assert waiting.name == f"{preview['token']}.epn.json" and "carte-1" not in waiting.read_text()

    editor.post("/epn/seances/importer/", {"token": preview["token"]})

    assert EpnSession.objects.count() == 5000
    assert pending(data_dir) == [] and "epn_import_pending" not in editor.session


def test_cancelling_the_preview_deletes_the_waiting_rows(editor, data_dir):
    token = upload(editor, CSV).context["preview"]["token"]

    response = editor.post("/epn/seances/importer/", {"token": token, "cancel": "1"}, follow=True)

    assert "Import abandonné" in response.content.decode()
    assert pending(data_dir) == []
    assert not EpnSession.objects.exists()


def test_an_import_that_fails_deletes_the_waiting_rows(editor, data_dir, monkeypatch):
    token = upload(editor, CSV).context["preview"]["token"]

    def crash(**kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr("gouvernail.epn.services.sessions_import", crash)
    response = editor.post("/epn/seances/importer/", {"token": token}, follow=True)

    assert "Échoué" in response.content.decode()
    assert pending(data_dir) == []


def test_a_csv_with_a_one_megabyte_cell_gets_a_french_error_with_its_line(editor, data_dir):
    response = upload(editor, CSV + "04/03/2026;;30;" + "x" * (1024 * 1024) + ";;\n")

    assert response.status_code == 200
    assert response.context["errors"] == [
        "Ligne 4 : une cellule dépasse 32\u202f767 caractères (guillemet non refermé ?). Corrigez le fichier."
    ]
    assert pending(data_dir) == [] and not EpnSession.objects.exists()


def test_a_csv_of_1_2_million_rows_gets_a_french_error_with_the_first_line_over_the_limit(editor, data_dir):
    rows = "02/03/2026;10:00;90;carte-1;;\n" * 1_200_000

    response = upload(editor, "date;heure;durée;usager;atelier;site\n" + rows)

    assert response.context["errors"] == [
        "Ligne 200\u202f001 : le fichier dépasse 200\u202f000 lignes. Découpez-le (par période ou par site)."
    ]
    assert pending(data_dir) == [] and not EpnSession.objects.exists()


def test_the_list_shows_no_visitor_key(org, client_for):
    make_epn_session(org, visitor_key="f" * 64, workshop="")

    page = client_for(Role.ELU).get("/epn/seances/").content.decode()

    assert "f" * 10 not in page
    assert "Accès libre" in page


def test_the_list_filters_the_workshop_sessions_of_a_month(org, client_for):
    make_epn_session(org, date(2026, 2, 28), workshop="Word")
    make_epn_session(org, date(2026, 3, 1), workshop="Word")
    make_epn_session(org, date(2026, 3, 31), workshop="")

    response = client_for(Role.DIRECTION).get(
        "/epn/seances/", {"held_from": "2026-03-01", "held_to": "2026-03-31", "in_workshop": "true"}
    )

    assert [row.record.held_on for row in response.context["table"].rows] == [date(2026, 3, 1)]


def test_the_command_imports_a_file(org, tmp_path):
    path = tmp_path / "seances.csv"
    path.write_bytes(CSV.encode("cp1252"))
    out = io.StringIO()

    call_command("epn-import", str(path), "--org", org.slug, stdout=out)

    assert EpnSession.objects.filter(organisation=org).count() == 2
    assert "2 séances importées du 02/03/2026 au 03/03/2026" in out.getvalue()


def test_the_command_dry_run_stores_nothing(org, tmp_path):
    path = tmp_path / "seances.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()

    call_command("epn-import", str(path), "--org", org.slug, "--dry-run", stdout=out)

    assert "Fichier valide : 2 séances" in out.getvalue()
    assert not EpnSession.objects.exists()


@pytest.mark.parametrize(
    ("content", "org_slug", "message"),
    [
        (CSV, "inconnue", "Organisation inconnue"),
        ("date;usager\n02/03/2026;a\n", "test", "« durée »"),
    ],
)
def test_the_command_fails_in_french_and_stores_nothing(org, tmp_path, content, org_slug, message):
    path = tmp_path / "seances.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        call_command("epn-import", str(path), "--org", org_slug)

    assert not EpnSession.objects.exists()
