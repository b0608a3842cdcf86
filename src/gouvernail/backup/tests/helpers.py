"""What the backup tests share: an instance's directories, the restore run in another process (as
an operator runs it, on another data directory and database), and a per-table content hash."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from gouvernail.governance import signing


def run_gouvernail(*arguments: str, data_dir: Path, database_url: str | None = None) -> subprocess.CompletedProcess:
    """The `gouvernail` command in another process, on its own data directory and database."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("GOUVERNAIL_", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="gouvernail.settings",
        GOUVERNAIL_DEBUG="1",
        GOUVERNAIL_DATA_DIR=str(data_dir),
        GOUVERNAIL_SECRET_KEY=os.environ["GOUVERNAIL_SECRET_KEY"],
        GOUVERNAIL_CACHE_DIR=str(data_dir / "cache"),
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    if database_url:
        environment["GOUVERNAIL_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "gouvernail.cli", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def table_fingerprints(cursor, vendor: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and content hash of each table, computed by SQL over every column, rows sorted
    by their text so that the physical order does not matter."""
    fingerprints = {}
    for table in tables:
        if vendor == "postgresql":
            cursor.execute(
                f"SELECT COUNT(*), md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            count, digest = cursor.fetchone()
        else:
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = [row[1] for row in cursor.fetchall()]
            row_text = " || '|' || ".join(f'quote("{column}")' for column in columns)
            cursor.execute(
                f'SELECT COUNT(*), group_concat(r, char(10)) FROM (SELECT {row_text} AS r FROM "{table}" ORDER BY r)'
            )
            count, text = cursor.fetchone()
            digest = hashlib.sha256((text or "").encode()).hexdigest()
        fingerprints[table] = (count, digest)
    return fingerprints


def model_fingerprints() -> dict[str, list]:
    """Row count and content hash of every model, values read through the ORM, which reads each
    engine's types (booleans, dates, decimals, JSON) the same way: to compare across engines."""
    result = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables:
            continue  # absent here: the comparison with the other database reports it
        rows = list(model._base_manager.order_by("pk").values_list())
        text = json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True)
        result[model._meta.label] = [len(rows), hashlib.sha256(text.encode()).hexdigest()]
    return result


def model_fingerprints_of(data_dir: Path, database_url: str) -> dict[str, list]:
    """The same, computed by another process on another database."""
    script = "import json; from gouvernail.backup.tests.helpers import model_fingerprints as f; print(json.dumps(f()))"
    done = run_gouvernail("shell", "-c", script, data_dir=data_dir, database_url=database_url)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def files_digest(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def flip_byte_in_part(archive: Path, name: str) -> None:
    """Changes one byte in the middle of a member's stored data, as a bad disk sector would."""
    with zipfile.ZipFile(archive) as zipped:
        info = zipped.getinfo(name)
    data = bytearray(archive.read_bytes())
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def create_register_key(organisation) -> Path:
    path, _created = signing.create_key(organisation)
    return path
