"""CSV export of the requests list: 20 000 then 200 000 requests, through the list page's export.

In an organisation of its own, requests are generated (bulk_create), then the list page is
exported as CSV (`?_export=csv`, Django test client, logged in) and the whole answer read. The
goals: the export of 200 000 requests peaks at most 1.2 × the memory of 20 000, and no request
takes over 5 s (whatever the request does — the file itself, or a page that hands the work to
the worker). Each export runs once, in a fresh process (`_setup.in_child`): its time, untraced,
and the growth of its resident memory (Python's and the libraries').
GOUVERNAIL_BENCH_EXPORT_REQUESTS changes the large size (default 200 000; the small one is a tenth).
"""

import random
from datetime import datetime, timedelta
from datetime import time as clock

from bench._setup import bench_user, django_ready, fresh_organisation, label, ratio, size

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


def child_export(organisation_pk: int) -> dict:
    """In a fresh process: one list page (warms templates and session), then the export, measured."""
    from django.test import Client

    from bench._setup import run_measured
    from gouvernail.core.models import Organisation

    organisation = Organisation.objects.get(pk=organisation_pk)
    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_user(organisation))
    assert client.get("/demandes/").status_code == 200
    return run_measured(lambda: export(client))


def main() -> None:
    django_ready()
    from bench._setup import in_child

    organisation = fresh_organisation("bench-exports")
    bench_user(organisation)
    rng = random.Random(2026)
    measured, present = {}, 0
    for count in (SMALL, LARGE):
        add_requests(organisation, present, count, rng)
        present = count
        found = in_child("exports.child_export", organisation.pk)
        measured[count] = found
        print(
            f"export CSV de {count} demandes : {found['seconds']:.2f} s, {found['result'] / 2**20:.1f} Mio envoyés,"
            f" pic de mémoire résidente {found['peak_bytes'] / 2**20:.1f} Mio",
            flush=True,
        )
    small_peak, large_peak = measured[SMALL]["peak_bytes"], measured[LARGE]["peak_bytes"]
    ratio("exports", f"csv_{label(LARGE)}_peak_memory_vs_{label(SMALL)}", large_peak / max(small_peak, 1), 1.2)
    ratio("exports", "csv_longest_request_seconds", max(found["seconds"] for found in measured.values()), 5)


if __name__ == "__main__":
    main()
