"""CSV export of the requests list: 20 000 then 200 000 requests, through the list page's export.

In an organisation of its own, requests are generated (bulk_create), then the list page is
exported as CSV (`?_export=csv`, Django test client, logged in) and the whole answer read. The
goals: the export of 200 000 requests peaks at most 1.2 × the memory of 20 000 (tracemalloc, a
run of its own as tracing slows Python down), and no request takes over 5 s (the longest of the
untraced exports: whatever the request does — the file itself, or a page that hands the work
to the worker). GOUVERNAIL_BENCH_EXPORT_REQUESTS changes the large size (default 200 000; the
small one is a tenth).
"""

import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

from bench._setup import bench_user, django_ready, fresh_organisation, label, peak_memory, ratio, size

LARGE = size("GOUVERNAIL_BENCH_EXPORT_REQUESTS", 200_000)
SMALL = max(1, LARGE // 10)
URL = "/demandes/?_export=csv"


def add_requests(organisation, first: int, last: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gouvernail.core.models import Service, Site
    from gouvernail.servicedesk.models import Request

    services = list(Service.objects.filter(organisation=organisation)) or Service.objects.bulk_create(
        Service(organisation=organisation, name=f"Service {i}") for i in range(40)
    )
    sites = list(Site.objects.filter(organisation=organisation)) or Site.objects.bulk_create(
        Site(organisation=organisation, name=f"Site {i}") for i in range(20)
    )
    tz = timezone.get_current_timezone()
    start = timezone.localdate() - timedelta(days=3650)
    with transaction.atomic():
        batch = []
        for i in range(first, last):
            opened = datetime.combine(start + timedelta(days=rng.randint(0, 3650)), clock(9), tzinfo=tz)
            resolved = opened + timedelta(hours=rng.expovariate(1 / 40)) if rng.random() < 0.92 else None
            batch.append(
                Request(
                    organisation=organisation,
                    source="import",
                    external_id=str(i),
                    opened_at=opened,
                    resolved_at=resolved,
                    status="cloturee" if resolved else "en_cours",
                    category=f"Catégorie {i % 12}",
                    subcategory=f"Sous-catégorie {i % 5}",
                    family=("support", "sites", "projets", "securite")[i % 4],
                    service=services[i % len(services)],
                    site=sites[i % len(sites)],
                )
            )
            if len(batch) == 5000:
                Request.objects.bulk_create(batch)
                batch = []
        Request.objects.bulk_create(batch)


def export(client) -> int:
    response = client.get(URL)
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(body)


def main() -> None:
    django_ready()
    from django.test import Client

    organisation = fresh_organisation("bench-exports")
    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_user(organisation))
    rng = random.Random(2026)
    measured, present = {}, 0
    for count in (SMALL, LARGE):
        add_requests(organisation, present, count, rng)
        present = count
        export(client)  # warms the caches of the first request (templates, session)
        started = time.perf_counter()
        length = export(client)
        seconds = time.perf_counter() - started
        peak, _ = peak_memory(lambda: export(client))
        measured[count] = (seconds, peak)
        print(
            f"export CSV de {count} demandes : {seconds:.2f} s, {length / 2**20:.1f} Mio envoyés,"
            f" pic mémoire Python {peak / 2**20:.1f} Mio",
            flush=True,
        )
    small_peak, large_peak = measured[SMALL][1], measured[LARGE][1]
    ratio("exports", f"csv_{label(LARGE)}_peak_memory_vs_{label(SMALL)}", large_peak / small_peak, 1.2)
    ratio("exports", "csv_longest_request_seconds", max(seconds for seconds, _ in measured.values()), 5)


if __name__ == "__main__":
    main()
