"""The pytest plugin of the whole suite (`-p gouvernail.testing.plugin`): fixtures, markers, summary."""

import shutil
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

from gouvernail.testing.services import FIXTURE_MARKERS, SERVICE_MARKERS, unavailable

# Fuzzing checks what parsers raise, not how fast inputs come: CI machines are shared and slow.
settings.register_profile("gouvernail", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gouvernail")

_ran: Counter = Counter()


def pytest_addoption(parser):
    parser.addoption(
        "--require-services",
        action="store_true",
        help="échoue (au lieu de sauter) quand Chromium, MariaDB ou LibreOffice manque ; implicite quand CI est défini",
    )


def pytest_configure(config):
    # Imported here, not at the top: pytest loads this plugin before pytest-django sets Django up,
    # and the fixture modules import models.
    for module in ("gouvernail.testing.personas", "gouvernail.testing.browser"):
        config.pluginmanager.import_plugin(module)
    for marker, label in SERVICE_MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: needs {label}")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        for marker in SERVICE_MARKERS:
            if marker in report.keywords:
                _ran[marker] += 1


def pytest_terminal_summary(terminalreporter):
    counts = ", ".join(f"{label} : {_ran[marker]}" for marker, label in SERVICE_MARKERS.items())
    terminalreporter.write_line(f"Tests réussis contre un vrai service — {counts}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache is a directory shared by the session (and the processes a test starts): each
    test starts from an empty one (failed logins, rate limits, rendered charts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def pinned_today(request, time_machine):
    """The clock held at noon of the test module's `TODAY`, ticking: a module that reads the date once,
    at import, must still agree with the code under test when the run crosses midnight (CI runs late)."""
    from datetime import datetime, time

    from django.utils import timezone

    today = request.module.TODAY
    time_machine.move_to(datetime.combine(today, time(12), tzinfo=timezone.get_default_timezone()), tick=True)
    return today


@pytest.fixture(scope="session")
def soffice(request) -> str:
    """LibreOffice's command line, to prove the documents open outside Microsoft Office."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        unavailable(request.config, "LibreOffice absent (paquet libreoffice-impress)")
    return command
