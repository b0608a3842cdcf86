import logging

import pytest

from gouvernail.connectors.tests.fakes.common import SECRET, SleepRecorder


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def all_logs(caplog):
    """Every log record at DEBUG, from every logger (httpx, httpcore, msal included)."""
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_secret_absent(caplog, *errors: BaseException, secret: str = SECRET) -> None:
    """The secret appears in no captured log line and in no error message, args or cause."""
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
    for error in errors:
        chain = [error, error.__cause__, error.__context__]
        for item in filter(None, chain):
            assert secret not in str(item)
            assert secret not in repr(item.args)
