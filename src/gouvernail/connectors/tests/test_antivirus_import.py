"""`/collecte/antivirus/import/`: a console's CSV export onto the inventory's antivirus state,
all or nothing, then the indicators recomputed."""

import html
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.inventory.choices import AntivirusStatus as AV
from gouvernail.inventory.models import Equipment
from gouvernail.metrics.models import Measurement
from gouvernail.testing.factories.inventory import make_equipment

pytestmark = pytest.mark.django_db

URL = "/collecte/antivirus/import/"


@pytest.fixture
def fleet(org):
    return [make_equipment(org, name) for name in ("PC-010", "PC-011", "PC-012")]


def today(fmt: str) -> str:
    return timezone.localdate().strftime(fmt)


def eset() -> bytes:
    """ESET PROTECT's computer list exported in French, from Windows (cp1252, semicolons)."""
    return (
        "Nom de l'ordinateur;Système d'exploitation;Produit de sécurité;Dernière connexion;Statut de protection\n"
        f"PC-010.mairie.local;Windows 11 Professionnel;ESET Endpoint Security;{today('%d/%m/%Y')} 08:15;Protégé\n"
        "PC-011;Windows 10 Professionnel;ESET Endpoint Security;02/10/2025;Obsolète\n"
        "PC-999;Windows 10 Professionnel;ESET Endpoint Security;02/10/2025;Protégé\n"
    ).encode("cp1252")


def intune() -> bytes:
    """Intune's « Defender agents » report (commas, booleans that decide the state)."""
    return (
        "DeviceId,DeviceName,DeviceState,PendingFullScan,MalwareProtectionEnabled,RealTimeProtectionEnabled,"
        "SignatureUpdateOverdue,EngineVersion,LastReportedDateTime,UPN,UserEmail,UserName\n"
        f"d1,PC-010,Clean,False,True,True,False,1.1.24,{today('%Y-%m-%d')} 08:00:00.0000000,a@m.fr,a@m.fr,Agent A\n"
        f"d2,PC-011,Clean,False,True,True,False,1.1.24,{today('%Y-%m-%d')} 08:00:00.0000000,b@m.fr,b@m.fr,Agent B\n"
        f"d3,PC-012,Critical,False,True,False,False,1.1.24,{today('%Y-%m-%d')} 08:00:00.0000000,c@m.fr,c@m.fr,Agent C\n"
    ).encode()


def upload(client, content: bytes, name: str = "export.csv", **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, "text/csv"), **fields}, follow=True)


def states(org) -> dict:
    return {
        e.name: (e.antivirus_product, e.antivirus_status, e.antivirus_seen)
        for e in Equipment.objects.filter(organisation=org).order_by("name")
    }


def protected_count(org) -> int | None:
    measurement = (
        Measurement.objects.filter(organisation=org, code="av_proteges", dimension_key="total")
        .order_by("-period_start")
        .first()
    )
    return None if measurement is None else int(measurement.value)


def test_an_eset_export_updates_the_matched_equipment_and_the_measurements(org, editor, fleet):
    response = upload(editor, eset())

    assert states(org) == {
        "PC-010": ("ESET Endpoint Security", AV.UP_TO_DATE, timezone.localdate()),
        "PC-011": ("ESET Endpoint Security", AV.OUTDATED, date(2025, 10, 2)),
        "PC-012": ("", AV.UNKNOWN, None),
    }
    assert protected_count(org) == 1
    page = html.unescape(response.content.decode())
    assert "État antivirus importé : 2 postes mis à jour, 0 inchangé, 1 machine non rapprochée de l'inventaire." in page


def test_an_intune_export_updates_the_matched_equipment_and_the_measurements(org, editor, fleet):
    upload(editor, intune())

    assert states(org) == {
        "PC-010": ("Microsoft Defender Antivirus", AV.UP_TO_DATE, timezone.localdate()),
        "PC-011": ("Microsoft Defender Antivirus", AV.UP_TO_DATE, timezone.localdate()),
        "PC-012": ("Microsoft Defender Antivirus", AV.DISABLED, timezone.localdate()),
    }
    assert protected_count(org) == 2


def test_unmatched_host_names_are_shown_as_a_warning(org, editor, fleet):
    page = html.unescape(upload(editor, eset()).content.decode())

    assert "Machines absentes de l'inventaire (ou en double) : pc-999." in page
    assert not Equipment.objects.filter(name__iexact="pc-999").exists()


def test_an_unreadable_cell_refuses_the_whole_file_and_changes_nothing(org, editor, fleet):
    content = eset().replace(b"02/10/2025;Obsol", b"pas une date;Obsol")

    response = upload(editor, content)

    assert response.context["form"].errors["file"] == [
        "Fichier refusé, rien n'a été modifié : Ligne 3, colonne « Dernière connexion » : date illisible "
        "« pas une date » (attendu 31/12/2025)."
    ]
    assert states(org) == {name: ("", AV.UNKNOWN, None) for name in ("PC-010", "PC-011", "PC-012")}
    assert protected_count(org) is None


def test_an_oversized_cell_is_refused_in_french_rather_than_failing(org, editor, fleet):
    content = eset() + b"PC-012;" + b"x" * 200_000 + b";ESET;;Prot\xe9g\xe9\n"

    response = upload(editor, content)

    assert response.context["form"].errors["file"] == [
        "Fichier refusé, rien n'a été modifié : Ligne 5 : une cellule dépasse 32\u202f767 caractères "
        "(guillemet non refermé ?). Corrigez le fichier."
    ]
    assert states(org)["PC-010"] == ("", AV.UNKNOWN, None)


def test_an_export_of_1_2_million_rows_is_refused_at_the_first_line_over_the_limit(org, editor, fleet):
    content = eset() + b"PC-011;Windows 10;ESET;02/10/2025;Prot\xe9g\xe9\n" * 1_200_000

    response = upload(editor, content)

    assert response.context["form"].errors["file"] == [
        "Fichier refusé, rien n'a été modifié : Ligne 200\u202f001 : le fichier dépasse 200\u202f000 lignes. "
        "Découpez-le (par période ou par site)."
    ]
    assert states(org)["PC-011"] == ("", AV.UNKNOWN, None)


def test_an_export_over_the_upload_limit_is_refused_before_it_is_read(org, editor, fleet, settings):
    settings.GOUVERNAIL_UPLOAD_MAX_BYTES = 1024

    response = upload(editor, eset() + b"PC-011;Windows 10;ESET;02/10/2025;Prot\xe9g\xe9\n" * 100)

    assert response.context["form"].errors["file"][0].endswith(": au plus 1\u202f024 octets. Découpez-le.")
    assert states(org)["PC-011"] == ("", AV.UNKNOWN, None)


def test_a_file_without_a_host_name_column_is_refused_in_french(org, editor, fleet):
    response = upload(editor, "Produit;Statut\nESET;Protégé\n".encode())

    assert (
        response.context["form"]
        .errors["file"][0]
        .startswith("Fichier refusé, rien n'a été modifié : Ligne 1 : aucune colonne ne donne le nom de la machine")
    )


@pytest.mark.parametrize("role", [Role.PRESTATAIRE, Role.AUDITEUR, Role.ELU, Role.DIRECTION])
def test_those_who_only_read_get_403(org, client_for, fleet, role):
    client = client_for(role)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": SimpleUploadedFile("e.csv", eset(), "text/csv")}).status_code == 403
    assert states(org)["PC-010"] == ("", AV.UNKNOWN, None)
