"""`gouvernail connector configure|test` against a real GestSup database (MariaDB): settings
validated by the source's schema, the secret read from standard input, French diagnoses."""

import io
import sys

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.crypto import decrypt
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret
from gouvernail.connectors.tests.gestsup.conftest import READER_PASSWORD
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db


def connector(*args, stdin: str = "") -> str:
    out = io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("connector", *args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = saved
    return out.getvalue()


def configure(gestsup, *extra: str, password: str = READER_PASSWORD) -> str:
    where = gestsup.settings()
    return connector(
        "configure",
        "gestsup",
        "--org",
        "test",
        "--set",
        f"host={where['host']}",
        "--set",
        f"port={where['port']}",
        "--set",
        f"database={gestsup.name}",
        "--set",
        f"user={gestsup.reader}",
        *extra,
        "--secret",
        "password",
        stdin=f"{password}\n",
    )


def test_configure_stores_the_settings_and_the_secret_read_from_standard_input(org, gestsup):
    make_service(org, "Finances")

    configure(gestsup, "--set", "service_mapping=Service inconnu chez nous = Finances", "--set", "full_every=12")

    config = ConnectorConfig.objects.get(organisation=org, kind=ConnectorKind.GESTSUP)
    assert (config.database, config.user, config.full_every) == (gestsup.name, gestsup.reader, 12)
    assert list(config.service_mapping) == ["Service inconnu chez nous"]
    assert decrypt(ConnectorSecret.objects.get(config=config).value_encrypted) == READER_PASSWORD


def test_configure_works_as_typed_on_the_command_line(org, gestsup, monkeypatch):
    # The command line closes the database connections when it is done: here, that would close
    # the test's own transaction (PostgreSQL).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    where = gestsup.settings()
    argv = ["gouvernail", "connector", "configure", "gestsup", "--org", "test", "--set", f"host={where['host']}"]
    argv += ["--set", f"port={where['port']}", "--set", f"database={gestsup.name}", "--set", f"user={gestsup.reader}"]
    saved = sys.stdin
    sys.stdin = io.StringIO(f"{READER_PASSWORD}\n")
    try:
        # Through the command line's own parsing (Django's --settings, --pythonpath… beside ours).
        execute_from_command_line([*argv, "--secret", "password"])
    finally:
        sys.stdin = saved

    config = ConnectorConfig.objects.get(organisation=org, kind=ConnectorKind.GESTSUP)
    assert (config.database, config.user) == (gestsup.name, gestsup.reader)


def test_test_says_the_connection_works(org, gestsup):
    configure(gestsup)

    output = connector("test", "gestsup", "--org", "test")

    assert "Connexion réussie : GestSup" in output


def test_a_wrong_password_gives_a_french_diagnosis_and_a_failure(org, gestsup):
    configure(gestsup, password="pas-le-bon")

    with pytest.raises(CommandError, match="Identifiants refusés") as failure:
        connector("test", "gestsup", "--org", "test")

    assert failure.value.returncode == 1
    assert "pas-le-bon" not in str(failure.value)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("port=trois", "« port » (port) : « trois » n'est pas un nombre entier."),
        ("port=70000", "« port » (port) doit être compris entre 1 et 65535."),
        ("table_prefix=t; DROP", "« table_prefix » (préfixe des tables) ne peut contenir"),
        ("password=en-clair", "« password » n'est pas un réglage de cette source"),
        ("url=https://ailleurs.example", "« url » n'est pas un réglage de cette source"),
        ("service_mapping=Compta = Inexistant", "aucun service « Inexistant » dans l'organisation"),
        ("interval_minutes=1", "« interval_minutes »"),
        ("timezone=Mars/Olympus", "fuseau horaire inconnu « Mars/Olympus »"),
    ],
)
def test_a_bad_setting_is_refused_in_french_naming_its_key_and_nothing_is_saved(org, gestsup, setting, message):
    with pytest.raises(CommandError, match="Réglages refusés") as refused:
        configure(gestsup, "--set", setting)

    assert message in str(refused.value)
    assert not ConnectorConfig.objects.exists()


def test_the_first_configuration_needs_its_secret(org, gestsup):
    with pytest.raises(CommandError, match="« password » \\(mot de passe\\) est obligatoire"):
        connector(
            "configure", "gestsup", "--org", "test", "--set", "host=127.0.0.1", "--set", "database=x", "--set", "user=y"
        )

    assert not ConnectorConfig.objects.exists()


def test_changing_the_server_without_the_secret_is_refused(org, gestsup):
    configure(gestsup)

    with pytest.raises(CommandError, match="Rien n'a été enregistré"):
        connector("configure", "gestsup", "--org", "test", "--set", "host=autre.example")

    assert ConnectorConfig.objects.get().host == gestsup.settings()["host"]


def test_test_without_a_configuration_says_how_to_make_one(org):
    with pytest.raises(CommandError, match="gouvernail connector configure gestsup --org test"):
        connector("test", "gestsup", "--org", "test")
