"""Backup here, restore elsewhere (another process, data directory and database, as an operator
does on a new server), and the two instances hold the same rows, files and keys."""

import os
import sqlite3
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from gouvernail.backup.services import backup_create
from gouvernail.backup.tests.helpers import (
    create_register_key,
    files_digest,
    model_fingerprints,
    model_fingerprints_of,
    run_gouvernail,
    table_fingerprints,
)
from gouvernail.demo.loader import load_demo
from gouvernail.governance.models import Meeting
from gouvernail.governance.services import checkpoint_issue
from gouvernail.testing.factories.reports import make_copil_pack
from gouvernail.testing.services import unavailable

pytestmark = pytest.mark.django_db(transaction=True)


def postgres_server_url() -> str:
    """The PostgreSQL server of the suite when it runs on one, else the local one (CI has both)."""
    url = os.environ.get("GOUVERNAIL_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_database(request):
    """A database of its own on the PostgreSQL server, created and dropped by the test."""
    server = urlsplit(postgres_server_url())
    name = f"gouvernail_restauration_{os.getpid()}"
    maintenance = urlunsplit(server._replace(path="/postgres"))
    try:
        admin = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        unavailable(request.config, f"PostgreSQL injoignable ({error})")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(server._replace(path=f"/{name}"))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(instance_dirs, tmp_path):
    """The demo, a signed checkpoint of its register, an archived COPIL pack, backed up."""
    organisation = load_demo().organisation
    create_register_key(organisation)
    checkpoint_issue(organisation=organisation, reason="manuel", acting_user=None)
    meeting = Meeting.objects.filter(organisation=organisation).earliest("pk")
    make_copil_pack(meeting, content=b"%PDF-1.7 dossier archive du COPIL")
    archive = tmp_path / "gouvernail.zip"
    backup_create(output=archive)
    return archive


def source_tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def test_a_restored_instance_holds_the_same_rows_files_and_keys(source, instance_dirs, tmp_path, request):
    target = tmp_path / "cible"
    database_url = None
    if connection.vendor == "postgresql":
        database_url = request.getfixturevalue("postgres_database")

    restored = run_gouvernail("restore", str(source), data_dir=target, database_url=database_url)

    assert restored.returncode == 0, restored.stderr
    assert "Registre des décisions gesnois-bilurien : OK (1 point(s) de contrôle vérifié(s))" in restored.stdout
    tables = source_tables()
    with connection.cursor() as cursor:
        expected = table_fingerprints(cursor, connection.vendor, tables)
    if database_url:
        with psycopg.connect(database_url) as other:
            actual = table_fingerprints(other.cursor(), "postgresql", tables)
    else:
        other = sqlite3.connect(target / "gouvernail.sqlite3")
        actual = table_fingerprints(other.cursor(), "sqlite", tables)
        other.close()
    assert {table: value[0] for table, value in expected.items() if value[0]}, "the source is not empty"
    assert actual == expected
    assert files_digest(target / "media") == files_digest(instance_dirs / "media")
    assert any(name.startswith("dossiers-copil/") for name in files_digest(target / "media"))
    assert files_digest(target / "keys") == files_digest(instance_dirs / "keys") != {}

    again = run_gouvernail("restore", str(source), data_dir=target, database_url=database_url)
    assert again.returncode != 0
    assert "Restauration refusée : la cible n'est pas vide" in again.stderr

    forced = run_gouvernail("restore", str(source), "--force", data_dir=target, database_url=database_url)
    assert forced.returncode == 0, forced.stderr
    assert "Registre des décisions gesnois-bilurien : OK" in forced.stdout


def test_a_sqlite_backup_moves_into_postgresql_row_for_row(source, tmp_path, request):
    if connection.vendor != "sqlite":
        pytest.skip("le passage part d'une sauvegarde SQLite : il se teste dans la suite SQLite")
    database_url = request.getfixturevalue("postgres_database")

    restored = run_gouvernail("restore", str(source), data_dir=tmp_path / "cible", database_url=database_url)

    assert restored.returncode == 0, restored.stderr
    assert "Passage à PostgreSQL :" in restored.stdout
    assert "Registre des décisions gesnois-bilurien : OK (1 point(s) de contrôle vérifié(s))" in restored.stdout
    expected = model_fingerprints()
    assert sum(count for count, _digest in expected.values()) > 10_000
    assert model_fingerprints_of(tmp_path / "cible", database_url) == expected
