"""« Tester la connexion »: a French diagnosis for each way it goes wrong."""

import socket

import pytest

from gouvernail.connectors.gestsup.client import GestsupClient, diagnose
from gouvernail.connectors.tests.gestsup.conftest import READER_PASSWORD


def reader_settings(gestsup, **overrides) -> dict:
    return gestsup.settings(**{"user": gestsup.reader, "password": READER_PASSWORD, **overrides})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_reachable_gestsup_is_diagnosed_with_its_version(gestsup):
    diagnosis = diagnose(**reader_settings(gestsup))

    assert diagnosis.ok
    assert diagnosis.message == "Connexion réussie : GestSup 3.2.55, toutes les tables nécessaires sont lisibles."


def test_a_wrong_password_is_named_without_being_shown(gestsup):
    diagnosis = diagnose(**reader_settings(gestsup, password="mauvais-mot-de-passe"))

    assert not diagnosis.ok
    assert diagnosis.message == "Identifiants refusés : l'utilisateur ou le mot de passe est incorrect."
    assert "mauvais" not in diagnosis.message


def test_a_port_where_nothing_listens_is_an_unreachable_host(gestsup):
    port = free_port()

    diagnosis = diagnose(**reader_settings(gestsup, port=port))

    assert diagnosis.message == (
        "GestSup injoignable : aucune connexion n'a pu être établie avec le serveur. "
        "Vérifiez le nom ou l'adresse du serveur, son port, le DNS, le pare-feu, et que cette destination "
        "est autorisée aux connecteurs (GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS)."
    )


def test_an_unknown_host_name_is_an_unreachable_host(gestsup):
    diagnosis = diagnose(**reader_settings(gestsup, host="gestsup.invalid"))

    # Said like a closed port: telling them apart would help map a network.
    assert diagnosis.message == diagnose(**reader_settings(gestsup, port=free_port())).message


def test_an_unknown_database_is_named(gestsup):
    diagnosis = diagnose(**gestsup.settings(database="gestsup_absente"))

    assert diagnosis.message == "Base de données inconnue : « gestsup_absente » n'existe pas sur ce serveur."


def test_a_missing_table_is_named(gestsup):
    gestsup.execute("DROP TABLE tassets_model")

    diagnosis = diagnose(**reader_settings(gestsup))

    assert diagnosis.message == "Table manquante : « tassets_model » (est-ce bien une base GestSup ?)."


@pytest.mark.parametrize("version", ["2.9.1", "4.0.0", ""])
def test_an_unsupported_gestsup_version_is_refused(version, gestsup):
    gestsup.execute("UPDATE tparameters SET version = %s", (version,))

    diagnosis = diagnose(**reader_settings(gestsup))

    assert not diagnosis.ok
    assert diagnosis.message.startswith(f"Version de GestSup non prise en charge : « {version or 'inconnue'} »")


def test_a_table_prefix_reads_prefixed_tables(gestsup):
    gestsup.execute("RENAME TABLE tincidents TO gs_tincidents")
    client = GestsupClient(**reader_settings(gestsup), table_prefix="gs_")

    with client:
        assert client.count_tickets() == 0


def test_a_table_prefix_that_could_inject_sql_is_refused(gestsup):
    from gouvernail.connectors.gestsup.client import ConnectionProblem

    with pytest.raises(ConnectionProblem):
        GestsupClient(**reader_settings(gestsup), table_prefix="x`; DROP TABLE tincidents; --")
