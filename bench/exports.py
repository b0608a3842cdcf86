"""CSV export of the requests list: 20 000 then 200 000 requests, through the list page's export.

In an organisation of its own, requests are generated (bulk_create), then the list page is
exported as CSV (`?_export=csv`, Django test client, logged in) as a user asks for it: in the
request up to GOUVERNAIL_EXPORT_TASK_ROWS, handed to the worker above. The longest export a
request can make is measured first, on a list of exactly that many rows. The goals: no request
takes over 5 s, and the export of 200 000 requests peaks at most 1.2 × the memory of 20 000 —
the same work compared at both sizes, the worker's export job (queued for the small size too).
Each step runs once, in a fresh process (`_setup.in_child`): its time, untraced, and the growth
of its resident memory (Python's and the libraries').
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


def _client(organisation_pk: int):
    from django.test import Client

    from gouvernail.core.models import Organisation

    client = Client(HTTP_HOST="localhost")
    client.force_login(bench_user(Organisation.objects.get(pk=organisation_pk)))
    assert client.get("/demandes/").status_code == 200  # warms templates and session
    return client


def _consume(response) -> int:
    # Counted chunk by chunk: the client holding the whole body would measure the client, not the export.
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def child_request(organisation_pk: int) -> dict:
    """In a fresh process: the export as a user asks for it — the file itself, or (above
    GOUVERNAIL_EXPORT_TASK_ROWS) the page that hands the work to the worker. Returns the
    request's time and the job it queued, if any."""
    from bench._setup import run_measured
    from gouvernail.jobs.models import Job

    client = _client(organisation_pk)

    def ask():
        response = client.get(URL)
        assert response.status_code in (200, 302), response.status_code
        return {"status": response.status_code, "bytes": _consume(response)}

    measured = run_measured(ask)
    job = Job.objects.filter(organisation_id=organisation_pk).order_by("-pk").first()
    measured["result"]["job"] = job.pk if measured["result"]["status"] == 302 and job else None
    return measured


def child_job(job_pk: int) -> dict:
    """In a fresh process: the worker's side of an export job, measured (time, memory, file size)."""
    from bench._setup import run_measured
    from gouvernail.jobs.choices import JobStatus
    from gouvernail.jobs.models import Job
    from gouvernail.jobs.services import job_execute

    measured = run_measured(lambda: job_execute(job_pk))
    job = Job.objects.get(pk=job_pk)
    assert measured["result"] == JobStatus.SUCCEEDED, (measured["result"], job.message)
    measured["result"] = job.result_file.size
    return measured


def main() -> None:
    import os

    django_ready()
    from bench._setup import in_child

    organisation = fresh_organisation("bench-exports")
    bench_user(organisation)
    rng = random.Random(2026)
    from django.conf import settings

    requests, jobs, present = {}, {}, 0
    threshold = settings.GOUVERNAIL_EXPORT_TASK_ROWS
    if 0 < threshold < SMALL:
        add_requests(organisation, 0, threshold, rng)
        present = threshold
        asked = in_child("exports.child_request", organisation.pk)
        assert asked["result"]["job"] is None, "the list at the threshold is exported in the request"
        requests[threshold] = asked
        print(f"export CSV de {threshold} demandes (le seuil), requête : {asked['seconds']:.2f} s", flush=True)
    for count in (SMALL, LARGE):
        add_requests(organisation, present, count, rng)
        present = count
        asked = in_child("exports.child_request", organisation.pk)
        requests[count] = asked
        how = "fichier dans la requête" if asked["result"]["job"] is None else "confié au worker"
        print(f"export CSV de {count} demandes, requête : {asked['seconds']:.2f} s ({how})", flush=True)
        # The memory goal compares the same work at both sizes: the worker's export job.
        job = asked["result"]["job"]
        if job is None:
            os.environ["GOUVERNAIL_EXPORT_TASK_ROWS"] = "0"
            try:
                queued = in_child("exports.child_request", organisation.pk)
            finally:
                del os.environ["GOUVERNAIL_EXPORT_TASK_ROWS"]
            requests[f"{count}-queued"] = queued
            job = queued["result"]["job"]
        done = in_child("exports.child_job", job)
        jobs[count] = done
        print(
            f"export CSV de {count} demandes, worker : {done['seconds']:.2f} s, {done['result'] / 2**20:.1f} Mio,"
            f" pic de mémoire résidente {done['peak_bytes'] / 2**20:.1f} Mio",
            flush=True,
        )
    small_peak, large_peak = jobs[SMALL]["peak_bytes"], jobs[LARGE]["peak_bytes"]
    ratio("exports", f"csv_{label(LARGE)}_peak_memory_vs_{label(SMALL)}", large_peak / max(small_peak, 1), 1.2)
    ratio("exports", "csv_longest_request_seconds", max(asked["seconds"] for asked in requests.values()), 5)


if __name__ == "__main__":
    main()
