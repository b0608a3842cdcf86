"""Failed logins, counted in the cache shared by every worker (settings.CACHES: files).

Two counts, each with growing waits once its free failures are spent:
- per account *and* client address: 5 failures, then 1, 2, 4… minutes (at most an hour) before
  the next try from that address. Someone who knows an address cannot lock its owner out from
  elsewhere, as a lock per account did;
- per client address, whatever the account: 20 failures, then the same waits, against one
  address trying many accounts.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import caches

FREE_FAILURES_PER_ACCOUNT = 5
FREE_FAILURES_PER_ADDRESS = 20
FIRST_WAIT_SECONDS = 60
LONGEST_WAIT_SECONDS = 3600
# A count is forgotten a day after its last failure.
MEMORY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Counter:
    key: str
    free_failures: int


def counters(*, login: str, address: str) -> tuple[Counter, Counter]:
    login = login.strip().lower()
    return (
        Counter(_key("account-address", f"{login}\n{address}"), FREE_FAILURES_PER_ACCOUNT),
        Counter(_key("address", address), FREE_FAILURES_PER_ADDRESS),
    )


def seconds_to_wait(*, login: str, address: str, now: float | None = None) -> int:
    """0 when a login may be tried now; else how long until it may."""
    now = _now() if now is None else now
    waits = [0]
    for counter in counters(login=login, address=address):
        failures, last = _read(counter)
        if failures >= counter.free_failures:
            wait = min(FIRST_WAIT_SECONDS * 2 ** (failures - counter.free_failures), LONGEST_WAIT_SECONDS)
            waits.append(math.ceil(last + wait - now))
    return max(waits)


def record_failure(*, login: str, address: str, now: float | None = None) -> None:
    now = _now() if now is None else now
    for counter in counters(login=login, address=address):
        failures, _ = _read(counter)
        caches["default"].set(counter.key, (failures + 1, now), MEMORY_SECONDS)


def record_success(*, login: str, address: str) -> None:
    # Only the account's own count is forgotten: the address's count must not be reset by an
    # attacker logging in to an account of theirs between tries.
    account_counter, _ = counters(login=login, address=address)
    caches["default"].delete(account_counter.key)


def _now() -> float:
    return time.time()


def _read(counter: Counter) -> tuple[int, float]:
    return caches["default"].get(counter.key, (0, 0.0))


def _key(kind: str, value: str) -> str:
    # Hashed: whatever the cache backend, it keeps no list of the addresses and e-mails tried.
    return f"login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
