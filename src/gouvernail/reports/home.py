"""What the COPIL brings to the home page (core.home): the next meeting with its agenda and its
pack, the pack's key indicators with their trend since the previous COPIL, and the last first
step of a new organisation."""

from django.db.models import Prefetch

from gouvernail.core import home
from gouvernail.core.choices import Role
from gouvernail.governance.choices import CommitteeKind, MeetingStatus
from gouvernail.governance.models import AgendaItem, Meeting
from gouvernail.metrics import registry
from gouvernail.reports.models import CopilPack
from gouvernail.reports.packs.snapshot import (
    KEY_INDICATORS,
    TREND_WORDS,
    _previous_values,
    _shown,
    _stored,
    registry_has,
)

TREND_ARROWS = {1: "↗", -1: "↘", 0: "→"}


def _copil_meetings(membership):
    return Meeting.objects.visible_to(membership).filter(committee__kind=CommitteeKind.COPIL)


def _next_copil(membership, today) -> dict | None:
    meeting = (
        _copil_meetings(membership)
        .filter(date__gte=today, status=MeetingStatus.PLANNED)
        .select_related("committee")
        .prefetch_related(Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "pk")))
        .order_by("date", "start_time", "pk")
        .first()
    )
    if meeting is None:
        return {"meeting": None}
    pack = CopilPack.objects.filter(meeting=meeting).order_by("-created_at", "-pk").first()
    return {"meeting": meeting, "agenda": list(meeting.agenda.all()), "pack": pack}


def key_indicator_rows(membership, today) -> list[dict]:
    """The pack's key indicators as stored for today's periods, with their direction since the
    values shown at the last COPIL held (its archived pack, else the measurements of its date)."""
    organisation = membership.organisation
    chosen = [item for item in KEY_INDICATORS if registry_has(item[0])]
    pairs = [(code, registry.get_indicator(code).period_for(today).key) for code, _, _ in chosen]
    stored = _stored(organisation, pairs)
    previous = (
        _copil_meetings(membership).filter(date__lt=today, status=MeetingStatus.HELD).order_by("-date", "-pk").first()
    )
    before = _previous_values(previous, organisation, chosen)
    rows = []
    for (code, key, title), pair in zip(chosen, pairs, strict=True):
        indicator = registry.get_indicator(code)
        raw = stored.get(pair, {}).get(key)
        value = None if raw is None else float(raw)
        old = before.get((code, key))
        direction = None if value is None or old is None else (value > old) - (value < old)
        level = indicator.level(raw) if raw is not None else None
        rows.append(
            {
                "label": title or indicator.label,
                "display": _shown(value, indicator),
                "period": indicator.period_for(today).label,
                "previous_display": _shown(old, indicator) if old is not None else "",
                "arrow": TREND_ARROWS.get(direction, ""),
                "trend": TREND_WORDS.get(direction, ""),
                "level": level or "",
                "level_text": registry.LEVEL_TEXT.get(level, "") if level else "",
            }
        )
    return rows


def _indicators(membership, today) -> dict | None:
    rows = key_indicator_rows(membership, today)
    if not rows:
        return None
    return {"rows": rows}


def register() -> None:
    home.register(
        home.Panel(
            "next_copil",
            "reports/home/next_copil.html",
            "governance",
            _next_copil,
            roles=frozenset(home.ALL_ROLES - {Role.PRESTATAIRE}),
            order=10,
        ),
        home.Panel(
            "copil_indicators",
            "reports/home/indicators.html",
            "dashboards",
            _indicators,
            roles=frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION}),
            order=20,
        ),
        home.FirstStep(
            "Générer le dossier du premier COPIL",
            "Depuis la réunion : le diaporama et le PDF, archivés avec les chiffres présentés.",
            "governance:meeting_list",
            "governance",
            # A COPIL already held, pack or not, is past the first steps (the demo's are).
            lambda org: (
                CopilPack.objects.filter(organisation=org),
                Meeting.objects.filter(
                    organisation=org, committee__kind=CommitteeKind.COPIL, status=MeetingStatus.HELD
                ),
            ),
            order=50,
        ),
    )
