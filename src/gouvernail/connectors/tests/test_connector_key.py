"""The connector key: read from the data directory's file `make run` writes, and checked at
start-up in production (a system check, French), never discovered by a 500 on save."""

from cryptography.fernet import Fernet

from gouvernail.connectors import crypto
from gouvernail.connectors.checks import check_connector_key


def production(settings, monkeypatch, key_file):
    monkeypatch.delenv(crypto.ENV_VAR, raising=False)
    settings.DEBUG = False
    settings.GOUVERNAIL_TESTING = False
    settings.GOUVERNAIL_CONNECTOR_KEY_FILE = key_file


def test_production_without_a_key_does_not_start(settings, monkeypatch, tmp_path):
    production(settings, monkeypatch, tmp_path / "connector_key")

    errors = check_connector_key()

    assert [error.id for error in errors] == ["connectors.E003"]
    assert errors[0].msg.startswith("GOUVERNAIL_CONNECTOR_KEY est obligatoire hors mode debug")
    assert "connector_key" in errors[0].hint


def test_the_key_file_of_the_data_directory_is_enough(settings, monkeypatch, tmp_path):
    key = Fernet.generate_key().decode()
    (tmp_path / "connector_key").write_text(f"{key}\n")
    production(settings, monkeypatch, tmp_path / "connector_key")

    assert check_connector_key() == []
    assert Fernet(key).decrypt(crypto.encrypt("secret").encode()) == b"secret"


def test_a_key_that_is_not_a_fernet_key_does_not_start(settings, monkeypatch, tmp_path):
    (tmp_path / "connector_key").write_text("trop-courte")
    production(settings, monkeypatch, tmp_path / "connector_key")

    assert [error.msg for error in check_connector_key()] == [crypto.INVALID]


def test_debug_mode_starts_without_a_key(settings, monkeypatch, tmp_path):
    production(settings, monkeypatch, tmp_path / "connector_key")
    settings.DEBUG = True

    assert check_connector_key() == []
