"""COPIL pack generation time for the demo organisation: snapshot, PPTX, PDF.

Prints seconds (median of a few runs) and the ratio to a floor measured in the same run: saving
an empty python-pptx deck for the PPTX, rendering a one-line HTML page for the PDF. The snapshot
line also gives its number of queries. The large benchmark organisation (`bench/dashboards.py`)
had not landed when this was written: only the demo organisation is measured.
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
    from bench._setup import django_ready

    django_ready()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pptx import Presentation

    from gouvernail.core.exports import html_to_pdf
    from gouvernail.core.models import Organisation
    from gouvernail.demo.loader import load_demo
    from gouvernail.governance.models import Meeting
    from gouvernail.reports.packs.deck import render_pptx
    from gouvernail.reports.packs.document import render_pdf
    from gouvernail.reports.packs.snapshot import build_snapshot
    from gouvernail.reports.packs.style import style_of

    organisation = Organisation.objects.filter(is_demo=True).first()
    if organisation is None:
        load_demo()
        organisation = Organisation.objects.get(is_demo=True)
    meeting = Meeting.objects.filter(organisation=organisation).select_related("committee").order_by("-date").first()
    style = style_of(organisation)

    build_snapshot(meeting)  # first run computes the missing measurements: not what is timed
    with CaptureQueriesContext(connection) as queries:
        snapshot = build_snapshot(meeting)

    def empty_deck():
        Presentation().save(io.BytesIO())

    floor_pptx = _median(empty_deck)
    floor_pdf = _median(lambda: html_to_pdf("<p>Gouvernail</p>"))
    snapshot_time = _median(lambda: build_snapshot(meeting))
    pptx_time = _median(lambda: render_pptx(snapshot, style))
    pdf_time = _median(lambda: render_pdf(snapshot, style))

    print(f"Organisation de démonstration — réunion « {meeting} » du {meeting.date:%d/%m/%Y}")
    print(f"{'étape':<32}{'secondes':>10}{'plancher':>10}{'ratio':>8}")
    print(f"{'données figées (snapshot)':<32}{snapshot_time:>10.3f}{'':>10}{'':>8}  {len(queries)} requêtes")
    print(f"{'diaporama PPTX':<32}{pptx_time:>10.3f}{floor_pptx:>10.3f}{pptx_time / floor_pptx:>8.1f}")
    print(f"{'document PDF':<32}{pdf_time:>10.3f}{floor_pdf:>10.3f}{pdf_time / floor_pdf:>8.1f}")
    print(f"{'total PPTX (données + rendu)':<32}{snapshot_time + pptx_time:>10.3f}")
    print(f"{'total PDF (données + rendu)':<32}{snapshot_time + pdf_time:>10.3f}")


if __name__ == "__main__":
    main()
