"""The shared base: error vocabulary, retries, paging helpers and value readers."""

import socket
from datetime import UTC, date, datetime

import pytest

from gouvernail.connectors import errors
from gouvernail.connectors.http import (
    SourceClient,
    SourceUnreachable,
    Throttled,
    UnexpectedResponse,
    offset_pages,
    parse_content_range,
    parse_retry_after,
)
from gouvernail.connectors.values import as_int, clean_serial, from_epoch, read_datetime


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert parse_retry_after("17") == 17.0
    assert parse_retry_after("Sat, 28 Nov 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Sat, 28 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("bientôt") is None and parse_retry_after(None) is None


def test_a_source_asking_to_wait_too_long_is_not_waited_for(httpserver, sleeps):
    httpserver.expect_request("/x").respond_with_json({}, status=429, headers={"Retry-After": "3600"})
    with SourceClient(httpserver.url_for("/"), sleep=sleeps) as client, pytest.raises(Throttled) as throttled:
        client.get_json("/x")
    assert sleeps.delays == [] and throttled.value.retry_after == 3600.0


def test_a_closed_port_is_unreachable_with_a_french_message_and_no_chained_exception(sleeps):
    client = SourceClient(f"http://127.0.0.1:{free_port()}", sleep=sleeps, timeout=2)
    with client, pytest.raises(SourceUnreachable) as unreachable:
        client.get_json("/status?token=abc")
    assert str(unreachable.value) == "source injoignable : aucune connexion n'a pu être établie avec le serveur."
    assert unreachable.value.__context__ is None and unreachable.value.__cause__ is None


def test_a_client_error_is_an_unexpected_response(httpserver, sleeps):
    httpserver.expect_request("/missing").respond_with_data("non", status=404)
    with SourceClient(httpserver.url_for("/"), sleep=sleeps) as client, pytest.raises(UnexpectedResponse) as error:
        client.get_json("/missing", params={"api_key": "k"})
    assert error.value.status == 404 and "api_key" not in str(error.value)


def test_every_error_class_has_a_french_diagnosis():
    classes = [errors.SourceError, *errors.SourceError.__subclasses__()]
    assert len({cls.diagnosis for cls in classes}) == len(classes)
    assert all(cls.diagnosis.endswith(".") for cls in classes)
    # A timeout is a network failure like the others: same advice (see connectors.network).
    assert errors.SourceTimeout.diagnosis == errors.SourceUnreachable.diagnosis


def test_content_range_and_offset_paging():
    assert parse_content_range("0-999/1234").total == 1234
    assert not parse_content_range("0-999/1234").is_last_page and parse_content_range("1000-1233/1234").is_last_page
    assert parse_content_range("n'importe quoi") is None
    calls = []

    def fetch(offset, limit):
        calls.append(offset)
        return list(range(offset, min(offset + limit, 7)))

    assert [len(page) for page in offset_pages(fetch, page_size=3)] == [3, 3, 1]
    assert calls == [0, 3, 6]


def test_value_readers_turn_sentinels_into_none():
    assert read_datetime("0001-01-01T00:00:00Z") is None
    assert read_datetime("2024-03-01T10:00:00.1234567Z") == datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert read_datetime("2025-03-04").date() == date(2025, 3, 4)
    assert read_datetime("pas une date") is None
    assert from_epoch(0, milliseconds=True) is None and from_epoch(1718000000).year == 2024
    assert as_int("331382784") == 331382784 and as_int(True) is None and as_int("x") is None
    assert clean_serial("To be filled by O.E.M.") == "" and clean_serial(" 5CG1 ") == "5CG1"
