"""The backup archive: a zip whose `manifest.json` gives the SHA-256 of every other member.

Zip rather than tar.gz: each member is compressed on its own with its own CRC, so a damaged byte
is reported against the part that holds it, and the manifest is read without reading the rest.
The archive is written beside its destination under a temporary name and renamed once complete:
a backup interrupted half-way never leaves a file that looks like a backup.
"""

import hashlib
import json
import os
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ("MANIFEST", "BackupError", "Part", "extract_verified", "read_manifest", "write_archive")

MANIFEST = "manifest.json"
FORMAT = "gouvernail-sauvegarde"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore cannot go on; the message, in French, says why and what to do."""


@dataclass
class Part:
    """One member of the archive: where it comes from on disk and what it is."""

    name: str  # path inside the archive, e.g. "base/gouvernail.sqlite3", "fichiers/…", "cles/…"
    source: Path
    kind: str  # "base", "fichier", "dossier-copil", "cle"
    sha256: str = ""
    size: int = 0
    extra: dict = field(default_factory=dict)


def _chunks(handle) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def write_archive(output: Path, parts: list[Part], manifest: dict) -> dict:
    """Writes the parts and the manifest (completed with each part's hash and size) to `output`,
    through a temporary file renamed at the end. Returns the manifest."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".partiel")
    try:
        # The archive holds the keys: readable by its owner only, from its first byte.
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in parts:
                digest = hashlib.sha256()
                info = zipfile.ZipInfo(part.name, date_time=time.localtime(part.source.stat().st_mtime)[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                with part.source.open("rb") as source, archive.open(info, "w", force_zip64=True) as member:
                    for chunk in _chunks(source):
                        digest.update(chunk)
                        member.write(chunk)
                        part.size += len(chunk)
                part.sha256 = digest.hexdigest()
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                **manifest,
                "parts": [
                    {"name": p.name, "kind": p.kind, "size": p.size, "sha256": p.sha256, **p.extra} for p in parts
                ],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"Sauvegarde refusée : la partie « {name} » a un chemin qui sort de l'archive.")
    return path


def read_manifest(archive: zipfile.ZipFile, filename: str) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as error:
        raise BackupError(f"{filename} n'est pas une sauvegarde de Gouvernail : pas de {MANIFEST}.") from error
    except (ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise BackupError(f"Le manifeste de la sauvegarde {filename} est illisible ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{filename} n'est pas une sauvegarde de Gouvernail (manifeste d'un autre format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"La sauvegarde {filename} est au format {manifest.get('format_version')}, "
            f"cette version de Gouvernail lit le format {FORMAT_VERSION}."
        )
    return manifest


def extract_verified(path: Path, staging: Path) -> dict:
    """Extracts the archive into `staging`, hashing each part as it goes, and returns the
    manifest once every part matches it. Nothing outside `staging` is written: a damaged
    archive is refused (naming the part) before the instance is touched."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(f"Sauvegarde introuvable : {path}") from error
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} n'est pas une archive de sauvegarde lisible ({error}).") from error
    with archive:
        manifest = read_manifest(archive, path.name)
        listed = {entry["name"]: entry for entry in manifest.get("parts", [])}
        present = {info.filename for info in archive.infolist()} - {MANIFEST}
        if unlisted := sorted(present - listed.keys()):
            raise BackupError(f"Sauvegarde refusée : la partie « {unlisted[0]} » n'est pas dans le manifeste.")
        if missing := sorted(listed.keys() - present):
            raise BackupError(f"Sauvegarde incomplète : la partie « {missing[0]} » manque.")
        for name, entry in listed.items():
            target = staging.joinpath(*_safe_name(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                with archive.open(name) as member, target.open("wb") as out:
                    for chunk in _chunks(member):
                        digest.update(chunk)
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise BackupError(
                    f"Sauvegarde corrompue : la partie « {name} » est illisible ({error}). Rien n'a été restauré."
                ) from error
            if digest.hexdigest() != entry.get("sha256"):
                raise BackupError(
                    f"Sauvegarde corrompue : la partie « {name} » ne correspond pas à son empreinte SHA-256 "
                    "dans le manifeste. Rien n'a été restauré."
                )
    return manifest
