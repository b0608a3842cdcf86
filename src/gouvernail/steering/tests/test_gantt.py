"""The yearly Gantt drawing (pure rendering, no database): month grid, clipping, statuses,
estimates, the today line, links, and the three output formats."""

from datetime import date

import pytest
from matplotlib.colors import to_rgb

from gouvernail.steering import gantt
from gouvernail.steering.choices import RoadmapItemStatus
from gouvernail.steering.gantt import Bar

TODAY = date(2026, 4, 16)


def bars_by_gid(figure, prefix: str = "bar-") -> dict[str, object]:
    ax = figure.axes[0]
    return {patch.get_gid(): patch for patch in ax.patches if (patch.get_gid() or "").startswith(prefix)}


def extent(patch) -> tuple[float, float]:
    """(first month, past-the-last month) of a drawn bar on the 0–12 axis."""
    return patch.get_x(), patch.get_x() + patch.get_width()


def legend_texts(figure) -> list[str]:
    return [text.get_text() for text in figure.legends[0].get_texts()]


def full_year() -> list[Bar]:
    """One item per month, then one yearly item of each status."""
    monthly = [Bar(f"Mois {m}", date(2026, m, 1), date(2026, m, 1), url=f"/elements/{m}/") for m in range(1, 13)]
    yearly = [
        Bar(f"Statut {label}", date(2026, 1, 1), date(2026, 12, 1), status=value, url=f"/elements/s-{value}/")
        for value, label in RoadmapItemStatus.choices
    ]
    return monthly + yearly


def relative_luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_an_empty_year_renders_a_readable_empty_chart_rather_than_failing():
    figure = gantt.build_figure(2026, [], today=TODAY)
    svg = gantt.render_svg(2026, [], today=TODAY)

    assert bars_by_gid(figure) == {}
    assert "Aucun élément planifié en 2026" in svg
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()][:12] == list(gantt.MONTHS)


def test_the_month_grid_is_written_in_french_whatever_the_locale():
    assert gantt.MONTHS == (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    )
    svg = gantt.render_svg(2026, full_year(), today=TODAY)
    assert all(f">{month}<" in svg for month in ("janv.", "févr.", "août", "déc."))


def test_a_full_year_draws_one_bar_per_item_over_exactly_its_months():
    bars = full_year()

    drawn = bars_by_gid(gantt.build_figure(2026, bars, today=TODAY))

    assert len(drawn) == 16
    for month in range(1, 13):
        assert extent(drawn[f"bar-{month - 1}"]) == (month - 1, month)
    for index in range(12, 16):
        assert extent(drawn[f"bar-{index}"]) == (0, 12)


def test_bars_are_drawn_one_row_each_in_the_given_order():
    drawn = bars_by_gid(gantt.build_figure(2026, full_year(), today=TODAY))

    rows = [drawn[f"bar-{index}"].get_y() + drawn[f"bar-{index}"].get_height() / 2 for index in range(16)]
    assert rows == pytest.approx(list(range(16)))


def test_each_status_has_its_own_colour_and_a_legend_entry():
    bars = full_year()
    drawn = bars_by_gid(gantt.build_figure(2026, bars, today=TODAY))

    colours = {bars[i].status: drawn[f"bar-{i}"].get_facecolor()[:3] for i in range(12, 16)}
    assert len(set(colours.values())) == 4
    for status, colour in colours.items():
        assert colour == pytest.approx(to_rgb(gantt.STATUS_COLOURS[status]))
    legend = legend_texts(gantt.build_figure(2026, bars, today=TODAY))
    assert legend[:4] == ["Prévu", "En cours", "Fait", "Reporté"]


def test_status_colours_contrast_at_least_4_5_to_1_with_the_white_background():
    for colour in gantt.STATUS_COLOURS.values():
        contrast = (1.0 + 0.05) / (relative_luminance(colour) + 0.05)
        assert contrast >= 4.5, colour


def test_an_item_spanning_two_years_is_clipped_to_each_year():
    bar = Bar("Réseau intersites", date(2025, 11, 1), date(2026, 3, 1), url="/elements/1/")

    in_2025 = bars_by_gid(gantt.build_figure(2025, [bar], today=TODAY))["bar-0"]
    in_2026 = bars_by_gid(gantt.build_figure(2026, [bar], today=TODAY))["bar-0"]

    assert extent(in_2025) == (10, 12)  # nov.–déc. 2025
    assert extent(in_2026) == (0, 3)  # janv.–mars 2026
    assert bars_by_gid(gantt.build_figure(2027, [bar], today=TODAY)) == {}
    assert bars_by_gid(gantt.build_figure(2024, [bar], today=TODAY)) == {}


def test_an_item_spanning_three_years_fills_the_middle_year_with_arrows_on_both_sides():
    bar = Bar("Programme pluriannuel", date(2025, 6, 1), date(2027, 2, 1))

    figure = gantt.build_figure(2026, [bar], today=TODAY)

    assert extent(bars_by_gid(figure)["bar-0"]) == (0, 12)
    assert [t.get_text() for t in figure.axes[0].texts if t.get_text() in "◀▶"] == ["◀", "▶"]


def test_the_clipped_span_of_a_bar_is_computed_per_year():
    bar = Bar("x", date(2025, 11, 1), date(2026, 3, 1))

    assert gantt.span_in_year(bar, 2025) == (10, 12)
    assert gantt.span_in_year(bar, 2026) == (0, 3)
    assert gantt.span_in_year(bar, 2027) is None
    assert gantt.span_in_year(Bar("y", date(2026, 5, 1), date(2026, 5, 1)), 2026) == (4, 5)


def test_bars_outside_the_year_are_left_out_and_the_others_keep_their_gid():
    bars = [
        Bar("2025 seulement", date(2025, 2, 1), date(2025, 4, 1)),
        Bar("2026", date(2026, 2, 1), date(2026, 4, 1)),
    ]

    drawn = bars_by_gid(gantt.build_figure(2026, bars, today=TODAY))

    assert list(drawn) == ["bar-1"]
    assert [t.get_text() for t in gantt.build_figure(2026, bars, today=TODAY).axes[0].get_yticklabels()] == ["2026"]


def test_estimated_bars_are_hatched_labelled_and_explained_in_the_legend():
    bars = [
        Bar("Firewall centralisé", date(2026, 2, 1), date(2026, 4, 1), is_estimate=True),
        Bar("Charte informatique", date(2026, 1, 1), date(2026, 2, 1), is_estimate=False),
    ]

    figure = gantt.build_figure(2026, bars, today=TODAY)

    hatches = bars_by_gid(figure, prefix="hatch-")
    assert list(hatches) == ["hatch-0"]
    assert hatches["hatch-0"].get_hatch() == "///"
    assert extent(hatches["hatch-0"]) == extent(bars_by_gid(figure)["bar-0"])
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["Firewall centralisé (estimé)", "Charte informatique"]
    estimate_entry = figure.legends[0].legend_handles[-1]
    assert "(estimé)" in legend_texts(figure)[-1]
    assert estimate_entry.get_hatch() == "///"
    assert "<pattern" in gantt.render_svg(2026, bars, today=TODAY)


def test_the_today_line_is_drawn_only_in_the_current_year():
    bars = [Bar("COPIL", date(2026, 1, 1), date(2026, 12, 1))]

    this_year = gantt.build_figure(2026, bars, today=TODAY)
    lines = [line for line in this_year.axes[0].lines if line.get_gid() == "today"]

    assert len(lines) == 1
    assert lines[0].get_xdata()[0] == pytest.approx(3.5)  # 16 April: halfway through April
    assert 'id="today"' in gantt.render_svg(2026, bars, today=TODAY)
    assert "aujourd'hui" in gantt.render_svg(2026, bars, today=TODAY)
    for year in (2025, 2027):
        svg = gantt.render_svg(year, bars, today=TODAY)
        assert 'id="today"' not in svg
        assert "aujourd'hui" not in svg


def test_the_today_line_is_drawn_even_in_an_empty_current_year():
    assert 'id="today"' in gantt.render_svg(2026, [], today=TODAY)


def test_bars_link_to_their_item_in_the_svg():
    bars = [
        Bar("Firewall", date(2026, 2, 1), date(2026, 4, 1), url="/feuille-de-route/elements/7/"),
        Bar("Sans lien", date(2026, 2, 1), date(2026, 4, 1)),
    ]

    svg = gantt.render_svg(2026, bars, today=TODAY)

    assert svg.count('<a xlink:href="/feuille-de-route/elements/7/"') == 1
    assert svg.count("<a xlink:href=") == 1


def test_the_chart_grows_with_the_number_of_items():
    small = gantt.build_figure(2026, full_year()[:2], today=TODAY)
    large = gantt.build_figure(2026, full_year(), today=TODAY)

    assert large.get_figheight() > small.get_figheight() + 3


def test_long_titles_are_shortened_on_the_chart():
    title = "Déploiement d'outils collaboratifs M365 (Teams / SharePoint / messagerie 365) pour tous les agents"
    figure = gantt.build_figure(2026, [Bar(title, date(2026, 6, 1), date(2026, 10, 1))], today=TODAY)

    label = figure.axes[0].get_yticklabels()[0].get_text()
    assert label.endswith("…")
    assert len(label) == gantt.TITLE_MAX_CHARS


def test_the_png_export_is_a_png_and_the_pdf_export_a_pdf():
    png = gantt.render_png(2026, full_year(), today=TODAY, title="Gantt 2026")
    pdf = gantt.render_pdf(2026, full_year(), today=TODAY, title="Gantt 2026")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert pdf.startswith(b"%PDF")
    assert gantt.render_png(2026, [], today=TODAY).startswith(b"\x89PNG")


def test_the_same_roadmap_gives_the_same_svg():
    assert gantt.render_svg(2026, full_year(), today=TODAY) == gantt.render_svg(2026, full_year(), today=TODAY)


def test_an_inlined_svg_is_an_image_named_by_its_title_without_xml_prolog():
    bars = [Bar("Firewall", date(2026, 2, 1), date(2026, 4, 1), url="/elements/7/")]

    inline = gantt.inline_svg(
        gantt.render_svg(2026, bars, today=TODAY), label_id="g-title", label="Gantt 2026", described_by="g-table"
    )

    assert inline.startswith("<svg ")
    opening = inline.split(">", 1)[0]
    assert 'role="img"' in opening
    assert 'aria-labelledby="g-title"' in opening
    assert 'aria-describedby="g-table"' in opening
    assert 'width="100%"' in opening
    assert "pt" not in opening.replace("viewBox", "")
    assert '<title id="g-title">Gantt 2026</title>' in inline
    assert '<a xlink:href="/elements/7/" tabindex="-1">' in inline
    assert "_blank" not in inline
    assert "<?xml" not in inline
    assert "<!DOCTYPE" not in inline
