"""What the suite needs from the machine (Chromium, MariaDB, LibreOffice) and what it does without.

On a developer's machine a missing service skips its tests with the reason; under CI (`CI` set,
as `.ci/run` does) or with `--require-services` it fails them, so that a broken install step
cannot pass green. The summary line counts the tests that really ran against each service.
"""

import os

import pytest

# Markers added at collection from the fixtures a test uses (see plugin.py), counted at the end.
SERVICE_MARKERS = {
    "browser": "navigateur (Chromium)",
    "mariadb": "MariaDB (GestSup)",
    "libreoffice": "LibreOffice",
}
FIXTURE_MARKERS = {"browser": "browser", "gestsup_server": "mariadb", "soffice": "libreoffice"}


def services_required(config: pytest.Config) -> bool:
    return bool(config.getoption("require_services") or os.environ.get("CI"))


def unavailable(config: pytest.Config, reason: str) -> None:
    """Skip the test for `reason`, or fail it when services are required."""
    if services_required(config):
        pytest.fail(f"Service requis absent : {reason}", pytrace=False)
    pytest.skip(reason)
