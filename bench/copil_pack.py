"""COPIL pack generation time: snapshot, PPTX, PDF, for the demo organisation and the large one.

Prints seconds (median of a few runs) and the ratio to a floor measured in the same run: saving
an empty python-pptx deck for the PPTX, rendering a one-line HTML page for the PDF. The snapshot
line also gives its number of queries. The large organisation is the one `bench/dashboards.py`
generates (5 000 devices, 200 000 requests…), given a COPIL meeting; GOUVERNAIL_BENCH_PACK_LARGE=0
skips it.
"""

import io
import statistics
import time

RUNS = 3


def _median(function, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    import os

    from bench._setup import django_ready

    django_ready()
    from gouvernail.core.models import Organisation
    from gouvernail.demo.loader import load_demo

    organisation = Organisation.objects.filter(is_demo=True).first()
    if organisation is None:
        load_demo()
        organisation = Organisation.objects.get(is_demo=True)
    measure(organisation, "Organisation de démonstration")
    if os.environ.get("GOUVERNAIL_BENCH_PACK_LARGE", "1") != "0":
        measure(large_organisation(), "Grande organisation du banc (bench/dashboards.py)")


def large_organisation():
    """The organisation of the dashboards benchmark at 1×, with a COPIL meeting of today."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from bench.dashboards import build
    from gouvernail.core.models import Organisation
    from gouvernail.governance.models import Committee, Meeting

    organisation, created = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Banc d'essai"})
    if created:
        started = time.perf_counter()
        with transaction.atomic():
            build(organisation, 0, 1, random.Random(2026))
        print(f"Grande organisation générée en {time.perf_counter() - started:.0f} s", flush=True)
    committee, _ = Committee.objects.get_or_create(organisation=organisation, name="COPIL SI")
    Meeting.objects.get_or_create(
        organisation=organisation, committee=committee, title="COPIL du banc", defaults={"date": timezone.localdate()}
    )
    return organisation


def measure(organisation, title: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pptx import Presentation

    from gouvernail.core.exports import html_to_pdf
    from gouvernail.governance.models import Meeting
    from gouvernail.reports.packs.deck import render_pptx
    from gouvernail.reports.packs.document import render_pdf
    from gouvernail.reports.packs.snapshot import build_snapshot
    from gouvernail.reports.packs.style import style_of

    meeting = Meeting.objects.filter(organisation=organisation).select_related("committee").order_by("-date").first()
    style = style_of(organisation)

    build_snapshot(meeting)  # first run computes the missing measurements: not what is timed
    # A full query log (9 000 entries) would make the capture below count nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        snapshot = build_snapshot(meeting)

    def empty_deck():
        Presentation().save(io.BytesIO())

    floor_pptx = _median(empty_deck)
    floor_pdf = _median(lambda: html_to_pdf("<p>Gouvernail</p>"))
    snapshot_time = _median(lambda: build_snapshot(meeting))
    pptx_time = _median(lambda: render_pptx(snapshot, style))
    pdf_time = _median(lambda: render_pdf(snapshot, style))

    print(f"\n{title} — réunion « {meeting} » du {meeting.date:%d/%m/%Y}")
    print(f"{'étape':<32}{'secondes':>10}{'plancher':>10}{'ratio':>8}")
    print(f"{'données figées (snapshot)':<32}{snapshot_time:>10.3f}{'':>10}{'':>8}  {len(queries)} requêtes")
    print(f"{'diaporama PPTX':<32}{pptx_time:>10.3f}{floor_pptx:>10.3f}{pptx_time / floor_pptx:>8.1f}")
    print(f"{'document PDF':<32}{pdf_time:>10.3f}{floor_pdf:>10.3f}{pdf_time / floor_pdf:>8.1f}")
    print(f"{'total PPTX (données + rendu)':<32}{snapshot_time + pptx_time:>10.3f}")
    print(f"{'total PDF (données + rendu)':<32}{snapshot_time + pdf_time:>10.3f}")


if __name__ == "__main__":
    main()
