"""Benchmark of the GestSup connector: 200 000 tickets from MariaDB into our requests.

Prints rows/s of a first (full) sync, the ratio to a floor measured in the same run (the same
rows read with the same driver through a streamed SSCursor and inserted into our table with
one `executemany`), the time of a second sync with nothing changed (it must take under a
tenth of the first), and the peak Python memory of a first sync (tracemalloc, on a separate
run because tracing slows Python down).

GOUVERNAIL_BENCH_TICKETS changes the size (default 200 000). Needs a MariaDB server
(GOUVERNAIL_TEST_MARIADB, default 127.0.0.1:3306, user root without password).
"""

import os
import time
import tracemalloc
import uuid
from zoneinfo import ZoneInfo

from bench._setup import django_ready

TICKETS = int(os.environ.get("GOUVERNAIL_BENCH_TICKETS", "200000"))
READER_PASSWORD = "Bench-Lecture-" + uuid.uuid4().hex[:8]


def _fill(database) -> None:
    from gouvernail.connectors.tests.gestsup.fakedb import generated_tickets

    step = 20000
    for start in range(1, TICKETS + 1, step):
        database.insert("tincidents", generated_tickets(min(step, TICKETS - start + 1), start_id=start))


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
    from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
    from gouvernail.connectors.models import ConnectorConfig
    from gouvernail.connectors.runner import config_password_set, run_execute, run_start
    from gouvernail.connectors.tests.gestsup.fakedb import GestsupDatabase, server, unreachable_reason
    from gouvernail.core.models import Organisation
    from gouvernail.servicedesk.models import Request

    reason = unreachable_reason()
    if reason:
        print(f"bench/sync.py sauté : {reason}.")
        return
    database = GestsupDatabase()
    reader = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        database.add_lookups()
        database.execute(f"CREATE USER '{reader}'@'%%' IDENTIFIED BY %s", (READER_PASSWORD,))
        database.execute(f"GRANT SELECT ON `{database.name}`.* TO '{reader}'@'%'")
        started = time.perf_counter()
        _fill(database)
        print(f"GestSup : {TICKETS} tickets insérés dans MariaDB en {time.perf_counter() - started:.1f} s")

        slug = f"bench-{uuid.uuid4().hex[:6]}"
        organisation = Organisation.objects.create(name=f"Banc d'essai {slug}", slug=slug)
        config = ConnectorConfig.objects.create(
            organisation=organisation,
            kind=ConnectorKind.GESTSUP,
            host=server()["host"],
            port=server()["port"],
            database=database.name,
            user=reader,
        )
        config_password_set(config=config, password=READER_PASSWORD)

        def sync(full=False):
            run = run_start(config=config, trigger=RunTrigger.COMMAND, full=full)
            begun = time.perf_counter()
            run = run_execute(run)
            elapsed = time.perf_counter() - begun
            assert run.status == RunStatus.SUCCEEDED, run.error_message
            return run, elapsed

        floor = _floor(database, organisation)
        first, first_time = sync()
        stored = Request.objects.filter(organisation=organisation).count()
        second, second_time = sync()

        # Peak memory of a first sync, traced on its own (tracing slows Python).
        Request.objects.filter(organisation=organisation).delete()
        config.runs.all().delete()
        tracemalloc.start()
        traced, _ = sync()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        print(f"{'mesure':<46} {'valeur':>14}")
        print(f"{'plancher (SSCursor + un executemany)':<46} {floor:>12.2f} s  {TICKETS / floor:>9,.0f} lignes/s")
        print(f"{'première synchro (complète)':<46} {first_time:>12.2f} s  {TICKETS / first_time:>9,.0f} lignes/s")
        print(f"{'  rapport au plancher':<46} {first_time / floor:>12.2f} ×")
        print(f"{'  demandes enregistrées':<46} {stored:>14,}")
        print(f"{'seconde synchro (rien de changé)':<46} {second_time:>12.2f} s")
        print(f"{'  rapport à la première (doit être < 0,1)':<46} {second_time / first_time:>12.3f}")
        print(f"{'  lignes relues / modifiées':<46} {second.progress_total:>7} / {second.updated_count}")
        print(f"{'pic mémoire Python d une première synchro':<46} {peak / 2**20:>12.1f} Mo")
        if second_time >= first_time / 10:
            print("ÉCHEC : la seconde synchronisation n'est pas dix fois plus rapide que la première.")
        del first, traced
    finally:
        database.execute(f"DROP USER IF EXISTS '{reader}'@'%'")
        database.drop()


if __name__ == "__main__":
    main()
