"""Automatic evidence: what Gouvernail already knows, turned into a proposed status for a measure.

A probe reads an indicator of the metrics registry or records of another app and returns an
`Evidence`: the value, its date, the threshold, a drill-down link and a proposed status with its
explanation in French (« proposé : partielle — couverture MFA 79 % < 95 % »). A measure bound to
several probes is proposed the least favourable of their statuses. The actions of the plan linked
to a measure are evidence too, without any binding: their statuses say how far the work went,
and decide the proposal when no measured data does.

Probes are computed on demand (nothing cached), so a sync that changes the data changes the
proposal the next time it is read; services.evidence_refresh stores it on the assessment.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max
from django.urls import reverse

from gouvernail.compliance.choices import PROPOSAL_ORDER, MeasureStatus
from gouvernail.core.formatting import display
from gouvernail.metrics.registry import TOTAL, get_indicator

__all__ = ("PROBES", "Evidence", "Probe", "combine", "evaluate")

APPLIED, PARTIAL, NOT_APPLIED = MeasureStatus.APPLIED, MeasureStatus.PARTIAL, MeasureStatus.NOT_APPLIED
LABELS = dict(MeasureStatus.choices)


@dataclass(frozen=True)
class Evidence:
    probe: str
    label: str
    value: str  # as written: « 79 % », « 3 comptes », « publiée »
    as_of: date | None
    threshold: str
    url: str | None
    proposed: str | None  # None: no data to propose from
    reason: str  # « couverture MFA 79 % < 95 % »

    @property
    def explanation(self) -> str:
        if self.proposed is None:
            return f"aucune proposition — {self.reason}"
        return f"proposé : {LABELS[self.proposed].lower()} — {self.reason}"


@dataclass(frozen=True)
class Probe:
    code: str
    label: str
    definition: str
    compute: Callable  # (organisation, today, target: Decimal | None, item) -> Evidence


def _pct(value: Decimal) -> str:
    """« 79 % », « 79,5 % » (a non-breaking space before the sign, as French typography wants)."""
    value = Decimal(value)
    text = str(int(value)) if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")
    return f"{text}\u00a0%"


def _rate_probe(code: str, label: str, indicator: str, *, applied: int, partial: int, noun: str) -> Probe:
    """A percentage indicator: ≥ target → appliquée, ≥ `partial` → partielle, else non appliquée."""

    def compute(organisation, today, target, item) -> Evidence:
        entry = get_indicator(indicator)
        period = entry.period_for(today)
        total = next((v for v in entry.compute(organisation, period, today) if v.key == TOTAL), None)
        goal = Decimal(target) if target is not None else Decimal(applied)
        threshold = f"appliquée si ≥ {_pct(goal)}, partielle si ≥ {_pct(Decimal(partial))}"
        url = entry.url(period, TOTAL, today)
        if total is None or total.value is None:
            return Evidence(code, label, "—", today, threshold, url, None, f"{noun} : aucune donnée")
        value = total.value
        if value >= goal:
            status, sign, bound = APPLIED, "≥", goal
        elif value >= partial:
            status, sign, bound = PARTIAL, "<", goal
        else:
            status, sign, bound = NOT_APPLIED, "<", Decimal(partial)
        return Evidence(
            code, label, _pct(value), today, threshold, url, status, f"{noun} {_pct(value)} {sign} {_pct(bound)}"
        )

    return Probe(code, label, f"{entry_definition(indicator)}", compute)


def entry_definition(indicator: str) -> str:
    try:
        return get_indicator(indicator).definition
    except KeyError:
        return ""


def _inactive_accounts(organisation, today, target, item) -> Evidence:
    entry = get_indicator("comptes_inactifs")
    period = entry.period_for(today)
    total = next((v for v in entry.compute(organisation, period, today) if v.key == TOTAL), None)
    allowed = int(target) if target is not None else 0
    threshold = f"appliquée si ≤ {allowed} compte(s), partielle jusqu'à 5"
    url = entry.url(period, TOTAL, today)
    if total is None or total.value is None:
        return Evidence(
            "inactive_accounts",
            PROBES_LABELS["inactive_accounts"],
            "—",
            today,
            threshold,
            url,
            None,
            "comptes inactifs : aucune donnée de l'annuaire",
        )
    count = int(total.value)
    status = APPLIED if count <= allowed else PARTIAL if count <= 5 else NOT_APPLIED
    sign = "≤" if status == APPLIED else ">"
    bound = allowed if status != NOT_APPLIED else 5
    return Evidence(
        "inactive_accounts",
        PROBES_LABELS["inactive_accounts"],
        f"{count} compte(s)",
        today,
        threshold,
        url,
        status,
        f"{count} compte(s) activé(s) sans connexion depuis 90 jours {sign} {bound}",
    )


def _inventory_freshness(organisation, today, target, item) -> Evidence:
    from gouvernail.connectors.choices import ImportKind, ImportStatus, RunStatus
    from gouvernail.connectors.models import ImportRecord, SyncRun

    imported = ImportRecord.objects.filter(
        organisation=organisation, kind=ImportKind.EQUIPMENT, status=ImportStatus.DONE
    ).aggregate(last=Max("created"))["last"]
    synced = SyncRun.objects.filter(
        organisation=organisation, status=RunStatus.SUCCEEDED, config__kind__in=("glpi", "gestsup", "entra", "defender")
    ).aggregate(last=Max("finished_at"))["last"]
    moments = [m for m in (imported, synced) if m is not None]
    days = int(target) if target is not None else 31
    threshold = f"appliquée si importé ou synchronisé depuis ≤ {days} jours, partielle ≤ 90 jours ou tenu à la main"
    label = PROBES_LABELS["inventory_freshness"]
    if not moments:
        from gouvernail.inventory.models import Equipment

        edited = Equipment.objects.filter(organisation=organisation).aggregate(last=Max("last_updated"))["last"]
        if edited is None:
            return Evidence(
                "inventory_freshness",
                label,
                "vide",
                None,
                threshold,
                reverse("inventory:equipment_list"),
                NOT_APPLIED,
                "inventaire vide, jamais importé ni synchronisé",
            )
        # Kept by hand in Gouvernail: an inventory exists, nothing says it matches the fleet.
        return Evidence(
            "inventory_freshness",
            label,
            "tenu à la main",
            edited.date(),
            threshold,
            reverse("inventory:equipment_list"),
            PARTIAL,
            f"inventaire tenu à la main (dernière modification le {display(edited.date())}), sans import ni "
            "synchronisation",
        )
    last = max(moments).date()
    age = (today - last).days
    status = APPLIED if age <= days else PARTIAL if age <= 90 else NOT_APPLIED
    sign = "≤" if status == APPLIED else ">"
    bound = days if status != NOT_APPLIED else 90
    return Evidence(
        "inventory_freshness",
        label,
        f"{age} jour(s)",
        last,
        threshold,
        reverse("connectors:syncrun_list"),
        status,
        f"inventaire mis à jour le {display(last)}, il y a {age} jour(s) {sign} {bound}",
    )


def _charter_ack(organisation, today, target, item) -> Evidence:
    from gouvernail.governance.choices import DocumentKind
    from gouvernail.governance.indicators import acknowledgement_rates
    from gouvernail.governance.models import AcknowledgementCampaign

    label = PROBES_LABELS["charter_ack"]
    goal = Decimal(target) if target is not None else Decimal(90)
    threshold = f"appliquée si ≥ {_pct(goal)}, partielle si ≥ 50\u00a0%"
    campaign = (
        AcknowledgementCampaign.objects.filter(
            organisation=organisation, version__document__kind=DocumentKind.IT_CHARTER, starts_on__lte=today
        )
        .order_by("-starts_on")
        .first()
    )
    if campaign is None:
        return Evidence(
            "charter_ack",
            label,
            "—",
            None,
            threshold,
            reverse("governance:acknowledgementcampaign_list"),
            NOT_APPLIED,
            "aucune campagne de prise de connaissance de la charte",
        )
    rates = acknowledgement_rates(campaign)
    url = campaign.get_absolute_url()
    if rates.rate is None:
        return Evidence(
            "charter_ack",
            label,
            rates.percent,
            campaign.starts_on,
            threshold,
            url,
            None,
            "prise de connaissance de la charte : effectif insuffisant pour un taux",
        )
    value = (Decimal(rates.rate) * 100).quantize(Decimal("0.1"))
    status = APPLIED if value >= goal else PARTIAL if value >= 50 else NOT_APPLIED
    sign = "≥" if status == APPLIED else "<"
    bound = goal if status != NOT_APPLIED else Decimal(50)
    return Evidence(
        "charter_ack",
        label,
        _pct(value),
        campaign.starts_on,
        threshold,
        url,
        status,
        f"charte lue par {_pct(value)} des personnes visées {sign} {_pct(bound)}",
    )


def _document_probe(code: str, label: str, kind: str, noun: str) -> Probe:
    def compute(organisation, today, target, item) -> Evidence:
        from gouvernail.governance.choices import VersionStatus
        from gouvernail.governance.models import FrameworkDocumentVersion

        threshold = "appliquée si publiée, partielle si rédigée ou en cours d'approbation"
        versions = FrameworkDocumentVersion.objects.filter(organisation=organisation, document__kind=kind)
        published = versions.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
        if published is not None:
            return Evidence(
                code,
                label,
                "publiée",
                published.published_at and published.published_at.date(),
                threshold,
                published.get_absolute_url(),
                APPLIED,
                f"{noun} publiée (version {published.number})",
            )
        latest = versions.order_by("-number").first()
        if latest is not None:
            return Evidence(
                code,
                label,
                latest.get_status_display().lower(),
                latest.last_updated.date(),
                threshold,
                latest.get_absolute_url(),
                PARTIAL,
                f"{noun} {latest.get_status_display().lower()}, pas encore publiée",
            )
        return Evidence(
            code,
            label,
            "absente",
            None,
            threshold,
            reverse("governance:frameworkdocument_list"),
            NOT_APPLIED,
            f"aucune {noun} dans les documents cadres",
        )

    return Probe(code, label, f"État de la {noun} parmi les documents cadres.", compute)


def _phishing(organisation, today, target, item) -> Evidence:
    from gouvernail.awareness.models import PhishingCampaign

    label = PROBES_LABELS["phishing_12m"]
    since = today - timedelta(days=365)
    campaigns = PhishingCampaign.objects.filter(
        organisation=organisation, launched_on__gt=since, launched_on__lte=today
    )
    count = campaigns.count()
    last = campaigns.aggregate(last=Max("launched_on"))["last"]
    goal = int(target) if target is not None else 2
    threshold = f"appliquée si ≥ {goal} campagnes en 12 mois, partielle si 1"
    status = APPLIED if count >= goal else PARTIAL if count else NOT_APPLIED
    url = reverse("awareness:phishingcampaign_list")
    sign = "≥" if status == APPLIED else "<"
    return Evidence(
        "phishing_12m",
        label,
        f"{count} campagne(s)",
        last,
        threshold,
        url,
        status,
        f"{count} campagne(s) de faux hameçonnage en 12 mois {sign} {goal if count else 1}",
    )


def _actions(item) -> Evidence | None:
    """The actions of the plan linked to the measure: all done → appliquée; one started → partielle."""
    from gouvernail.steering.choices import ActionStatus

    if item is None or item.pk is None:
        return None
    actions = list(item.actions.all())
    if not actions:
        return None
    done = [a for a in actions if a.status == ActionStatus.DONE]
    started = [a for a in actions if a.status in (ActionStatus.IN_PROGRESS, ActionStatus.TO_VALIDATE)]
    names = ", ".join(f"n° {a.number} « {a.get_status_display().lower()} »" for a in actions)
    if len(done) == len(actions):
        status, reason = APPLIED, f"action(s) du plan réalisée(s) : {names}"
    elif done or started:
        status, reason = PARTIAL, f"action(s) du plan engagée(s) : {names}"
    else:
        status, reason = NOT_APPLIED, f"action(s) du plan pas encore engagée(s) : {names}"
    url = actions[0].get_absolute_url() if len(actions) == 1 else reverse("steering:actionitem_list")
    return Evidence(
        "action_plan",
        "Actions du plan d'action",
        f"{len(done)}/{len(actions)} faite(s)",
        None,
        "appliquée si toutes faites, partielle si une est engagée",
        url,
        status,
        reason,
    )


PROBES_LABELS = {
    "mfa_coverage": "Couverture MFA (Entra ID)",
    "antivirus_coverage": "Postes protégés par l'antivirus",
    "supported_os": "Postes Windows sur un système supporté",
    "inactive_accounts": "Comptes inactifs depuis 90 jours",
    "inventory_freshness": "Fraîcheur de l'inventaire",
    "charter_ack": "Prise de connaissance de la charte",
    "password_policy": "Politique de mots de passe",
    "incident_procedure": "Procédure de gestion des incidents",
    "phishing_12m": "Campagnes de faux hameçonnage en 12 mois",
}

PROBES: dict[str, Probe] = {
    p.code: p
    for p in (
        _rate_probe(
            "mfa_coverage", PROBES_LABELS["mfa_coverage"], "mfa_taux", applied=95, partial=50, noun="couverture MFA"
        ),
        _rate_probe(
            "antivirus_coverage",
            PROBES_LABELS["antivirus_coverage"],
            "av_taux",
            applied=95,
            partial=80,
            noun="postes protégés",
        ),
        _rate_probe(
            "supported_os",
            PROBES_LABELS["supported_os"],
            "w11_taux",
            applied=95,
            partial=50,
            noun="postes Windows sous Windows 11",
        ),
        Probe(
            "inactive_accounts",
            PROBES_LABELS["inactive_accounts"],
            "Comptes Entra ID activés sans connexion depuis 90 jours.",
            _inactive_accounts,
        ),
        Probe(
            "inventory_freshness",
            PROBES_LABELS["inventory_freshness"],
            "Dernier import ou synchronisation réussis de l'inventaire.",
            _inventory_freshness,
        ),
        Probe(
            "charter_ack",
            PROBES_LABELS["charter_ack"],
            "Taux de prise de connaissance de la dernière campagne de la charte.",
            _charter_ack,
        ),
        _document_probe(
            "password_policy", PROBES_LABELS["password_policy"], "mots_de_passe", "politique de mots de passe"
        ),
        _document_probe(
            "incident_procedure", PROBES_LABELS["incident_procedure"], "incidents", "procédure de gestion des incidents"
        ),
        Probe(
            "phishing_12m",
            PROBES_LABELS["phishing_12m"],
            "Campagnes de faux hameçonnage lancées dans les 12 derniers mois.",
            _phishing,
        ),
    )
}


def evaluate(organisation, item, bindings, today: date) -> list[Evidence]:
    """The evidence of one measure assessment: its bound probes, then its linked actions."""
    found = []
    for binding in bindings:
        probe = PROBES.get(binding.probe)
        if probe is not None:
            found.append(probe.compute(organisation, today, binding.target, item))
    actions = _actions(item)
    if actions is not None:
        found.append(actions)
    return found


def combine(evidence: list[Evidence]) -> tuple[str, str]:
    """(proposed status, explanation): the least favourable proposal, every reason written.

    Measured data outweighs the plan: the linked actions decide only when no data proposes
    (80 % MFA coverage is « partielle » even while the action generalising it is not started)."""
    measured = [e for e in evidence if e.proposed is not None and e.probe != "action_plan"]
    proposals = measured or [e for e in evidence if e.proposed is not None]
    if not proposals:
        return "", "; ".join(e.explanation for e in evidence)
    status = min((e.proposed for e in proposals), key=PROPOSAL_ORDER.index)
    reasons = " ; ".join(e.reason for e in evidence)
    return status, f"proposé : {LABELS[status].lower()} — {reasons}"
