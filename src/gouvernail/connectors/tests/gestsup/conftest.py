"""A real MariaDB server with throw-away GestSup databases, read through a SELECT-only account.

Skipped, with the reason, when no server answers (see fakedb.server()); failed instead under CI.
"""

import uuid

import pytest

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.models import ConnectorConfig
from gouvernail.connectors.runner import config_password_set
from gouvernail.connectors.tests.gestsup.fakedb import GestsupDatabase, connect, unreachable_reason
from gouvernail.testing.services import unavailable

# The account the connector uses: its password must never surface anywhere (see test_credentials).
READER_PASSWORD = "Gestsup-Lecture-7q!Zr"


@pytest.fixture(scope="session")
def gestsup_server(request):
    """The MariaDB server and a SELECT-only account on it, dropped at the end of the session."""
    reason = unreachable_reason()
    if reason:
        unavailable(request.config, f"Tests du connecteur GestSup sautés : {reason}.")
    reader = f"gouv_{uuid.uuid4().hex[:8]}"
    admin = connect()
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE USER '{reader}'@'%%' IDENTIFIED BY %s", (READER_PASSWORD,))
    yield {"admin": admin, "reader": reader}
    with admin.cursor() as cursor:
        cursor.execute(f"DROP USER IF EXISTS '{reader}'@'%'")
    admin.close()


@pytest.fixture
def gestsup(gestsup_server):
    """A fresh GestSup database (GestSup's defaults plus a few categories, services, places)."""
    database = GestsupDatabase()
    database.add_lookups()
    with gestsup_server["admin"].cursor() as cursor:
        cursor.execute(f"GRANT SELECT ON `{database.name}`.* TO '{gestsup_server['reader']}'@'%'")
    database.reader = gestsup_server["reader"]
    yield database
    database.drop()


@pytest.fixture
def gestsup_config(org, gestsup) -> ConnectorConfig:
    settings = gestsup.settings()
    config = ConnectorConfig.objects.create(
        organisation=org,
        kind=ConnectorKind.GESTSUP,
        host=settings["host"],
        port=settings["port"],
        database=gestsup.name,
        user=gestsup.reader,
    )
    config_password_set(config=config, password=READER_PASSWORD)
    return config
