import logging

import pytest

from gouvernail.connectors.tests.fakes.common import SECRET, SleepRecorder
from gouvernail.connectors.tests.fakes.graph import FakeEntra
from gouvernail.connectors.tests.fakes.silent import SilentServer
from gouvernail.connectors.tests.fakes.tls import https_server


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def all_logs(caplog):
    """Every log record at DEBUG, from every logger (httpx, httpcore, msal included)."""
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture
def entra(tmp_path):
    """A fake Entra ID on loopback HTTPS; `entra.cert` is the CA file to trust."""
    server, cert = https_server(tmp_path)
    fake = FakeEntra(server).install()
    fake.cert = str(cert)
    yield fake
    server.clear()
    server.stop()


@pytest.fixture
def silent_server():
    """A loopback port that accepts connections and never answers (`fakes.silent`)."""
    server = SilentServer()
    yield server
    server.close()


def assert_secret_absent(caplog, *errors: BaseException, secret: str = SECRET) -> None:
    """The secret appears in no captured log line and in no error message, args or cause."""
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
    for error in errors:
        chain = [error, error.__cause__, error.__context__]
        for item in filter(None, chain):
            assert secret not in str(item)
            assert secret not in repr(item.args)
