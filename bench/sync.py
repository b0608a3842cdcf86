"""Benchmark of the GestSup connector: 20 000 then 200 000 tickets from MariaDB into our requests.

At each size, in an organisation and a GestSup database of its own, both helpdesks ending a
fortnight ago as real ones do (the indicators computed after the sync then see the same recent
months; a 20k base made of the first tickets of the 200k one was two years old, and its sync
computed nearly nothing): a first (full) sync, run in a fresh process (`_setup.in_child`) for
its time and the growth of its resident memory (200k must peak at most 1.2 × 20k), then a
second with nothing changed (it must take under a tenth of the first). At the large size, the
floor too: the same rows read with the same driver through a streamed SSCursor and inserted
into our table with one `executemany` (the full sync must cost at most twice that).

GOUVERNAIL_BENCH_TICKETS changes the large size (default 200 000; the small one is a tenth).
Needs a MariaDB server (GOUVERNAIL_TEST_MARIADB, default 127.0.0.1:3306, user root without
password).
"""

import datetime as dt
import time
import uuid
from zoneinfo import ZoneInfo

from bench._setup import django_ready, fresh_organisation, label, ratio, size

TICKETS = size("GOUVERNAIL_BENCH_TICKETS", 200_000)
SMALL = max(1, TICKETS // 10)  # the goals compare 20k and 200k
READER_PASSWORD = "Bench-Lecture-" + uuid.uuid4().hex[:8]


def _fill(database, count: int) -> None:
    """Tickets numbered 1..count into GestSup's table, the last ones a fortnight old."""
    from gouvernail.connectors.tests.gestsup.fakedb import generated_tickets

    # Every ticket in the past, as in a real GestSup: the generator spaces them 7 minutes apart,
    # and tickets dated after today would be set aside as impossible dates and read again by
    # every incremental run (the high-water mark never passes the run's start).
    base = dt.datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    base -= dt.timedelta(minutes=7 * count) + dt.timedelta(days=15)
    step = 20000
    for start in range(1, count + 1, step):
        database.insert("tincidents", generated_tickets(min(step, count - start + 1), start_id=start, base=base))


def _floor(database, organisation) -> float:
    """Same rows, same driver, streamed; one executemany into servicedesk_request."""
    import pymysql
    import pymysql.cursors
    from django.db import connection, transaction

    from gouvernail.connectors.gestsup.client import TICKET_COLUMNS
    from gouvernail.connectors.tests.gestsup.fakedb import server

    tz = ZoneInfo("Europe/Paris")
    started = time.perf_counter()
    source = pymysql.connect(**{**server(), "database": database.name})
    cursor = source.cursor(pymysql.cursors.SSCursor)
    columns = ", ".join(f"`{c}`" for c in TICKET_COLUMNS)
    cursor.execute(f"SELECT {columns} FROM tincidents ORDER BY id")
    rows = [
        (organisation.pk, "gestsup", str(row[0]), row[8].replace(tzinfo=tz), "nouvelle", "", "", "", "support")
        for row in cursor
        if hasattr(row[8], "replace")
    ]
    source.close()
    with transaction.atomic(), connection.cursor() as ours:
        ours.executemany(
            "INSERT INTO servicedesk_request (organisation_id, source, external_id, opened_at, status, request_type,"
            " category, subcategory, family) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
    elapsed = time.perf_counter() - started
    del rows
    from gouvernail.servicedesk.models import Request

    Request.objects.filter(organisation=organisation).delete()
    return elapsed


def main() -> None:
    django_ready()
    from gouvernail.connectors.tests.gestsup.fakedb import GestsupDatabase, unreachable_reason

    reason = unreachable_reason()
    if reason:
        print(f"bench/sync.py sauté : {reason}.")
        return
    measured = {}
    for count in (SMALL, TICKETS):
        database = GestsupDatabase()
        reader = f"bench_{uuid.uuid4().hex[:8]}"
        try:
            database.add_lookups()
            database.execute(f"CREATE USER '{reader}'@'%%' IDENTIFIED BY %s", (READER_PASSWORD,))
            database.execute(f"GRANT SELECT ON `{database.name}`.* TO '{reader}'@'%'")
            started = time.perf_counter()
            _fill(database, count)
            print(f"GestSup : {count} tickets dans MariaDB ({time.perf_counter() - started:.1f} s)", flush=True)
            measured[count] = measure(database, reader, count, with_floor=count == TICKETS)
        finally:
            database.execute(f"DROP USER IF EXISTS '{reader}'@'%'")
            database.drop()
    small, large = measured[SMALL], measured[TICKETS]
    ratio("sync", f"gestsup_full_{label(TICKETS)}_vs_driver_floor", large["full"] / large["floor"], 2)
    for count in (SMALL, TICKETS):
        found = measured[count]
        ratio("sync", f"gestsup_nochange_{label(count)}_vs_full", found["again"] / found["full"], 0.1)
    memory = large["peak"] / max(small["peak"], 1)
    ratio("sync", f"gestsup_peak_memory_{label(TICKETS)}_vs_{label(SMALL)}", memory, 1.2)


def _sync(config, full=False):
    from gouvernail.connectors.choices import RunStatus, RunTrigger
    from gouvernail.connectors.runner import run_execute, run_start

    run = run_start(config=config, trigger=RunTrigger.COMMAND, full=full)
    run = run_execute(run)
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    return run


def child_first_sync(config_pk: int) -> dict:
    """In a fresh process: a first (full) sync, its time and its memory (`_setup.run_measured`)."""
    from bench._setup import run_measured
    from gouvernail.connectors.models import ConnectorConfig

    config = ConnectorConfig.objects.get(pk=config_pk)
    found = run_measured(lambda: _sync(config))
    found["result"] = found["result"].created_count
    return found


def measure(database, reader: str, count: int, *, with_floor: bool) -> dict:
    from bench._setup import in_child
    from gouvernail.connectors.choices import ConnectorKind
    from gouvernail.connectors.models import ConnectorConfig
    from gouvernail.connectors.runner import config_password_set
    from gouvernail.connectors.tests.gestsup.fakedb import server
    from gouvernail.servicedesk.models import Request

    organisation = fresh_organisation(f"bench-sync-{label(count)}")
    config = ConnectorConfig.objects.create(
        organisation=organisation,
        kind=ConnectorKind.GESTSUP,
        host=server()["host"],
        port=server()["port"],
        database=database.name,
        user=reader,
    )
    config_password_set(config=config, password=READER_PASSWORD)

    floor = _floor(database, organisation) if with_floor else None
    first = in_child("sync.child_first_sync", config.pk)
    first_time, peak = first["seconds"], first["peak_bytes"]
    stored = Request.objects.filter(organisation=organisation).count()
    begun = time.perf_counter()
    second = _sync(config)
    second_time = time.perf_counter() - begun

    print(f"{'mesure':<46} {'valeur':>14}")
    if floor:
        print(f"{'plancher (SSCursor + un executemany)':<46} {floor:>12.2f} s  {count / floor:>9,.0f} lignes/s")
    print(f"{'première synchro (complète)':<46} {first_time:>12.2f} s  {count / first_time:>9,.0f} lignes/s")
    if floor:
        print(f"{'  rapport au plancher':<46} {first_time / floor:>12.2f} ×")
    print(f"{'  demandes enregistrées':<46} {stored:>14,}")
    print(f"{'seconde synchro (rien de changé)':<46} {second_time:>12.2f} s")
    print(f"{'  rapport à la première (doit être < 0,1)':<46} {second_time / first_time:>12.3f}")
    print(f"{'  lignes relues / modifiées':<46} {second.progress_total:>7} / {second.updated_count}")
    print(f"{'pic de mémoire résidente de la première synchro':<46} {peak / 2**20:>12.1f} Mo", flush=True)
    return {"floor": floor, "full": first_time, "again": second_time, "peak": peak}


if __name__ == "__main__":
    main()
