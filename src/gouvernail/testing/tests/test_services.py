"""A missing service skips its tests on a developer's machine and fails them under CI."""

from types import SimpleNamespace

import pytest

from gouvernail.testing.services import unavailable


def config(require_services: bool = False):
    return SimpleNamespace(getoption=lambda name: require_services if name == "require_services" else None)


def test_a_missing_service_skips_on_a_developers_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="Chromium absent"):
        unavailable(config(), "Chromium absent")


def test_a_missing_service_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="Service requis absent : Chromium absent"):
        unavailable(config(), "Chromium absent")


def test_a_missing_service_fails_when_services_are_required(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.fail.Exception, match="MariaDB"):
        unavailable(config(require_services=True), "MariaDB injoignable")
