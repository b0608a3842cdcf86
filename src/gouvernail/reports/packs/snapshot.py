"""The data of a COPIL pack, read once into plain JSON values: the snapshot.

Both renderers (PPTX, PDF) lay out only the snapshot, and the snapshot is archived with each
pack: what is in it is exactly what the COPIL was shown. Indicators are read from stored
`Measurement`s for the periods they show on the meeting's date (computed first when none is
stored yet); the trend compares with the previous meeting of the same committee, from that
meeting's archived pack when there is one, else from the measurements stored for its date.
"""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from gouvernail.core.formatting import display, unit_agreed
from gouvernail.finance.figures import copil_budget
from gouvernail.governance.models import AgendaItem, Decision, DecisionOption, Meeting, RegisterCheckpoint
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period
from gouvernail.metrics.services import measurements_compute
from gouvernail.steering.choices import ActionStatus, ProjectStatus
from gouvernail.steering.models import ActionItem, Project, RoadmapItem
from gouvernail.vendors.models import Contract
from gouvernail.vendors.quality import service_quality

__all__ = (
    "COPIL_DASHBOARD_SLUG",
    "KEY_INDICATORS",
    "SNAPSHOT_VERSION",
    "build_snapshot",
    "heading",
    "key_indicators",
)

SNAPSHOT_VERSION = 1
# The COPIL summary dashboard, when one is registered, names the key indicators by its numbers.
COPIL_DASHBOARD_SLUG = "copil"
# Otherwise, these (indicator code, dimension key, title), the ones that are registered.
KEY_INDICATORS = (
    ("demandes_mois", registry.TOTAL, ""),
    ("demandes_trimestre", registry.TOTAL, ""),
    ("delai_traitement", "moyenne_calendaire", "Délai moyen de traitement (jours calendaires)"),
    ("demandes_recurrentes_taux", registry.TOTAL, ""),
    ("actions_faute_ressources", registry.TOTAL, ""),
)
# The monthly series drawn as a line over the year before the meeting.
TREND_CODE = "demandes_mois"
TREND_MONTHS = 12
PARTIAL, RUNNING = "période partielle", "mois en cours"
WATCHED_STATUSES = (ProjectStatus.AT_RISK, ProjectStatus.ALERT)
RENEWAL_MONTHS = 12
TREND_WORDS = {1: "en hausse", -1: "en baisse", 0: "stable"}


def key_indicators() -> list[tuple[str, str, str]]:
    """(code, key, title) of the pack's key indicators, in order, registered ones only."""
    dashboard = registry.get_dashboard(COPIL_DASHBOARD_SLUG)
    if dashboard is not None:
        chosen = [
            (widget.code, widget.key, widget.title)
            for section in dashboard.sections
            for widget in section.widgets
            if isinstance(widget, registry.Number)
        ]
    else:
        chosen = list(KEY_INDICATORS)
    known = {indicator.code for indicator in registry.indicators()}
    return [item for item in chosen if item[0] in known]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _shown(value: float | None, indicator) -> str:
    if value is None:
        return "—"
    rounded = round(Decimal(str(value)), indicator.decimals)
    unit = f" {unit_agreed(indicator.unit, rounded)}" if indicator.unit else ""
    return f"{display(rounded)}{unit}"


def _stored(organisation, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Decimal]:
    """{(code, period key): {dimension key: value}} of the stored measurements for these pairs."""
    if not pairs:
        return {}
    codes = {code for code, _ in pairs}
    periods = {period for _, period in pairs}
    rows = Measurement.objects.filter(organisation=organisation, code__in=codes, period_key__in=periods).values_list(
        "code", "period_key", "dimension_key", "value"
    )
    found: dict = {}
    for code, period, key, value in rows:
        if (code, period) in pairs:
            found.setdefault((code, period), {})[key] = value
    return found


def _previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
        .order_by("-date", "-pk")
        .first()
    )


def _previous_values(meeting: Meeting | None, organisation, chosen) -> dict[tuple[str, str], float | None]:
    """The key indicators' values shown at the previous meeting: its archived pack's snapshot
    when it has one (what that COPIL was shown), else the measurements stored for its date."""
    if meeting is None:
        return {}
    pack = meeting.copil_packs.order_by("-created_at", "-pk").first()
    if pack is not None:
        return {(row["code"], row["key"]): row["value"] for row in pack.snapshot.get("indicators", [])}
    pairs = [(code, registry.get_indicator(code).period_for(meeting.date).key) for code, _, _ in chosen]
    stored = _stored(organisation, pairs)
    values = {}
    for (code, key, _), pair in zip(chosen, pairs, strict=True):
        values[(code, key)] = _number(stored.get(pair, {}).get(key))
    return values


def _indicators(meeting: Meeting, organisation, previous: Meeting | None) -> tuple[list[dict], dict | None]:
    chosen = key_indicators()
    at = meeting.date
    pairs = [(code, registry.get_indicator(code).period_for(at).key) for code, _, _ in chosen]
    if registry_has(TREND_CODE):
        trend_period = registry.get_indicator(TREND_CODE).period_for(at)
        trend_pairs = [(TREND_CODE, trend_period.shift(-back).key) for back in range(TREND_MONTHS - 1, -1, -1)]
    else:
        trend_pairs = []
    stored = _stored(organisation, pairs + trend_pairs)
    if missing := {code for code, key in pairs if (code, key) not in stored}:
        # Nothing stored yet for the meeting's date: compute those now, then read them back.
        measurements_compute(organisation=organisation, at=at, codes=missing)
        stored = _stored(organisation, pairs + trend_pairs)
    before = _previous_values(previous, organisation, chosen)
    rows = []
    for (code, key, title), pair in zip(chosen, pairs, strict=True):
        indicator = registry.get_indicator(code)
        dimensions = stored.get(pair, {})
        value = _number(dimensions.get(key))
        old = before.get((code, key))
        direction = None if value is None or old is None else (value > old) - (value < old)
        level = indicator.level(Decimal(str(value))) if value is not None else None
        label = title or indicator.label
        if key != registry.TOTAL and not title:
            label = f"{indicator.label} — {key}"
        rows.append(
            {
                "code": code,
                "key": key,
                "label": label,
                "unit": indicator.unit,
                "period": Period.parse(pair[1]).label,
                "period_key": pair[1],
                "value": value,
                "display": _shown(value, indicator),
                "previous": old,
                "previous_display": _shown(old, indicator),
                "trend": "" if direction is None else TREND_WORDS[direction],
                "level": level or "",
                "level_text": registry.LEVEL_TEXT.get(level, "Sans seuil") if level else "Sans seuil",
                "thresholds": indicator.thresholds.describe() if indicator.thresholds else "",
            }
        )
    trend = _trend(organisation, trend_pairs, stored) if trend_pairs else None
    return rows, trend


def _trend(organisation, pairs: list[tuple[str, str]], stored: dict) -> dict | None:
    """The monthly trend, its partial months marked as the dashboards mark them: a month the
    source's data start in (« période partielle ») and the month of the meeting, still running
    (« en cours »): a line that drops at either end would otherwise read as a fall."""
    indicator, today = registry.get_indicator(TREND_CODE), timezone.localdate()
    values = [_number(stored.get(pair, {}).get(registry.TOTAL)) for pair in pairs]
    if all(value is None for value in values):
        return None
    data_from = dict(
        Measurement.objects.filter(
            organisation=organisation,
            code=TREND_CODE,
            period_key__in=[period for _, period in pairs],
            dimension_key=registry.TOTAL,
            data_from__isnull=False,
        ).values_list("period_key", "data_from")
    )
    categories, notes = [], []
    for _, key in pairs:
        period = Period.parse(key)
        if key in data_from:
            categories.append(f"{period.short_label} ({PARTIAL})")
            notes.append(f"{period.label} : {PARTIAL}, données à partir du {display(data_from[key])}.")
        elif period.start <= today <= period.end:
            categories.append(f"{period.short_label} ({RUNNING})")
            notes.append(f"{period.label} : {RUNNING}, données jusqu'au {display(today)}.")
        else:
            categories.append(period.short_label)
    return {
        "code": TREND_CODE,
        "label": indicator.label,
        "unit": indicator.unit,
        "categories": categories,
        "period_keys": [period for _, period in pairs],
        "values": values,
        "notes": notes,
    }


def heading(snapshot: dict) -> str:
    """« COPIL SI — Réunion d'avril », or only the meeting's title when it already names the
    committee (« COPIL SI — avril 2026 », never « COPIL SI — COPIL SI — avril 2026 »)."""
    committee, title = snapshot["committee"], snapshot["meeting"]["title"]
    if title.casefold().startswith(str(committee).casefold()):
        return title
    return f"{committee} — {title}"


def registry_has(code: str) -> bool:
    return any(indicator.code == code for indicator in registry.indicators())


def _projects(organisation) -> dict:
    counts = dict(
        Project.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_status = [
        {"status": status.value, "label": status.label, "count": counts.get(status.value, 0)}
        for status in ProjectStatus
    ]
    watched = []
    projects = (
        Project.objects.filter(organisation=organisation, status__in=WATCHED_STATUSES)
        .select_related("lead")
        .prefetch_related("reports")
        .order_by("-status", "name")
    )
    for project in projects:
        report = max(project.reports.all(), key=lambda r: (r.date, r.pk), default=None)
        watched.append(
            {
                "name": project.name,
                "status": project.status,
                "status_label": project.get_status_display(),
                "lead": str(project.lead) if project.lead_id else "",
                "report": None
                if report is None
                else {
                    "date_display": display(report.date),
                    "summary": report.summary,
                    "blockers": report.blockers,
                    "next_steps": report.next_steps,
                },
            }
        )
    return {"by_status": by_status, "total": sum(counts.values()), "watched": watched}


def _actions(organisation, at: date) -> dict:
    counts = dict(
        ActionItem.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_status = [
        {"status": status.value, "label": status.label, "count": counts.get(status.value, 0)} for status in ActionStatus
    ]
    total = sum(counts.values())
    done = counts.get(ActionStatus.DONE, 0)
    # Abandoned actions leave the plan: progress is « done » over the actions still meant to be done.
    counted = total - counts.get(ActionStatus.ABANDONED, 0)
    overdue = (
        ActionItem.objects.filter(organisation=organisation)
        .overdue(at)
        .select_related("owner_person", "owner_vendor")
        .order_by("due_date", "number")
    )
    return {
        "by_status": by_status,
        "total": total,
        "done": done,
        "progress_percent": round(100 * done / counted) if counted else 0,
        "overdue": [
            {
                "number": action.number,
                "title": action.title,
                "owner": str(action.owner) if action.owner is not None else "À désigner",
                "due_display": display(action.due_date),
                "days_late": (at - action.due_date).days,
                "status_label": action.get_status_display(),
            }
            for action in overdue
        ],
    }


def _decisions(meeting: Meeting) -> list[dict]:
    on_agenda = AgendaItem.objects.filter(meeting=meeting, decision__isnull=False).values("decision_id")
    # Pending: not yet recorded in the register (no sequence number).
    decisions = Decision.objects.filter(organisation=meeting.organisation, sequence__isnull=True).filter(
        Q(pk__in=on_agenda) | Q(committee_id=meeting.committee_id)
    )
    rows = decisions.prefetch_related(Prefetch("options", queryset=DecisionOption.objects.order_by("pk"))).order_by(
        "needed_by", "pk"
    )
    return [
        {
            "question": decision.question,
            "context": decision.context,
            "recommendation": decision.recommendation,
            "needed_by_display": display(decision.needed_by) or "",
            "status_label": decision.get_status_display(),
            "options": [
                {
                    "label": option.label,
                    "pros": option.pros,
                    "cons": option.cons,
                    "cost": option.cost,
                    "risks": option.risks,
                }
                for option in decision.options.all()
            ],
        }
        for decision in rows
    ]


def _roadmap(organisation, year: int) -> dict:
    items = (
        RoadmapItem.objects.filter(
            organisation=organisation,
            start_month__isnull=False,
            end_month__isnull=False,
            start_month__lte=date(year, 12, 1),
            end_month__gte=date(year, 1, 1),
        )
        .select_related("axis")
        .order_by("axis__position", "axis__name", "start_month", "end_month", "title", "pk")
    )
    return {
        "year": year,
        "bars": [
            {
                "title": item.title,
                "start": item.start_month.isoformat(),
                "end": item.end_month.isoformat(),
                "status": item.status,
                "status_label": item.get_status_display(),
                "is_estimate": item.is_estimate,
                "axis": item.axis.name,
            }
            for item in items
        ],
    }


def _contracts(organisation, at: date) -> list[dict]:
    horizon = at + relativedelta(months=RENEWAL_MONTHS)
    contracts = (
        Contract.objects.filter(organisation=organisation, notice_deadline__gte=at, notice_deadline__lte=horizon)
        .select_related("vendor")
        .order_by("notice_deadline", "reference")
    )
    return [
        {
            "reference": contract.reference,
            "subject": contract.subject,
            "vendor": contract.vendor.name,
            "end_display": display(contract.end_date) or "",
            "notice_display": display(contract.notice_deadline) or "",
            "tacit_renewal": contract.tacit_renewal,
            "amount_display": f"{display(contract.annual_amount_ttc)} €"
            if contract.annual_amount_ttc is not None
            else "",
        }
        for contract in contracts
    ]


def _register_checkpoint(organisation) -> dict | None:
    """The newest signed checkpoint of the decision register, shown to the COPIL (text and QR
    code): whoever keeps the pack can later check the register was not rewritten since."""
    checkpoint = RegisterCheckpoint.objects.filter(organisation=organisation).order_by("-issued_at", "-pk").first()
    if checkpoint is None:
        return None
    return {
        "note": checkpoint.note,
        "tree_size": checkpoint.tree_size,
        "issued_display": display(checkpoint.issued_at),
    }


def build_snapshot(meeting: Meeting) -> dict:
    """Every value the pack of `meeting` shows, as JSON-ready plain values."""
    organisation = meeting.organisation
    previous = _previous_meeting(meeting)
    indicators, trend = _indicators(meeting, organisation, previous)
    return {
        "version": SNAPSHOT_VERSION,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "organisation": organisation.name,
        "committee": str(meeting.committee),
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "date_display": display(meeting.date),
            "time": meeting.start_time.strftime("%H h %M") if meeting.start_time else "",
            "place": meeting.place,
        },
        "previous_meeting": None
        if previous is None
        else {"title": previous.title, "date": previous.date.isoformat(), "date_display": display(previous.date)},
        "agenda": [
            {"position": item.position, "title": item.title, "kind": item.get_kind_display()}
            for item in meeting.agenda.order_by("position", "pk")
        ],
        "indicators": indicators,
        "indicator_trend": trend,
        "projects": _projects(organisation),
        "actions": _actions(organisation, meeting.date),
        "decisions": _decisions(meeting),
        "register_checkpoint": _register_checkpoint(organisation),
        "roadmap": _roadmap(organisation, meeting.date.year),
        "contracts": _contracts(organisation, meeting.date),
        # « Qualité de service du prestataire »: absent from older packs, read with .get().
        "service_quality": service_quality(organisation, meeting.date),
        "hygiene": _hygiene(organisation, meeting.date),
        # Absent from packs archived before the finance app: renderers read it with .get().
        "budget": copil_budget(organisation, meeting.date.year),
    }


def _hygiene(organisation, at: date) -> dict | None:
    """The « Hygiène informatique » slide (compliance app); None without an assessment."""
    from gouvernail.compliance.packs import hygiene_snapshot

    return hygiene_snapshot(organisation, at)
