"""The database part of a backup: SQLite's online backup API, PostgreSQL's own tools (`pg_dump`
in custom format, `pg_restore`), and the way from a SQLite backup into PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from gouvernail.backup.archive import BackupError
from gouvernail.core.models import Organisation, User

__all__ = (
    "DUMP_NAMES",
    "copy_from_sqlite",
    "drop_tables",
    "dump",
    "occupied",
    "restore_dump",
)

DUMP_NAMES = {"sqlite": "base/gouvernail.sqlite3", "postgresql": "base/gouvernail.pgdump"}
SOURCE_ALIAS = "gouvernail-sauvegarde"
BATCH = 1000


def _supported(connection) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"La sauvegarde prend en charge SQLite et PostgreSQL, pas {connection.display_name} "
            "(utilisez les outils de ce moteur)."
        )
    return connection.vendor


#
# PostgreSQL's tools
#


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} est introuvable dans le PATH : installez le client PostgreSQL (paquet postgresql-client, "
            "de la même version majeure que le serveur ou plus récente)."
        )
    return path


def _postgres_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables, so that the password never appears on a command line (visible in `ps`)."""
    environment = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _run_postgres_tool(name: str, arguments: list[str], settings_dict: dict) -> None:
    command = [_postgres_tool(name), *arguments]
    result = subprocess.run(command, env=_postgres_environment(settings_dict), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{name} a échoué (code {result.returncode}) : {result.stderr.strip()}")


#
# Backup
#


def dump(connection, target: Path) -> str:
    """Writes a consistent copy of the database to `target` while the instance keeps running.
    Returns the vendor."""
    vendor = _supported(connection)
    if vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if connection.is_in_memory_db():
            connection.ensure_connection()
            source, owned = connection.connection, False
        else:
            # A connection of its own, read-only: in WAL mode a writer elsewhere does not block it.
            source, owned = sqlite3.connect(f"file:{name}?mode=ro", uri=True), True
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot, the WAL included, page by page.
            source.backup(destination)
        finally:
            destination.close()
            if owned:
                source.close()
    else:
        arguments = ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
        _run_postgres_tool("pg_dump", arguments, connection.settings_dict)
    return vendor


#
# Restore
#


def occupied(connection) -> str | None:
    """Why the database cannot receive a restore without --force, or None when it is empty. A
    freshly migrated database (tables, but no account and no organisation) counts as empty."""
    _supported(connection)
    tables = set(connection.introspection.table_names())
    if not tables:
        return None
    user_table, organisation_table = User._meta.db_table, Organisation._meta.db_table
    if {user_table, organisation_table} <= tables:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            users, organisations = quote(user_table), quote(organisation_table)
            cursor.execute(f"SELECT (SELECT COUNT(*) FROM {users}) + (SELECT COUNT(*) FROM {organisations})")
            if cursor.fetchone()[0] == 0:
                return None
        return "la base de données contient déjà des comptes ou des organisations"
    return f"la base de données contient déjà {len(tables)} table(s) d'une autre application"


def drop_tables(connection) -> None:
    tables = connection.introspection.table_names()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")


def restore_dump(connection, dump_path: Path) -> None:
    """Replaces the database's content with a dump of the same vendor."""
    drop_tables(connection)
    connection.close()
    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source, destination = sqlite3.connect(dump_path), sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
        return
    _run_postgres_tool(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump_path),
        ],
        connection.settings_dict,
    )


def _copied_models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


@contextmanager
def _original_stamps(models):
    """`bulk_create` stamps auto_now and auto_now_add fields with the current time: a copy keeps
    the dates it copies. The flags come back once the copy is done."""
    changed = [
        (field, field.auto_now, field.auto_now_add)
        for model in models
        for field in model._meta.local_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _now, _add in changed:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in changed:
            field.auto_now, field.auto_now_add = now, add


def copy_from_sqlite(connection, sqlite_path: Path) -> int:
    """Migration from SQLite into the (PostgreSQL) database of `connection`: the SQLite copy is
    first brought to the current schema (a backup of an older version), the target is given the
    same schema by `migrate` and emptied of what `migrate` wrote, then every row of every model
    is copied through the ORM, keys included, in one transaction. The ORM converts the values
    (booleans, dates, JSON); `bulk_create` sends no signal, so nothing is journaled twice and
    no rule meant for live edits (an adopted decision is never changed) sees a copy as an edit.
    Returns the number of rows copied."""
    alias = SOURCE_ALIAS
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: dict(connection.settings_dict),
            alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path)},
        }
    )
    connections.settings[alias] = configured[alias]
    try:
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        drop_tables(connection)
        call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
        # Content types and permissions written by migrate go: the copies keep the backup's keys.
        call_command("flush", database=connection.alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
        models = _copied_models()
        copied = 0
        with transaction.atomic(using=connection.alias), _original_stamps(models):
            for model in models:
                batch = []
                for row in model._base_manager.using(alias).order_by("pk").iterator(chunk_size=BATCH):
                    batch.append(row)
                    if len(batch) == BATCH:
                        model._base_manager.using(connection.alias).bulk_create(batch)
                        copied += len(batch)
                        batch = []
                if batch:
                    model._base_manager.using(connection.alias).bulk_create(batch)
                    copied += len(batch)
            # Rows came with their keys: the sequences start after them.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        return copied
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
