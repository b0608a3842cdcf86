"""The roadmap: its lists (axes, yearly themes, items), the axes × years matrix and the yearly Gantt.

Every page here issues a fixed number of queries whatever the number of items: one query for the
items (of a year for the Gantt), and progress counted by a few aggregate-free `values_list` queries.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from gouvernail.core.permissions import can_edit
from gouvernail.core.views.generic import MembershipRequiredMixin, ObjectViewSet
from gouvernail.steering import filtersets, forms, gantt, tables
from gouvernail.steering.choices import ActionStatus, ProjectStatus
from gouvernail.steering.models import ActionItem, Project, RoadmapAxis, RoadmapItem, RoadmapTheme

MIN_YEAR, MAX_YEAR = 2000, 2100  # the models' year validators
DEFAULT_SPAN = 3  # years shown when axes exist but nothing is dated yet
GANTT_CACHE_SECONDS = 24 * 3600


class RoadmapAxisViews(ObjectViewSet):
    model = RoadmapAxis
    table = tables.RoadmapAxisTable
    filterset = filtersets.RoadmapAxisFilterSet
    form = forms.RoadmapAxisForm
    related_lists = (("Éléments de la feuille de route", "items", tables.RoadmapItemTable),)


class RoadmapThemeViews(ObjectViewSet):
    model = RoadmapTheme
    table = tables.RoadmapThemeTable
    filterset = filtersets.RoadmapThemeFilterSet
    form = forms.RoadmapThemeForm


class RoadmapItemViews(ObjectViewSet):
    model = RoadmapItem
    table = tables.RoadmapItemTable
    filterset = filtersets.RoadmapItemFilterSet
    form = forms.RoadmapItemForm
    select_related = ("axis",)


#
# Progress of an axis
#


@dataclass
class Progress:
    """Done / total of the distinct projects (or actions) of an axis."""

    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


@dataclass
class AxisProgress:
    projects: Progress = field(default_factory=Progress)
    actions: Progress = field(default_factory=Progress)


def axis_progress(membership) -> dict[int, AxisProgress]:
    """Per axis pk: the projects done (« terminé ») and actions done (« fait ») among those attached
    to the axis (their field « axe ») or linked to one of its items, each counted once per axis.
    The same rule as the `roadmap_axis` filter of the project and action lists. Four queries."""
    result: dict[int, AxisProgress] = {}
    for model, done_status, attribute in (
        (Project, ProjectStatus.DONE, "projects"),
        (ActionItem, ActionStatus.DONE, "actions"),
    ):
        visible = model.objects.visible_to(membership).order_by()
        rows = set(visible.filter(axis__isnull=False).values_list("axis_id", "pk", "status"))
        linked = visible.filter(roadmap_items__organisation_id=membership.organisation_id)
        rows |= set(linked.values_list("roadmap_items__axis_id", "pk", "status"))
        for axis_id, _pk, status in rows:
            progress = getattr(result.setdefault(axis_id, AxisProgress()), attribute)
            progress.total += 1
            progress.done += status == done_status
    return result


#
# The axes × years matrix
#


def month_label(month: date) -> str:
    return f"{gantt.MONTHS[month.month - 1]} {month.year}"


def month_range(item: RoadmapItem) -> str:
    """« févr.–avr. 2026 », « nov. 2025 – mars 2026 », « mai 2026 »; empty without months."""
    start, end = item.start_month, item.end_month
    if not start or not end:
        return ""
    first, last = gantt.MONTHS[start.month - 1], gantt.MONTHS[end.month - 1]
    if start.year != end.year:
        return f"{first} {start.year} – {last} {end.year}"
    if start.month == end.month:
        return f"{first} {start.year}"
    return f"{first}–{last} {start.year}"


def years_label(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def roadmap_matrix(membership, today: date) -> dict:
    """Rows = axes by position, columns = the years of the themes and items (every year between
    the first and the last), cells = the items of that axis and year. Five queries."""
    axes = list(RoadmapAxis.objects.visible_to(membership).order_by("position", "name"))
    themes = {theme.year: theme for theme in RoadmapTheme.objects.visible_to(membership)}
    items = RoadmapItem.objects.visible_to(membership).order_by("start_month", "end_month", "title", "pk")
    cells: dict[tuple[int, int], list[RoadmapItem]] = {}
    for item in items:
        item.months = month_range(item)
        cells.setdefault((item.axis_id, item.year), []).append(item)
    dated = set(themes) | {year for _, year in cells}
    if dated:
        years = list(range(min(dated), max(dated) + 1))
    elif axes:
        years = list(range(today.year, today.year + DEFAULT_SPAN))
    else:
        years = []
    progress = axis_progress(membership) if axes else {}
    rows = [
        {
            "axis": axis,
            "progress": progress.get(axis.pk, AxisProgress()),
            "cells": [{"year": year, "items": cells.get((axis.pk, year), [])} for year in years],
        }
        for axis in axes
    ]
    return {
        "rows": rows,
        "columns": [{"year": year, "theme": themes.get(year)} for year in years],
        "years_label": years_label(years),
        "item_count": sum(len(c) for c in cells.values()),
    }


class RoadmapMatrixView(MembershipRequiredMixin, TemplateView):
    template_name = "steering/roadmap_matrix.html"
    domain = "governance"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(roadmap_matrix(self.request.membership, today))
        context.update({"can_edit": can_edit(self.request.membership, self.domain), "current_year": today.year})
        return context


#
# The yearly Gantt
#


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("Année hors de la feuille de route.")
    return year


def year_items(membership, year: int) -> list[RoadmapItem]:
    """The items drawn in `year` (their months overlap it) and the items of `year` without months,
    by axis then start: one query."""
    overlaps = Q(start_month__lte=date(year, 12, 1), end_month__gte=date(year, 1, 1))
    undated = Q(year=year, start_month__isnull=True)
    return list(
        RoadmapItem.objects.visible_to(membership)
        .filter(overlaps | undated)
        .select_related("axis")
        .order_by("axis__position", "axis__name", "start_month", "end_month", "title", "pk")
    )


def bars_for(items: list[RoadmapItem]) -> list[gantt.Bar]:
    return [
        gantt.Bar(
            title=item.title,
            start=item.start_month,
            end=item.end_month,
            status=item.status,
            is_estimate=item.is_estimate,
            axis=item.axis.name,
            url=item.get_absolute_url(),
        )
        for item in items
        if item.start_month and item.end_month
    ]


RENDERERS = {"svg": gantt.render_svg, "png": gantt.render_png, "pdf": gantt.render_pdf}
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}


def rendered_gantt(organisation, year: int, fmt: str, bars: list[gantt.Bar], *, today: date, title: str = ""):
    """The Gantt in `fmt`, from the cache when nothing it draws has changed. The key holds the
    organisation, the year, the day (the today line moves) and a digest of exactly what is drawn
    (titles, months, statuses, axes, links): editing, adding or deleting an item, or renaming its
    axis, changes it; an unchanged roadmap is never re-rendered."""
    digest = hashlib.sha256(repr((bars, title)).encode()).hexdigest()[:32]
    key = f"steering:gantt:{organisation.pk}:{year}:{fmt}:{today.isoformat()}:{digest}"
    content = cache.get(key)
    if content is None:
        content = RENDERERS[fmt](year, bars, today=today, title=title)
        cache.set(key, content, GANTT_CACHE_SECONDS)
    return content


class GanttView(MembershipRequiredMixin, TemplateView):
    template_name = "steering/roadmap_gantt.html"
    domain = "governance"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = check_year(self.kwargs["year"])
        membership = self.request.membership
        today = timezone.localdate()
        items = year_items(membership, year)
        scheduled = [item for item in items if item.start_month and item.end_month]
        for item in scheduled:
            item.start_label, item.end_label = month_label(item.start_month), month_label(item.end_month)
        bars = bars_for(scheduled)
        svg = rendered_gantt(self.request.organisation, year, "svg", bars, today=today)
        label = f"Diagramme de Gantt {year} : {len(bars)} élément{'s' if len(bars) > 1 else ''} de la feuille de route"
        if not bars:
            label = f"Diagramme de Gantt {year} : aucun élément planifié"
        context.update(
            {
                "year": year,
                "theme": RoadmapTheme.objects.visible_to(membership).filter(year=year).first(),
                "scheduled": scheduled,
                "unscheduled": [item for item in items if not (item.start_month and item.end_month)],
                "svg": gantt.inline_svg(
                    svg, label_id="gantt-svg-title", label=label, described_by="gantt-table-caption"
                ),
                "previous_year": year - 1 if year > MIN_YEAR else None,
                "next_year": year + 1 if year < MAX_YEAR else None,
                "is_current_year": year == today.year,
                "can_edit": can_edit(membership, self.domain),
            }
        )
        return context


class GanttExportView(MembershipRequiredMixin, View):
    """The Gantt of a year as a PNG or PDF download (`feuille-de-route-2026.pdf`)."""

    domain = "governance"

    def get(self, request, year: int, fmt: str):
        year = check_year(year)
        if fmt not in CONTENT_TYPES:
            raise Http404("Format inconnu.")
        bars = bars_for(year_items(request.membership, year))
        title = f"{request.organisation} — Feuille de route : Gantt {year}"
        content = rendered_gantt(request.organisation, year, fmt, bars, today=timezone.localdate(), title=title)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="feuille-de-route-{year}.{fmt}"'
        return response


class CurrentGanttView(MembershipRequiredMixin, View):
    """« Gantt de l'année »: the Gantt of the current year."""

    domain = "governance"

    def get(self, request):
        return redirect(reverse("steering:roadmap_gantt", kwargs={"year": timezone.localdate().year}))
