"""Dashboards on a large organisation: render time against its floor, and query counts.

`python -m bench dashboards` (or `make bench`) builds, with bulk_create, an organisation of
5 000 devices, 200 000 requests over 10 years, 1 000 agents and 500 contracts, computes its
measurements, then prints for each dashboard: its first render (widgets built), the median of
the renders that follow (Django test client, logged in), a render that builds the widgets again
from stored measurements (the page's HTML dropped from the cache, the values computed live kept
there), its floor, their ratio and the query count.

The floor is the same work at its least cost: the lightest page of the site for the same reader
(the list of dashboards: session, rights, layout and menu) plus the SQL the dashboard needs
beyond that page — the queries of the render that builds its widgets, run again directly on the
connection. The SQL alone (without the page every view pays) is printed too, for reference.

For the goals, it also times GestSup's own way of showing statistics on the same tickets (three
full-scan GROUP BYs: mean resolution time per technician — our requests keep no technician, the
service stands in —, requests opened per month, requests per category): « Charge & capacité »
must cost a fifth of that at most, as it reads stored measurements instead of the history.
GOUVERNAIL_BENCH_REQUESTS changes the number of requests (default 200 000).

GOUVERNAIL_BENCH_SCALES=1,10 grows the same organisation to 10× and prints the same table
again: the query counts must not change. Only 1× runs by default (10× takes about an hour to
generate on SQLite). GOUVERNAIL_BENCH_FRACTION=0.1 shrinks the base (0.1 then 1 with the scales
above), for a quicker check of the same property.
"""

import os
import random
import statistics
import time
from datetime import datetime, timedelta
from datetime import time as clock

from bench._setup import bench_user, django_ready, fresh_organisation, label, ratio, size

BASE = {"devices": 5_000, "requests": size("GOUVERNAIL_BENCH_REQUESTS", 200_000), "agents": 1_000, "contracts": 500}
# The dashboards the goals name, with their measure's name in the ratio lines.
GOALS = {"charge-service-si": "charge", "copil": "tableau_si"}
YEARS = 10
RENDERS = 5


def build(organisation, scale_from: int, scale_to: int, rng: random.Random, sizes: dict | None = None) -> None:
    """Adds the rows that take the organisation from `scale_from`× to `scale_to`× the base size
    (`sizes`, default BASE)."""
    sizes = sizes or BASE
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from gouvernail.core.models import Person, Service, Site
    from gouvernail.inventory.models import Equipment
    from gouvernail.inventory.os_rules import classify_os
    from gouvernail.servicedesk.models import Request
    from gouvernail.steering.models import ActionItem, ExpectedDecision, Project
    from gouvernail.vendors.models import Contract, Vendor

    step = scale_to - scale_from
    tag = f"x{scale_to}"
    fraction = float(os.environ.get("GOUVERNAIL_BENCH_FRACTION", "1"))

    def n(base: int) -> int:
        return max(1, round(base * step * fraction))

    sites = Site.objects.bulk_create(Site(organisation=organisation, name=f"Site {tag}-{i}") for i in range(n(20)))
    services = Service.objects.bulk_create(
        Service(organisation=organisation, name=f"Service {tag}-{i}") for i in range(n(40))
    )
    Person.objects.bulk_create(
        (
            Person(organisation=organisation, last_name=f"Agent {tag}-{i}", service=services[i % len(services)])
            for i in range(n(sizes["agents"]))
        ),
        batch_size=2000,
    )
    today = timezone.localdate()
    families = ["pc_fixe"] * 5 + ["pc_portable"] * 3 + ["smartphone", "tablette", "imprimante", "serveur", "reseau"]
    devices = []
    for i in range(n(sizes["devices"])):
        family = rng.choice(families)
        version = rng.choice(("10.0.19045", "10.0.22631", "10.0.26100"))
        name = "Windows Server 2022" if family == "serveur" else "Windows"
        devices.append(
            Equipment(
                organisation=organisation,
                family=family,
                name=f"EQ-{tag}-{i}",
                site=rng.choice(sites),
                service=rng.choice(services),
                purchase_date=today - timedelta(days=rng.randint(0, 3650)) if rng.random() > 0.05 else None,
                condition=rng.choice(("neuf", "neuf", "neuf", "reconditionne")),
                os_name=name,
                os_version=version,
                os_class=classify_os(name, version, is_server=family == "serveur"),
                antivirus_product=rng.choice(("ESET Endpoint Security", "Microsoft Defender", "")),
                antivirus_status=rng.choice(("a_jour", "a_jour", "a_jour", "obsolete", "inconnu")),
                antivirus_seen=today - timedelta(days=rng.randint(0, 20)),
            )
        )
    Equipment.objects.bulk_create(devices, batch_size=2000)
    tz = timezone.get_current_timezone()
    start = today - timedelta(days=365 * YEARS)
    categories = [(f"Catégorie {c}", f"Sous-catégorie {s}") for c in range(12) for s in range(5)]
    families_rq = ("support", "sites", "projets", "securite")
    batch = []
    for i in range(n(sizes["requests"])):
        opened = datetime.combine(start + timedelta(days=rng.randint(0, 365 * YEARS)), clock(9), tzinfo=tz)
        opened += timedelta(minutes=rng.randint(0, 540))
        resolved = opened + timedelta(hours=rng.expovariate(1 / 40)) if rng.random() < 0.92 else None
        category, subcategory = rng.choice(categories)
        batch.append(
            Request(
                organisation=organisation,
                source="import",
                external_id=f"{tag}-{i}",
                opened_at=opened,
                resolved_at=resolved,
                status="cloturee" if resolved else "en_cours",
                category=category,
                subcategory=subcategory,
                family=rng.choice(families_rq),
                service=rng.choice(services),
                site=rng.choice(sites),
            )
        )
        if len(batch) == 5000:
            Request.objects.bulk_create(batch)
            batch = []
    Request.objects.bulk_create(batch)
    vendors = Vendor.objects.bulk_create(
        Vendor(organisation=organisation, name=f"Prestataire {tag}-{i}", is_critical=i % 5 == 0) for i in range(n(100))
    )
    contracts = []
    for i in range(n(sizes["contracts"])):
        begin = today - timedelta(days=rng.randint(0, 1500))
        end = begin + relativedelta(months=rng.choice((12, 24, 36, 48)))
        contracts.append(
            Contract(
                organisation=organisation,
                reference=f"C-{tag}-{i}",
                subject="Contrat",
                vendor=rng.choice(vendors),
                start_date=begin,
                end_date=end,
                notice_months=3,
                notice_deadline=end - relativedelta(months=3),
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=2000)
    projects = Project.objects.bulk_create(
        Project(
            organisation=organisation, name=f"Projet {tag}-{i}", status=rng.choice(("en_cours", "en_risque", "termine"))
        )
        for i in range(n(50))
    )
    ExpectedDecision.objects.bulk_create(
        ExpectedDecision(organisation=organisation, project=rng.choice(projects), question=f"Question {tag}-{i}")
        for i in range(n(30))
    )
    offset = ActionItem.objects.filter(organisation=organisation).count()
    ActionItem.objects.bulk_create(
        ActionItem(
            organisation=organisation,
            number=offset + i + 1,
            title=f"Action {tag}-{i}",
            status=rng.choice(("a_etudier", "en_cours", "fait", "reportee")),
            stop_reason="ressources" if i % 7 == 0 else "",
        )
        for i in range(n(200))
    )


def floor_seconds(queries: list[dict]) -> float:
    """The render's own SQL, run again directly on the connection (no ORM, no template)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query["sql"])
            cursor.fetchall()
    return time.perf_counter() - started


EMPTY_PAGE = "/tableaux-de-bord/"


def measure(client, url: str, body_key: str | None = None) -> dict:
    """First render, median render, and (given its page-cache key) a render that builds the
    widgets again, with the queries it ran."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    assert client.get(url).status_code == 200, url
    found = {"cold": time.perf_counter() - started}
    timings = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    found.update(render=statistics.median(timings), queries=captured.captured_queries)
    if body_key:
        cache.delete(body_key)
        with CaptureQueriesContext(connection) as built:
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
        found.update(rebuilt=time.perf_counter() - started, needed=built.captured_queries)
    return found


def report(organisation, scale: int) -> dict[str, tuple[float, float, int]]:
    from django.test import Client
    from django.utils import timezone

    from gouvernail.metrics import registry
    from gouvernail.metrics.pages import body_cache_key, last_change

    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_user(organisation))
    empty = measure(client, EMPTY_PAGE)
    empty_sql = {query["sql"] for query in empty["queries"]}
    print(f"\n{scale}× — page la plus légère ({EMPTY_PAGE}) : {empty['render'] * 1000:.1f} ms", flush=True)
    print(
        f"{scale}× — tableau de bord      1er rendu  rendu médian  reconstruit  SQL propre  plancher  ratio"
        "  rendu/SQL seul  requêtes",
        flush=True,
    )
    results = {}
    for dashboard in registry.dashboards():
        key = body_cache_key(dashboard, organisation, timezone.localdate(), last_change(organisation))
        found = measure(client, f"/tableaux-de-bord/{dashboard.slug}/", key)
        own = [query for query in found["needed"] if query["sql"] not in empty_sql]
        sql = statistics.median(floor_seconds(own) for _ in range(RENDERS))
        alone = statistics.median(floor_seconds(found["queries"]) for _ in range(RENDERS))
        floor = empty["render"] + sql
        render, queries = found["render"], len(found["queries"])
        results[dashboard.slug] = (render, floor, queries)
        print(
            f"{dashboard.slug:<28} {found['cold'] * 1000:8.0f} ms {render * 1000:9.1f} ms"
            f" {found['rebuilt'] * 1000:8.0f} ms {sql * 1000:8.1f} ms {floor * 1000:6.1f} ms"
            f" {render / floor:6.2f} {render / alone if alone else 0:12.0f} {queries:9d}",
            flush=True,
        )
    return results


ANCHOR_SQL = {
    # GestSup's statistics page: each chart is one GROUP BY over every ticket, on each view.
    "sqlite": (
        "SELECT service_id, AVG(julianday(resolved_at) - julianday(opened_at)) FROM servicedesk_request"
        " WHERE organisation_id = %s AND resolved_at IS NOT NULL GROUP BY service_id",
        "SELECT strftime('%%Y-%%m', opened_at), COUNT(*) FROM servicedesk_request WHERE organisation_id = %s"
        " GROUP BY 1",
        "SELECT category, COUNT(*) FROM servicedesk_request WHERE organisation_id = %s GROUP BY category",
    ),
    "postgresql": (
        "SELECT service_id, AVG(EXTRACT(EPOCH FROM resolved_at - opened_at) / 86400) FROM servicedesk_request"
        " WHERE organisation_id = %s AND resolved_at IS NOT NULL GROUP BY service_id",
        "SELECT to_char(opened_at, 'YYYY-MM'), COUNT(*) FROM servicedesk_request WHERE organisation_id = %s GROUP BY 1",
        "SELECT category, COUNT(*) FROM servicedesk_request WHERE organisation_id = %s GROUP BY category",
    ),
}


def gestsup_statistics_seconds(organisation) -> float:
    """The anchor: GestSup-style live statistics over the same tickets (median of RENDERS)."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in ANCHOR_SQL[connection.vendor]:
                cursor.execute(sql, [organisation.pk])
                cursor.fetchall()

    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    django_ready()
    from django.db import transaction

    from gouvernail.metrics.services import measurements_backfill, measurements_compute

    scales = [int(s) for s in os.environ.get("GOUVERNAIL_BENCH_SCALES", "1").split(",")]
    rng = random.Random(2026)
    organisation = fresh_organisation("bench-dashboards")
    fraction = float(os.environ.get("GOUVERNAIL_BENCH_FRACTION", "1"))
    sizes = ", ".join(f"{round(v * fraction):,} {k}".replace(",", " ") for k, v in BASE.items())
    print(f"1× = {sizes} ; échelles : {', '.join(f'{s}×' for s in scales)}", flush=True)
    previous, results = 0, {}
    for scale in scales:
        started = time.perf_counter()
        with transaction.atomic():
            build(organisation, previous, scale, rng)
        built = time.perf_counter() - started
        print(f"{scale}× : données générées en {built:.0f} s", flush=True)
        started = time.perf_counter()
        stored = measurements_backfill(organisation=organisation, months=24)
        stored += measurements_compute(organisation=organisation)
        print(
            f"{scale}× : {stored} mesures (24 mois) calculées en {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        results[scale] = report(organisation, scale)
        previous = scale
    counts = {scale: {slug: queries for slug, (_, _, queries) in found.items()} for scale, found in results.items()}
    if len(counts) > 1:
        first, *others = counts.values()
        same = all(other == first for other in others)
        print(f"\nNombre de requêtes identique à toutes les tailles : {'oui' if same else 'NON'}")
    # The goals, at the first scale (the default sizes).
    first = results[scales[0]]
    requests = label(round(BASE["requests"] * scales[0] * fraction))
    anchor = gestsup_statistics_seconds(organisation)
    print(f"Statistiques à la GestSup (3 GROUP BY sur toutes les demandes) : {anchor * 1000:.1f} ms")
    for slug, name in GOALS.items():
        render, floor, queries = first[slug]
        ratio("dashboards", f"{name}_{requests}_render_vs_floor", render / floor, 1.5)
        ratio("dashboards", f"{name}_{requests}_queries", queries, 15)
    render = first["charge-service-si"][0]
    ratio("dashboards", f"charge_{requests}_vs_gestsup_statistics", render / anchor, 0.2)


if __name__ == "__main__":
    main()
