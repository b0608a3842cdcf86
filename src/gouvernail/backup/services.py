"""Backing up a whole instance into one archive, and restoring it into an empty one.

What an instance is made of: the database, the files under MEDIA_ROOT (logos, exports kept by
the jobs, archived COPIL packs), the decision register's signing keys (files, never in the
database), the `secret_key` file of a local installation, and the keys given by the environment
(GOUVERNAIL_SECRET_KEY, GOUVERNAIL_CONNECTOR_KEY) without which the restored sessions and
connector secrets could not be read. Uploads waiting between preview and commit
(`DATA_DIR/imports`, forgotten after 24 h), the cache and the collected static files are left
out: they are rebuilt or expire.
"""

import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from gouvernail.backup import database
from gouvernail.backup.archive import BackupError, Part, extract_verified, write_archive
from gouvernail.core.models import Organisation
from gouvernail.governance import signing
from gouvernail.governance.register import register_problems

__all__ = ("RestoreReport", "backup_create", "backup_restore")

FILES_PREFIX = "fichiers/"
KEYS_PREFIX = "cles/registre/"
SECRET_KEY_PART = "cles/secret_key"
ENVIRONMENT_PART = "cles/environnement.env"
ENVIRONMENT_KEYS = ("GOUVERNAIL_SECRET_KEY", "GOUVERNAIL_CONNECTOR_KEY")
RESTORED_ENVIRONMENT = "cles-restaurees.env"
PACKS_DIRECTORY = "dossiers-copil"


def _version() -> str:
    try:
        return importlib.metadata.version("gouvernail")
    except importlib.metadata.PackageNotFoundError:
        return "inconnue"


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _secret_key_file() -> Path:
    return Path(settings.DATA_DIR) / "secret_key"


def _environment_text() -> str:
    lines = [f"{name}={os.environ[name]}" for name in ENVIRONMENT_KEYS if os.environ.get(name)]
    return "".join(f"{line}\n" for line in lines)


#
# Backup
#


def backup_create(*, output: Path) -> dict:
    """Writes the instance's backup to `output` (a zip, see `archive`) and returns its manifest.
    The database is copied first, then the files: a file written meanwhile is at worst one the
    database does not know yet, never a row whose file is missing (COPIL packs are never deleted)."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".sauvegarde-") as staging_name:
        staging = Path(staging_name)
        dump_path = staging / "base"
        vendor = database.dump(connection, dump_path)
        parts = [Part(database.DUMP_NAMES[vendor], dump_path, "base")]
        media = Path(settings.MEDIA_ROOT)
        for path in _files_under(media):
            relative = path.relative_to(media).as_posix()
            kind = "dossier-copil" if relative.startswith(f"{PACKS_DIRECTORY}/") else "fichier"
            parts.append(Part(FILES_PREFIX + relative, path, kind))
        for path in _files_under(signing.key_directory()):
            parts.append(Part(KEYS_PREFIX + path.relative_to(signing.key_directory()).as_posix(), path, "cle"))
        if _secret_key_file().is_file():
            parts.append(Part(SECRET_KEY_PART, _secret_key_file(), "cle"))
        if environment := _environment_text():
            environment_path = staging / "environnement.env"
            environment_path.write_text(environment)
            parts.append(Part(ENVIRONMENT_PART, environment_path, "cle"))
        manifest = {
            "gouvernail_version": _version(),
            "created_at": timezone.now().isoformat(),
            "database_vendor": vendor,
            "organisations": list(Organisation.objects.order_by("slug").values_list("slug", flat=True)),
        }
        return write_archive(output, parts, manifest)


#
# Restore
#


@dataclass
class RestoreReport:
    """What a restore did and what the operator must know, in French."""

    manifest: dict
    migrated_rows: int | None = None
    notices: list[str] = field(default_factory=list)
    register: list[tuple[str, list[str], int]] = field(default_factory=list)

    @property
    def register_intact(self) -> bool:
        return all(not problems for _slug, problems, _checked in self.register)


def _target_problems(staging: Path) -> list[str]:
    """Why the instance is not an empty target (empty list when it is)."""
    problems = []
    saved_secret, current_secret = staging / SECRET_KEY_PART, _secret_key_file()
    if saved_secret.is_file() and current_secret.is_file() and not _same_content(saved_secret, current_secret):
        problems.append(f"{current_secret} existe et diffère de celui de la sauvegarde")
    if reason := database.occupied(connection):
        problems.append(reason)
    if _files_under(Path(settings.MEDIA_ROOT)):
        problems.append(f"le répertoire des fichiers {settings.MEDIA_ROOT} n'est pas vide")
    if _files_under(signing.key_directory()):
        problems.append(f"le répertoire des clés du registre {signing.key_directory()} n'est pas vide")
    return problems


def _same_content(path: Path, other: Path) -> bool:
    return path.read_bytes() == other.read_bytes()


def _check_vendors(manifest: dict) -> str:
    source = manifest.get("database_vendor")
    target = connection.vendor
    if source not in database.DUMP_NAMES:
        raise BackupError(f"Sauvegarde d'un moteur inconnu : {source}.")
    if source == target:
        return "same"
    if source == "sqlite" and target == "postgresql":
        return "sqlite-to-postgresql"
    raise BackupError(
        f"Une sauvegarde {source} ne se restaure pas dans une base {connection.display_name} : "
        "seul le passage de SQLite à PostgreSQL est prévu."
    )


def _install_tree(source: Path, destination: Path, *, force: bool, replace: bool, mode: int | None = None) -> None:
    """Moves the extracted files into place. `replace` empties the destination first (files);
    keys are only ever added or overwritten, never deleted."""
    if not source.is_dir():
        return
    if replace and force and destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True, exist_ok=True, mode=0o700 if mode else 0o777)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        if mode:
            target.chmod(mode)


def _restore_keys(staging: Path, report: RestoreReport, *, force: bool) -> None:
    _install_tree(staging / KEYS_PREFIX, signing.key_directory(), force=force, replace=False, mode=0o600)
    secret = staging / SECRET_KEY_PART
    if secret.is_file():
        current = _secret_key_file()
        current.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(secret, current)
        current.chmod(0o600)
    environment = staging / ENVIRONMENT_PART
    if environment.is_file():
        saved = dict(line.split("=", 1) for line in environment.read_text().splitlines() if "=" in line)
        differing = [name for name, value in saved.items() if os.environ.get(name, "") != value]
        if not differing:
            report.notices.append("Clés de l'environnement : identiques à celles de la sauvegarde.")
            return
        destination = Path(settings.DATA_DIR) / RESTORED_ENVIRONMENT
        shutil.move(environment, destination)
        destination.chmod(0o600)
        # The values are never printed: they go to a file readable by its owner only.
        report.notices.append(
            f"Clés de l'environnement différentes de la sauvegarde ({', '.join(differing)}) : leurs valeurs "
            f"sauvegardées sont dans {destination} ; recopiez-les dans le fichier d'environnement du service "
            "(par exemple /etc/gouvernail/gouvernail.env) avant de le démarrer, sinon les sessions et les "
            "secrets des connecteurs restaurés sont illisibles."
        )


def backup_restore(
    *, path: Path, force: bool = False, progress: Callable[[str], None] = lambda message: None
) -> RestoreReport:
    """Restores the backup at `path` into this instance (its database, MEDIA_ROOT, key
    directory and data directory). The archive is extracted and every part checked against the
    manifest before anything is touched; a target that is not empty is refused without
    `force`. Ends with the check of every organisation's decision register."""
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restauration-") as staging_name:
        staging = Path(staging_name)
        progress("Vérification de l'archive (empreintes SHA-256 du manifeste)…")
        manifest = extract_verified(Path(path), staging)
        report = RestoreReport(manifest=manifest)
        route = _check_vendors(manifest)
        problems = _target_problems(staging)
        if problems and not force:
            raise BackupError(
                "Restauration refusée : la cible n'est pas vide — "
                + " ; ".join(problems)
                + ". Restaurez dans un répertoire de données et une base vides, ou relancez avec --force "
                "pour les remplacer."
            )
        dump_path = staging.joinpath(*database.DUMP_NAMES[manifest["database_vendor"]].split("/"))
        if route == "same":
            progress("Restauration de la base de données…")
            database.restore_dump(connection, dump_path)
        else:
            progress("Passage de SQLite à PostgreSQL : schéma (migrate) puis copie des lignes…")
            report.migrated_rows = database.copy_from_sqlite(connection, dump_path)
        progress("Restauration des fichiers et des clés…")
        _install_tree(staging / FILES_PREFIX, Path(settings.MEDIA_ROOT), force=force, replace=True)
        _restore_keys(staging, report, force=force)
    connections.close_all()
    if route == "same" and manifest.get("gouvernail_version") != _version():
        # A backup of an older version: its schema is brought up to date before being read.
        progress("Sauvegarde d'une autre version de Gouvernail : mise à jour du schéma (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        report.notices.append(
            f"Sauvegarde faite par Gouvernail {manifest.get('gouvernail_version')}, "
            f"schéma mis à jour pour {_version()}."
        )
    progress("Vérification du registre des décisions…")
    for organisation in Organisation.objects.order_by("slug"):
        problems, checked = register_problems(organisation)
        report.register.append((organisation.slug, problems, checked))
    return report
