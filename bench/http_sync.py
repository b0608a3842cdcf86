"""Benchmark of an HTTP connector run: GLPI's REST API (computers and tickets) into our tables.

The GLPI is the tests' fake (`connectors/tests/fakes/glpi.py`), served on loopback by
pytest-httpserver's werkzeug server, so that the floor and the run pay the same server. The
floor reads the same pages with plain httpx (session, `range` paging, JSON decoding) and
inserts one row per ticket with one `executemany`; the run goes through the runner as the
worker would (session, mapping, equipment matching, requests written through the servicedesk
services, indicators recomputed). A second run with nothing changed shows what a nightly run
costs when the source did not move.

The goal: the run with nothing changed costs at most a tenth of the first, at 20 000 and at
200 000 tickets (each size in an organisation of its own). GOUVERNAIL_BENCH_GLPI_TICKETS and
GOUVERNAIL_BENCH_GLPI_COMPUTERS change the sizes (default 200 000 — the small size is a tenth —
and 5 000).
"""

import time

from bench._setup import django_ready, fresh_organisation, label, ratio, size

TICKETS = size("GOUVERNAIL_BENCH_GLPI_TICKETS", 200_000)
SMALL = max(1, TICKETS // 10)
COMPUTERS = size("GOUVERNAIL_BENCH_GLPI_COMPUTERS", 5_000)
PAGE = 500


def _tickets(count: int):
    from gouvernail.connectors.tests.fakes.glpi import ticket

    rows = []
    for n in range(1, count + 1):
        row = ticket(n, status=(2, 5, 6)[n % 3])
        day = 1 + n % 28
        row["date"] = row["date_creation"] = f"2025-{1 + n % 12:02d}-{day:02d} 09:12:44"
        # Each ticket last modified on its own day, as in a real GLPI: with one date_mod shared by
        # every row, the incremental run's one-second overlap would read them all again.
        row["date_mod"] = f"2025-{1 + n % 12:02d}-{day:02d} {10 + n % 10:02d}:{n % 60:02d}:{n // 60 % 60:02d}"
        rows.append(row)
    return rows


def _computers(count: int):
    from gouvernail.connectors.tests.fakes.glpi import computer

    rows = []
    for n in range(1, count + 1):
        row = computer(n)
        row["19"] = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d} {8 + n % 10:02d}:{n % 60:02d}:00"
        rows.append(row)
    return rows


def _floor(fake, organisation, tickets: int) -> float:
    """Same pages, plain httpx, one executemany: what any client must at least pay."""
    import httpx
    from django.db import connection, transaction

    from gouvernail.connectors.glpi.client import COMPUTER_COLUMNS
    from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN

    started = time.perf_counter()
    with httpx.Client(base_url=fake.url, headers={"App-Token": APP_TOKEN}) as http:
        session = http.get("/initSession", headers={"Authorization": f"user_token {USER_TOKEN}"}).json()
        headers = {"Session-Token": session["session_token"]}
        display = {f"forcedisplay[{i}]": column for i, column in enumerate(COMPUTER_COLUMNS)}
        for first in range(0, COMPUTERS, PAGE):
            http.get("/search/Computer", params={**display, "range": f"{first}-{first + PAGE - 1}"}, headers=headers)
        rows = []
        for first in range(0, tickets, PAGE):
            page = http.get("/Ticket", params={"range": f"{first}-{first + PAGE - 1}"}, headers=headers).json()
            rows += [
                (organisation.pk, "glpi", str(item["id"]), item["date"], "nouvelle", "", "", "", "support")
                for item in page
            ]
        http.get("/killSession", headers=headers)
    with transaction.atomic(), connection.cursor() as ours:
        ours.executemany(
            "INSERT INTO servicedesk_request (organisation_id, source, external_id, opened_at, status, request_type,"
            " category, subcategory, family) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
    elapsed = time.perf_counter() - started
    from gouvernail.servicedesk.models import Request

    Request.objects.filter(organisation=organisation).delete()
    return elapsed


def main() -> None:
    django_ready()
    import logging

    # One access-log line per page from the server and from httpx would drown the table.
    for name in ("werkzeug", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from pytest_httpserver import HTTPServer

    server = HTTPServer()
    server.start()
    try:
        measured = {count: measure(server, count, with_floor=count == TICKETS) for count in (SMALL, TICKETS)}
    finally:
        server.clear()
        server.stop()
    for count, (first_time, second_time) in measured.items():
        ratio("http_sync", f"glpi_nochange_{label(count)}_vs_full", second_time / first_time, 0.1)


def measure(server, tickets: int, *, with_floor: bool) -> tuple[float, float]:
    from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
    from gouvernail.connectors.models import ConnectorConfig
    from gouvernail.connectors.runner import config_password_set, run_execute, run_start
    from gouvernail.connectors.tests.fakes.glpi import APP_TOKEN, USER_TOKEN, FakeGlpi
    from gouvernail.inventory.models import Equipment
    from gouvernail.servicedesk.models import Request

    server.clear()
    fake = FakeGlpi(server, computers=_computers(COMPUTERS), tickets=_tickets(tickets))
    fake.install()
    organisation = fresh_organisation(f"bench-glpi-{label(tickets)}")
    # Half the computers are already in the inventory (matched by serial), the others unknown.
    Equipment.objects.bulk_create(
        Equipment(organisation=organisation, name=f"PC-{n:03d}", serial=f"SN{n:05d}")
        for n in range(1, COMPUTERS + 1, 2)
    )
    config = ConnectorConfig.objects.create(organisation=organisation, kind=ConnectorKind.GLPI, url=fake.url)
    config_password_set(config=config, password=USER_TOKEN)
    config_password_set(config=config, password=APP_TOKEN, name="app_token")

    def run():
        recorded = run_start(config=config, trigger=RunTrigger.COMMAND)
        begun = time.perf_counter()
        recorded = run_execute(recorded)
        elapsed = time.perf_counter() - begun
        assert recorded.status == RunStatus.SUCCEEDED, recorded.error_message
        return recorded, elapsed

    floor = _floor(fake, organisation, tickets) if with_floor else None
    first, first_time = run()
    stored = Request.objects.filter(organisation=organisation).count()
    second, second_time = run()

    print(f"GLPI : {COMPUTERS} ordinateurs, {tickets} tickets, pages de {PAGE}")
    print(f"{'mesure':<46} {'valeur':>14}")
    if floor:
        print(f"{'plancher (httpx + un executemany)':<46} {floor:>12.2f} s  {tickets / floor:>9,.0f} tickets/s")
    print(f"{'première synchro':<46} {first_time:>12.2f} s  {tickets / first_time:>9,.0f} tickets/s")
    if floor:
        print(f"{'  rapport au plancher':<46} {first_time / floor:>12.2f} ×")
    print(f"{'  demandes enregistrées':<46} {stored:>14,}")
    print(f"{'  équipements mis à jour':<46} {first.details['équipements']['modifiés']:>14,}")
    print(f"{'seconde synchro (rien de changé)':<46} {second_time:>12.2f} s")
    print(f"{'  rapport à la première (doit être < 0,1)':<46} {second_time / first_time:>12.3f}")
    print(f"{'  lignes modifiées':<46} {second.updated_count:>14,}", flush=True)
    return first_time, second_time
