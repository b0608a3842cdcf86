"""CSV exports of antivirus consoles (ESET PROTECT, Bitdefender GravityZone, Intune's Defender
agents report, or a hand-made file) → `ProtectionFact`s.

Columns are recognised by name, whatever the console's language or case: each fact has a
list of header variants. The console's column names below come from its documentation and
reports; a new variant is one more alias. Any unreadable cell stops the whole import with
a French message naming the line and the column: nothing is half-imported.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from gouvernail.connectors.antivirus.mapper import ProtectionFact, short_hostname
from gouvernail.connectors.values import as_bool, read_datetime
from gouvernail.core.uploads import UploadRefused, check_csv_length, csv_rows
from gouvernail.inventory.choices import AntivirusStatus
from gouvernail.inventory.os_rules import classify_os

INTUNE_PRODUCT = "Microsoft Defender Antivirus"

# Canonical column → header variants, compared once normalised (see `_key`).
COLUMNS = {
    "hostname": (
        "hostname",
        "host name",
        "nom d hote",
        "devicename",
        "device name",
        "nom de l appareil",
        "computer name",
        "nom de l ordinateur",
        "ordinateur",
        "endpoint name",
        "endpoint",
        "nom du point de terminaison",
        "machine",
        "fqdn",
        "name",
        "nom",
    ),
    "product": (
        "product",
        "produit",
        "product name",
        "security product",
        "produit de securite",
        "antivirus",
        "protection",
        "agent",
    ),
    "last_seen": (
        "last seen",
        "last_seen",
        "vu pour la derniere fois",
        "derniere connexion",
        "last connected",
        "last connection",
        "lastreporteddatetime",
        "last reported",
        "last report",
        "dernier rapport",
        "derniere activite",
        "last update",
        "derniere mise a jour",
        "last sync",
    ),
    "status": (
        "protection status",
        "protection_status",
        "statut de protection",
        "etat de protection",
        "functionality status",
        "etat de fonctionnement",
        "devicestate",
        "device state",
        "status",
        "statut",
        "etat",
    ),
    "os": ("os", "operating system", "systeme d exploitation", "os name"),
    "os_version": ("os version", "version du systeme", "osversion", "version de l os"),
    # Intune's DefenderAgents report: booleans that decide the state.
    "realtime": ("realtimeprotectionenabled",),
    "malware": ("malwareprotectionenabled",),
    "signatures_overdue": ("signatureupdateoverdue",),
}
REQUIRED = ("hostname",)

STATUS_WORDS = {
    AntivirusStatus.UP_TO_DATE: (
        "protected",
        "protege",
        "ok",
        "clean",
        "sain",
        "up to date",
        "a jour",
        "active",
        "actif",
        "enabled",
        "active et a jour",
        "healthy",
        "secure",
        "securise",
        "managed",
        "gere",
        "device functionality status ok",
    ),
    AntivirusStatus.OUTDATED: (
        "outdated",
        "obsolete",
        "out of date",
        "signatures anciennes",
        "not up to date",
        "warning",
        "avertissement",
        "attention requise",
        "needs attention",
        "signature update overdue",
        "pending reboot",
        "pending full scan",
        "pending manual steps",
        "pending offline scan",
        "device functionality status warning",
    ),
    AntivirusStatus.DISABLED: (
        "unprotected",
        "non protege",
        "not protected",
        "disabled",
        "desactive",
        "inactive",
        "critical",
        "critique",
        "at risk",
        "a risque",
        "unmanaged",
        "non gere",
        "not installed",
        "non installe",
        "off",
        "device functionality status critical",
    ),
    AntivirusStatus.UNKNOWN: ("unknown", "inconnu", "n a", "na", "none", "device functionality status unknown"),
}
_STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


class ExportError(ValueError):
    """An export that cannot be read as a whole; the message is French and names line/column."""


@dataclass(frozen=True)
class _Layout:
    columns: dict[str, int]  # canonical name → index
    headers: list[str]


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9_]+", " ", text).strip()


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    for encoding in ("utf-8-sig", "cp1252"):  # consoles on Windows often export in cp1252
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExportError("Le fichier n'est ni en UTF-8 ni en Windows-1252.")


def _layout(headers: list[str]) -> _Layout:
    keys = [_key(header) for header in headers]
    columns = {}
    for canonical, variants in COLUMNS.items():
        # The first variant found wins: "devicename" beats a generic "name" in the same file.
        for variant in variants:
            if variant in keys:
                columns[canonical] = keys.index(variant)
                break
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ExportError(
            "Ligne 1 : aucune colonne ne donne le nom de la machine (attendu par exemple « Hostname », "
            f"« DeviceName », « Nom de l'ordinateur »). Colonnes trouvées : {', '.join(headers) or 'aucune'}."
        )
    return _Layout(columns=columns, headers=headers)


def _read_date(text: str, *, line: int, header: str) -> date | None:
    if not text:
        return None
    match = _FRENCH_DATE.match(text)
    if match:
        day, month, year = (int(group) for group in match.groups()[:3])
        try:
            return date(year, month, day)
        except ValueError:
            pass
    else:
        parsed = read_datetime(text.replace(".0000000", ""))
        if parsed is not None:
            return parsed.date()
    raise ExportError(f"Ligne {line}, colonne « {header} » : date illisible « {text[:40]} » (attendu 31/12/2025).")


def _read_status(text: str, *, line: int, header: str) -> str:
    status = _STATUS_BY_WORD.get(_key(text).replace("_", " "))
    if status is None and text:
        raise ExportError(
            f"Ligne {line}, colonne « {header} » : état « {text[:40]} » non reconnu "
            "(attendu par exemple Protégé, Obsolète, Non protégé, Inconnu)."
        )
    return status or AntivirusStatus.UNKNOWN


def _read_flag(text: str, *, line: int, header: str) -> bool | None:
    if not text:
        return None
    value = as_bool(text)
    if value is None:
        raise ExportError(f"Ligne {line}, colonne « {header} » : « {text[:20]} » n'est ni vrai ni faux.")
    return value


def parse_export(content: bytes | str, *, product: str = "") -> tuple[ProtectionFact, ...]:
    """Every row of the export as a fact. `product` names the antivirus when the file has no
    product column (ESET and Bitdefender exports list one product). Rows, columns and cells are
    bounded by `core.uploads` (refused at the first line over the limits)."""
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows = csv_rows(io.StringIO(text), delimiter=delimiter)
    try:
        check_csv_length(lambda: io.StringIO(text), delimiter=delimiter, line_count=text.count("\n"))
        headers = next(rows, None)
        if headers is None:
            raise ExportError("Le fichier est vide.")
        layout = _layout([header.strip() for header in headers[1]])
        intune = "realtime" in layout.columns or "malware" in layout.columns
        return tuple(
            _fact(row, line=line, layout=layout, intune=intune, product=product)
            for line, row in rows
            if any(cell.strip() for cell in row)
        )
    except UploadRefused as error:
        raise ExportError(str(error)) from None


def _fact(row: list[str], *, line: int, layout: _Layout, intune: bool, product: str) -> ProtectionFact:
    def cell(name: str) -> tuple[str, str]:
        index = layout.columns.get(name)
        if index is None:
            return "", ""
        return (row[index].strip() if index < len(row) else ""), layout.headers[index]

    hostname, hostname_header = cell("hostname")
    if not hostname:
        raise ExportError(f"Ligne {line}, colonne « {hostname_header} » : le nom de la machine est vide.")
    status_text, status_header = cell("status")
    status = _read_status(status_text, line=line, header=status_header)
    if intune:
        flags = {}
        for name in ("realtime", "malware", "signatures_overdue"):
            value, header = cell(name)
            flags[name] = _read_flag(value, line=line, header=header)
        if flags["realtime"] is False or flags["malware"] is False:
            status = AntivirusStatus.DISABLED
        elif flags["signatures_overdue"] is True:
            status = AntivirusStatus.OUTDATED
        elif status == AntivirusStatus.UNKNOWN and flags["realtime"]:
            status = AntivirusStatus.UP_TO_DATE
    os_name, os_version = cell("os")[0], cell("os_version")[0]
    seen_text, seen_header = cell("last_seen")
    return ProtectionFact(
        hostname=short_hostname(hostname),
        fqdn=hostname.lower() if "." in hostname else "",
        product=cell("product")[0] or product or (INTUNE_PRODUCT if intune else ""),
        os_name=os_name,
        os_version=os_version,
        os_class=classify_os(os_name, os_version),
        last_seen=_read_date(seen_text, line=line, header=seen_header),
        status=status,
        detail=status_text,
    )


__all__ = ("COLUMNS", "ExportError", "parse_export")
