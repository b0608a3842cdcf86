"""`gouvernail antivirus-import`: a console's CSV export onto the inventory, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from gouvernail.inventory.choices import AntivirusStatus
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.inventory import make_equipment

pytestmark = pytest.mark.django_db

EXPORT = "hostname;product;last seen;status\nPC-001.mairie.local;ESET;20/11/2026;ok\nPC-XYZ;ESET;20/11/2026;ok\n"


@pytest.fixture
def fleet(org):
    return [make_equipment(org, "PC-001"), make_equipment(org, "PC-002")]


def test_it_updates_the_matched_equipment_and_names_the_unmatched_hosts(org, fleet, tmp_path, capsys):
    export = tmp_path / "eset.csv"
    export.write_text(EXPORT, encoding="utf-8")

    call_command("antivirus-import", str(export), "--org", org.slug)

    out, err = capsys.readouterr()
    assert "1 poste(s) mis à jour, 0 inchangé(s), 1 machine(s) non rapprochée(s)" in out
    assert "pc-xyz" in err
    assert Equipment.objects.get(pk=fleet[0].pk).antivirus_status == AntivirusStatus.UP_TO_DATE
    assert Equipment.objects.get(pk=fleet[1].pk).antivirus_status != AntivirusStatus.UP_TO_DATE


def test_an_unreadable_cell_refuses_the_file_naming_its_line_and_column(org, fleet, tmp_path):
    export = tmp_path / "eset.csv"
    export.write_text(EXPORT + "PC-002;ESET;hier;ok\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"rien n'a été modifié : Ligne 4, colonne « last seen »"):
        call_command("antivirus-import", str(export), "--org", org.slug)

    assert not Equipment.objects.filter(organisation=org, antivirus_status=AntivirusStatus.UP_TO_DATE).exists()


def test_it_refuses_an_unknown_organisation_or_a_missing_file(org, tmp_path):
    with pytest.raises(CommandError, match="Organisation inconnue"):
        call_command("antivirus-import", str(tmp_path / "x.csv"), "--org", "nulle-part")
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("antivirus-import", str(tmp_path / "x.csv"), "--org", org.slug)
