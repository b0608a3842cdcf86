"""Reads a backup console's CSV export into « last successful backup » per job.

The column facts used are in `docs/sauvegardes-export-csv.md`. Each console names its columns
differently: a column is recognised by any of its known names (case and accents aside). A row
is one backup session (Veeam), one snapshot (Proxmox Backup Server) or one task run (Hyper
Backup); the latest successful one of each job wins. A job the file names but Gouvernail does
not supervise is listed as ignored, not refused: a console exports all its jobs.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.utils import timezone

from gouvernail.continuity.models import BackupJob

__all__ = ("BackupImportError", "ParsedBackups", "parse_backups")

JOB_NAMES = (
    "job name",
    "jobname",
    "job",
    "name",
    "backup-id",
    "tache",
    "nom de la tache",
    "nom",
    "tache de sauvegarde",
)
END_NAMES = (
    "end time",
    "endtime",
    "stop time",
    "executionstoptime",
    "backup-time",
    "fin",
    "date de fin",
    "heure de fin",
    "derniere sauvegarde",
)
STATUS_NAMES = ("result", "status", "state", "resultat", "etat", "statut")
# Only a plain success counts: a Veeam « Warning » may have skipped part of the data.
SUCCESS = {"success", "succes", "succeeded", "ok", "reussi", "reussie", "termine"}
DATE_PATTERNS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


class BackupImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedBackups:
    latest: dict[int, datetime] = field(default_factory=dict)  # job id → latest success
    ignored_jobs: list[str] = field(default_factory=list)
    failed_rows: int = 0
    rows: int = 0


def _plain(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.replace("_", " ").split()).casefold()


def _find(headers: list, names: tuple) -> int | None:
    plain = [_plain(header) for header in headers]
    for name in names:
        if name in plain:
            return plain.index(name)
    return None


def _moment(value, where: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError(f"{where} : date de fin absente.")
        if text.isdigit():  # Proxmox Backup Server: Unix time (seconds, UTC)
            return datetime.fromtimestamp(int(text), tz=UTC)
        text = text.removesuffix("Z")
        for pattern in DATE_PATTERNS:
            try:
                moment = datetime.strptime(text.split(".")[0], pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{where} : date illisible « {text} » (attendu jj/mm/aaaa hh:mm).")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def parse_backups(path: Path, *, organisation) -> ParsedBackups:
    from gouvernail.connectors.spreadsheet.reader import ImportFileError, open_table

    try:
        rows = list(open_table(path).rows())
    except ImportFileError as error:
        raise BackupImportError([str(error)]) from None
    if not rows:
        raise BackupImportError(["Le fichier est vide."])
    header_line, headers = rows[0]
    job_column, end_column = _find(headers, JOB_NAMES), _find(headers, END_NAMES)
    status_column = _find(headers, STATUS_NAMES)
    # Proxmox Backup Server names a group « type/id » (vm/101): both forms are looked up.
    type_column = _find(headers, ("backup-type",))
    missing = []
    if job_column is None:
        missing.append("nom de la tâche (« Job Name », « backup-id », « Tâche »…)")
    if end_column is None:
        missing.append("date de fin (« End Time », « backup-time », « Fin »…)")
    if missing:
        raise BackupImportError([f"Ligne {header_line} : colonne introuvable : {m}." for m in missing])
    jobs = {job.name.casefold(): job.pk for job in BackupJob.objects.filter(organisation=organisation)}
    parsed, errors, ignored = ParsedBackups(), [], set()
    for line, cells in rows[1:]:
        if not any(str(cell or "").strip() for cell in cells):
            continue
        parsed.rows += 1
        name = str(cells[job_column] if job_column < len(cells) else "").strip()
        if not name:
            errors.append(f"Ligne {line}, colonne « {headers[job_column]} » : nom de la tâche absent.")
            continue
        if status_column is not None:
            status = _plain(cells[status_column] if status_column < len(cells) else "")
            if status not in SUCCESS:
                parsed.failed_rows += 1
                continue
        try:
            where = f"Ligne {line}, colonne « {headers[end_column]} »"
            moment = _moment(cells[end_column] if end_column < len(cells) else "", where)
        except ValueError as error:
            errors.append(str(error))
            continue
        candidates = [name]
        if type_column is not None and type_column < len(cells) and str(cells[type_column]).strip():
            candidates.insert(0, f"{str(cells[type_column]).strip()}/{name}")
        job_id = next((jobs[c.casefold()] for c in candidates if c.casefold() in jobs), None)
        name = candidates[0]
        if job_id is None:
            ignored.add(name)
            continue
        if job_id not in parsed.latest or moment > parsed.latest[job_id]:
            parsed.latest[job_id] = moment
    if errors:
        raise BackupImportError(errors)
    parsed.ignored_jobs = sorted(ignored)
    return parsed
