"""COPIL pack generation time: snapshot, PPTX, PDF, for the demo organisation and a large one.

The goal compares the whole PPTX pack (frozen data + deck) with its floor: python-pptx writing
the same slides from ready data — the same titles, text boxes, tables (every cell), native
charts (same categories and series) and pictures (the Gantt, the logo, the checkpoint's QR code,
as ready images), read back from the pack just produced, without styling. The deck draws its
Gantt once per roadmap content (shared by the PPTX, the PDF and a regenerated pack through the
common cache): the repeated runs read it back like the floor's ready image, and the first pack,
Gantt drawn, is printed beside them.
The PDF is shown against rendering a one-line page. The large organisation is built like the
dashboards bench's, at 2 000 devices and 20 000 requests (GOUVERNAIL_BENCH_PACK_REQUESTS), with
a COPIL meeting, under its own slug; GOUVERNAIL_BENCH_PACK_LARGE=0 skips it.
GOUVERNAIL_BENCH_PACK_DEMO=1 also measures the demo organisation's pack (loading the demo takes
minutes).
"""

import io
import os
import time

from bench._setup import django_ready, fresh_organisation, label, median_seconds, ratio, size

# The pack shows a COPIL's figures, not the history: a mid-sized organisation is enough.
SIZES = {"devices": 2_000, "requests": size("GOUVERNAIL_BENCH_PACK_REQUESTS", 20_000), "agents": 500, "contracts": 200}


def main() -> None:
    django_ready()
    if os.environ.get("GOUVERNAIL_BENCH_PACK_DEMO", "0") != "0":
        from gouvernail.core.models import Organisation
        from gouvernail.demo.loader import load_demo

        organisation = Organisation.objects.filter(is_demo=True).first()
        if organisation is None:
            load_demo()
            organisation = Organisation.objects.get(is_demo=True)
        measure(organisation, "Organisation de démonstration", "demo")
    if os.environ.get("GOUVERNAIL_BENCH_PACK_LARGE", "1") != "0":
        measure(large_organisation(), "Organisation du banc", label(SIZES["requests"]))


def large_organisation():
    """An organisation of the dashboards bench's size (its own), with a COPIL meeting of today."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from bench.dashboards import build
    from gouvernail.governance.models import Committee, Meeting
    from gouvernail.metrics.services import measurements_compute

    organisation = fresh_organisation("bench-copil")
    started = time.perf_counter()
    with transaction.atomic():
        build(organisation, 0, 1, random.Random(2026), SIZES)
    measurements_compute(organisation=organisation)
    print(f"Grande organisation générée en {time.perf_counter() - started:.0f} s", flush=True)
    committee = Committee.objects.create(organisation=organisation, name="COPIL SI")
    Meeting.objects.create(
        organisation=organisation, committee=committee, title="COPIL du banc", date=timezone.localdate()
    )
    return organisation


def slides_of(pptx: bytes) -> list[list[tuple]]:
    """The content of a deck as plain data: per slide, its title, text boxes, tables, charts."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    slides = []
    for slide in Presentation(io.BytesIO(pptx)).slides:
        shapes = []
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                series = [(s.name, list(s.values)) for s in plot.series]
                shapes.append(("chart", chart.chart_type, list(plot.categories), series))
            elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                # The Gantt, the logo, the checkpoint's QR code: the floor places the same images.
                shapes.append(("picture", shape.image.blob))
            elif shape.has_table:
                shapes.append(("table", [[cell.text for cell in row.cells] for row in shape.table.rows]))
            elif shape == slide.shapes.title:
                shapes.insert(0, ("title", shape.text_frame.text))
            elif shape.has_text_frame and shape.text_frame.text:
                shapes.append(("text", [p.text for p in shape.text_frame.paragraphs]))
        slides.append(shapes)
    return slides


def floor_deck(slides: list[list[tuple]]) -> bytes:
    """python-pptx writing the same slides from ready data, with nothing else (the floor)."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.util import Inches

    presentation = Presentation()
    box = (Inches(0.5), Inches(1.3), Inches(9), Inches(5))
    for shapes in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])
        for shape in shapes:
            kind = shape[0]
            if kind == "title":
                slide.shapes.title.text = shape[1]
            elif kind == "text":
                frame = slide.shapes.add_textbox(*box).text_frame
                frame.text = shape[1][0]
                for line in shape[1][1:]:
                    frame.add_paragraph().text = line
            elif kind == "picture":
                slide.shapes.add_picture(io.BytesIO(shape[1]), box[0], box[1], height=box[3])
            elif kind == "table":
                rows = shape[1]
                table = slide.shapes.add_table(len(rows), len(rows[0]), *box).table
                for r, row in enumerate(rows):
                    for c, text in enumerate(row):
                        table.cell(r, c).text = text
            else:
                _, chart_type, categories, series = shape
                data = CategoryChartData()
                data.categories = categories
                for name, values in series:
                    data.add_series(name, values)
                slide.shapes.add_chart(chart_type, *box, data)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def measure(organisation, title: str, name: str) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
    slides = slides_of(render_pptx(snapshot, style))

    cache.clear()
    started = time.perf_counter()
    render_pptx(build_snapshot(meeting), style)
    cold_time = time.perf_counter() - started
    floor_pptx = median_seconds(lambda: floor_deck(slides))
    floor_pdf = median_seconds(lambda: html_to_pdf("<p>Gouvernail</p>"))
    snapshot_time = median_seconds(lambda: build_snapshot(meeting))
    pptx_time = median_seconds(lambda: render_pptx(snapshot, style))
    pdf_time = median_seconds(lambda: render_pdf(snapshot, style))
    pack_time = median_seconds(lambda: render_pptx(build_snapshot(meeting), style))

    print(f"\n{title} — réunion « {meeting} » du {meeting.date:%d/%m/%Y}, {len(slides)} diapositives")
    print(f"{'étape':<32}{'secondes':>10}{'plancher':>10}{'ratio':>8}")
    print(f"{'données figées (snapshot)':<32}{snapshot_time:>10.3f}{'':>10}{'':>8}  {len(queries)} requêtes")
    print(f"{'diaporama PPTX (rendu seul)':<32}{pptx_time:>10.3f}{floor_pptx:>10.3f}{pptx_time / floor_pptx:>8.1f}")
    print(f"{'dossier PPTX (données + rendu)':<32}{pack_time:>10.3f}{floor_pptx:>10.3f}{pack_time / floor_pptx:>8.1f}")
    print(
        f"{'  premier dossier (Gantt dessiné)':<32}{cold_time:>10.3f}{floor_pptx:>10.3f}{cold_time / floor_pptx:>8.1f}"
    )
    print(f"{'document PDF':<32}{pdf_time:>10.3f}{floor_pdf:>10.3f}{pdf_time / floor_pdf:>8.1f}")
    print(f"{'total PDF (données + rendu)':<32}{snapshot_time + pdf_time:>10.3f}")
    ratio("copil_pack", f"pptx_{name}_vs_pptx_floor", pack_time / floor_pptx, 2)


if __name__ == "__main__":
    main()
