"""The archive and the refusals of a restore, in this process: nothing here reaches the point
where a restore writes (see test_roundtrip.py for the restores themselves)."""

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from gouvernail.backup import database, services
from gouvernail.backup.archive import MANIFEST, BackupError
from gouvernail.backup.services import backup_create, backup_restore
from gouvernail.backup.tests.helpers import create_register_key, files_digest, flip_byte_in_part
from gouvernail.testing.factories.governance import make_committee, make_meeting
from gouvernail.testing.factories.reports import make_copil_pack

# Committed rows: SQLite's backup API waits for a transaction left open on its own connection.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def instance(org, instance_dirs):
    """An organisation with an archived COPIL pack, its register key and a local secret key."""
    make_copil_pack(make_meeting(make_committee(org)), content=b"%PDF-1.7 dossier du COPIL de mars")
    create_register_key(org)
    (instance_dirs / "secret_key").write_text("cle-secrete-locale\n")
    return instance_dirs


@pytest.fixture
def backup(instance, tmp_path) -> Path:
    output = tmp_path / "sauvegardes" / "gouvernail.zip"
    backup_create(output=output)
    return output


@pytest.fixture
def empty_target(tmp_path, settings) -> Path:
    """The files of the instance now point at empty directories (the database stays the test's)."""
    target = tmp_path / "cible"
    settings.DATA_DIR = target
    settings.MEDIA_ROOT = target / "media"
    settings.GOUVERNAIL_REGISTER_KEY_DIR = target / "keys"
    return target


def manifest_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zipped:
        return json.loads(zipped.read(MANIFEST))


def test_it_writes_one_archive_whose_manifest_hashes_every_part(backup, instance):
    manifest = manifest_of(backup)

    names = {part["name"]: part for part in manifest["parts"]}
    database_part = database.DUMP_NAMES[connection.vendor]
    [pack] = [name for name in names if name.startswith("fichiers/dossiers-copil/")]
    assert names[database_part]["kind"] == "base"
    assert names[pack]["kind"] == "dossier-copil"
    assert names["cles/registre/registre-test.ed25519.pem"]["kind"] == "cle"
    assert names["cles/secret_key"]["kind"] == "cle"
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["gouvernail_version"] and manifest["created_at"]
    with zipfile.ZipFile(backup) as zipped:
        for name, part in names.items():
            content = zipped.read(name)
            assert hashlib.sha256(content).hexdigest() == part["sha256"], name
            assert len(content) == part["size"]
        assert zipped.read(pack) == b"%PDF-1.7 dossier du COPIL de mars"
        assert zipped.read("cles/secret_key") == b"cle-secrete-locale\n"


def test_the_archive_is_readable_by_its_owner_only(backup):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_it_leaves_no_partial_file_when_the_backup_fails(instance, tmp_path, monkeypatch):
    output_dir = tmp_path / "sauvegardes"
    original = services._files_under

    def vanishing(root):
        # A file listed, then gone before it is read: the archive fails half-way.
        return [*original(root), root / "disparu.pdf"] if root == Path(instance / "media") else original(root)

    monkeypatch.setattr(services, "_files_under", vanishing)

    with pytest.raises(FileNotFoundError):
        backup_create(output=output_dir / "gouvernail.zip")

    assert list(output_dir.iterdir()) == []


def test_a_restore_refuses_an_archive_with_one_byte_changed_naming_the_part(backup, empty_target, tmp_path):
    for part in manifest_of(backup)["parts"]:
        damaged = tmp_path / "abimee.zip"
        damaged.write_bytes(backup.read_bytes())
        flip_byte_in_part(damaged, part["name"])

        with pytest.raises(BackupError) as refusal:
            backup_restore(path=damaged)

        assert f"la partie « {part['name']} »" in str(refusal.value)
        assert "Rien n'a été restauré" in str(refusal.value)
        assert files_digest(empty_target) == {}


def test_a_restore_refuses_a_part_the_manifest_does_not_list(backup, empty_target):
    with zipfile.ZipFile(backup, "a") as zipped:
        zipped.writestr("fichiers/ajout.txt", b"glisse apres coup")

    with pytest.raises(BackupError, match="la partie « fichiers/ajout.txt » n'est pas dans le manifeste"):
        backup_restore(path=backup)


def test_a_restore_refuses_a_file_that_is_not_a_backup(tmp_path, empty_target):
    not_a_backup = tmp_path / "notes.zip"
    with zipfile.ZipFile(not_a_backup, "w") as zipped:
        zipped.writestr("notes.txt", "bonjour")

    with pytest.raises(BackupError, match="n'est pas une sauvegarde de Gouvernail"):
        backup_restore(path=not_a_backup)
    with pytest.raises(BackupError, match="n'est pas une archive de sauvegarde lisible"):
        backup_restore(path=Path(__file__))


def test_a_restore_refuses_a_target_that_is_not_empty_and_touches_nothing(backup, empty_target):
    kept = empty_target / "media" / "logo.png"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"logo existant")

    with pytest.raises(BackupError) as refusal:
        backup_restore(path=backup)

    message = str(refusal.value)
    assert message.startswith("Restauration refusée : la cible n'est pas vide")
    assert "la base de données contient déjà des comptes ou des organisations" in message
    assert f"le répertoire des fichiers {empty_target / 'media'} n'est pas vide" in message
    assert "--force" in message
    assert files_digest(empty_target) == {"media/logo.png": hashlib.sha256(b"logo existant").hexdigest()}


def test_a_postgresql_tool_missing_from_the_path_is_named_in_french(monkeypatch):
    monkeypatch.setenv("PATH", "")

    with pytest.raises(BackupError, match="pg_dump est introuvable dans le PATH : installez le client PostgreSQL"):
        database._run_postgres_tool("pg_dump", ["--version"], {})
