"""The consolidated view of a mutualised service with 50 members, against its members' SQL floors.

`python -m bench consolidated` (or `make bench`) loads the demo (the study's organisation, only
read), then builds an operator of its own (`bench-consolidated`) grouping 50 member
organisations, each given the demo's stored measurements (639 rows: every indicator and period
of the demo) scaled per member — the members hold **measurements only**, not the demo's devices
and requests: building 50 full demos would take most of an hour, and the consolidated page reads
stored measurements and nothing else. GOUVERNAIL_BENCH_MEMBERS changes the count (default 50).

It prints:
- the consolidated page's median render time (Django test client, signed in, charts cached
  after the first render) and its query count;
- the sum over the members of each member's SQL floor: the very queries of that member's own
  COPIL dashboard (« Tableau de bord SI ») when it builds its widgets (values computed live
  already cached, the page's HTML not), run again directly on the connection — what opening
  the members one by one would cost in SQL alone;
- the query count of the same page for an operator of 5 of these members.

Goals: consolidated page / sum of the members' floors ≤ 1.5, and as many queries at 50 members
as at 5 (ratio ≤ 1). On the database `GOUVERNAIL_DATABASE_URL` names (PostgreSQL at scale),
SQLite otherwise, like the other benches.
"""

import random
import statistics
import time

from bench._setup import bench_user, django_ready, fresh_organisation, median_seconds, ratio, size

MEMBERS = size("GOUVERNAIL_BENCH_MEMBERS", 50)
SMALL = min(5, MEMBERS)
RENDERS = 5
SLUG = "bench-consolidated"


def floor_seconds(queries: list[dict]) -> float:
    """The render's own SQL, run again directly on the connection (no ORM, no template)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query["sql"])
            cursor.fetchall()
    return time.perf_counter() - started


def render(client, url: str) -> tuple[float, list[dict]]:
    """(median render time, the queries of the last render), after a first render that fills caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(timings), captured.captured_queries


def building_queries(client, member) -> list[dict]:
    """The queries of a member's COPIL dashboard building its widgets from stored measurements:
    a first render fills the caches, then its page's HTML is dropped."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gouvernail.metrics.pages import body_cache_key, last_change
    from gouvernail.metrics.registry import get_dashboard

    url = "/tableaux-de-bord/copil/"
    assert client.get(url).status_code == 200, url
    cache.delete(body_cache_key(get_dashboard("copil"), member, timezone.localdate(), last_change(member)))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return captured.captured_queries


def build(template, count: int):
    from gouvernail.demo.operator import copy_measurements
    from gouvernail.mutualisation.services import member_add

    operator = fresh_organisation(SLUG, "Banc d'essai — service mutualisé")
    members = [fresh_organisation(f"{SLUG}-m{n:03d}", f"Banc d'essai — membre {n:03d}") for n in range(1, count + 1)]
    for member in members:
        member_add(operator=operator, member=member, acting_user=None)
    rows = copy_measurements(template, members, random.Random(2026))
    small = fresh_organisation(f"{SLUG}-{SMALL}", f"Banc d'essai — service mutualisé de {SMALL} membres")
    for member in members[:SMALL]:
        member_add(operator=small, member=member, acting_user=None)
    return operator, small, members, rows


def main() -> None:
    django_ready()
    from django.db import connection, transaction
    from django.test import Client

    from gouvernail.demo.loader import find_demo_organisation, load_demo

    started = time.perf_counter()
    template = find_demo_organisation()
    if template is None:
        template = load_demo().organisation
    print(f"Démonstration (modèle des mesures) prête en {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        operator, small, members, rows = build(template, MEMBERS)
    print(
        f"{MEMBERS} membres, {rows} mesures, construits en {time.perf_counter() - started:.0f} s "
        f"(base : {connection.vendor})",
        flush=True,
    )

    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_user(operator))
    page, queries = render(client, "/mutualisation/")
    page_floor = statistics.median(floor_seconds(queries) for _ in range(RENDERS))
    client.force_login(bench_user(small))
    _, small_queries = render(client, "/mutualisation/")

    floors, own_reads = [], []
    member_client = Client(HTTP_HOST="localhost")
    for member in members:
        member_client.force_login(bench_user(member))
        member_queries = building_queries(member_client, member)
        floors.append(statistics.median(floor_seconds(member_queries) for _ in range(3)))
        measurement_reads = [q for q in member_queries if "metrics_measurement" in q["sql"]]
        own_reads.append(median_seconds(lambda reads=measurement_reads: floor_seconds(reads)))
    floor_sum = sum(floors)

    print(f"\n{'mesure':<58} {'valeur':>12}")
    print(f"{f'vue consolidée, {MEMBERS} membres (rendu médian)':<58} {page * 1000:9.1f} ms")
    print(f"{'  son propre SQL rejoué':<58} {page_floor * 1000:9.1f} ms")
    print(f"{'  requêtes':<58} {len(queries):12d}")
    print(f"{f'vue consolidée, {SMALL} membres : requêtes':<58} {len(small_queries):12d}")
    print(f"{'plancher SQL du COPIL d’un membre (médiane)':<58} {statistics.median(floors) * 1000:9.2f} ms")
    print(f"{f'somme des planchers des {MEMBERS} membres':<58} {floor_sum * 1000:9.1f} ms")
    print(f"{f'dont lecture des mesures, somme sur {MEMBERS} membres':<58} {sum(own_reads) * 1000:9.1f} ms")
    ratio("consolidated", "page_vs_member_floors", page / floor_sum if floor_sum else float("inf"), 1.5)
    ratio("consolidated", f"queries_{MEMBERS}_vs_{SMALL}", len(queries) / len(small_queries), 1)


if __name__ == "__main__":
    main()
