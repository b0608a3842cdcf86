"""Failed logins are counted in the cache shared by the workers, per account and client address, with
growing waits: someone who knows an address cannot lock its owner out from elsewhere."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches

from gouvernail.core import throttling
from gouvernail.core.models import User
from gouvernail.testing.personas import PASSWORD

LOGIN_URL = "/compte/login/"
MISMATCH = "L’adresse e-mail ou le mot de passe sont incorrects."
THROTTLED = "Trop de tentatives de connexion échouées depuis cette adresse réseau"
ATTACKER = "198.51.100.66"
OWNER = "203.0.113.10"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by the test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttling, "_now", lambda: now[0])
    return now


def attempt(client, password: str, *, address: str = ATTACKER, login: str = "direction@test.example") -> str:
    response = client.post(LOGIN_URL, {"login": login, "password": password}, REMOTE_ADDR=address)
    return response.content.decode() if response.status_code == 200 else f"redirect {response['Location']}"


def fail(client, times: int, **kwargs) -> None:
    for _ in range(times):
        assert MISMATCH in attempt(client, "pas-le-bon", **kwargs)


def test_after_five_failures_even_the_right_password_waits(users, client, clock):
    fail(client, 5)

    page = attempt(client, PASSWORD)

    assert THROTTLED in page
    assert "réessayez dans 1 minute." in page


def test_four_failures_do_not_hold_the_account(users, client, clock):
    fail(client, 4)

    assert attempt(client, PASSWORD) == "redirect /"


def test_the_owner_logs_in_from_another_address_while_an_attacker_is_held(users, client, clock):
    fail(client, 5, address=ATTACKER)

    assert THROTTLED in attempt(client, PASSWORD, address=ATTACKER)
    assert attempt(client, PASSWORD, address=OWNER) == "redirect /"


def test_the_waits_grow_one_two_four_minutes(users, client, clock):
    fail(client, 5)
    clock[0] += 59
    assert THROTTLED in attempt(client, "pas-le-bon")
    clock[0] += 2  # 61 s after the fifth failure: one more try
    fail(client, 1)

    clock[0] += 119
    assert "réessayez dans 1 minute." in attempt(client, "pas-le-bon")
    clock[0] += 2
    fail(client, 1)

    clock[0] += 200
    assert "réessayez dans 1 minute." in attempt(client, PASSWORD)  # 240 s to wait after the seventh
    clock[0] += 41
    assert attempt(client, PASSWORD) == "redirect /"


def test_a_held_attempt_is_not_counted_as_a_failure(users, client, clock):
    fail(client, 5)
    for _ in range(10):
        assert THROTTLED in attempt(client, "pas-le-bon")

    clock[0] += 61

    assert attempt(client, PASSWORD) == "redirect /"


def test_one_address_trying_many_accounts_is_held(org, client, clock, db):
    for i in range(20):
        fail(client, 1, login=f"agent{i}@test.example")
    User.objects.create_user("dernier@test.example", PASSWORD)

    assert THROTTLED in attempt(client, PASSWORD, login="dernier@test.example")
    assert attempt(client, PASSWORD, login="dernier@test.example", address=OWNER) == "redirect /"


def test_failures_counted_by_another_process_hold_the_login_here(users, client):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    another_worker = (
        "import django; django.setup()\n"
        "from gouvernail.core import throttling\n"
        "for _ in range(5):\n"
        f"    throttling.record_failure(login='direction@test.example', address='{ATTACKER}')\n"
    )

    subprocess.run([sys.executable, "-c", another_worker], check=True, timeout=120, env=os.environ.copy())
    # This process's own cache object, rebuilt: nothing counted in its memory.
    caches._connections.default = caches.create_connection("default")

    assert THROTTLED in attempt(client, PASSWORD)
    assert attempt(client, PASSWORD, address=OWNER) == "redirect /"


def test_a_success_forgets_the_failures_of_the_account_from_that_address(users, client, clock):
    fail(client, 4)
    assert attempt(client, PASSWORD) == "redirect /"
    client.post("/compte/logout/")

    fail(client, 4)

    assert attempt(client, PASSWORD) == "redirect /"


def test_a_proxy_not_declared_is_reported_in_the_log(users, client, clock, caplog):
    client.post(
        LOGIN_URL,
        {"login": "direction@test.example", "password": "pas-le-bon"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )

    assert "réglez GOUVERNAIL_TRUSTED_PROXY_COUNT" in caplog.text


def test_behind_a_declared_proxy_the_client_s_address_is_counted(users, client, clock, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            LOGIN_URL,
            {"login": "direction@test.example", "password": "pas-le-bon"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )

    owner = client.post(
        LOGIN_URL,
        {"login": "direction@test.example", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=OWNER,
    )

    assert owner.status_code == 302
