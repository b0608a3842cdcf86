"""The demo's COPIL decisions as the study writes them, and the act that followed.

From the study (« Accompagnement SI », TGS France):
- COPIL #3 (16/12/2025) « Décisions proposées au COPIL » — four proposals, shown as the study
  shows them, as checkboxes: proposed, not recorded as adopted (the study does not say what the
  COPIL decided);
- the governance roll-out's first step, « Validation du principe de gouvernance en COPIL »,
  proposed for COPIL #4 (février 2026);
- the roll-out (« Validation du principe de gouvernance en COPIL », « Mise en place du COPIL SI
  et de son rythme », « Déploiement des premiers tableaux de bord », « Formalisation de la feuille
  de route 2026–2028 », « Ajustements à 6 et 12 mois ») as planned governance events;
- action 8, « Renouveler les mots de passe Wifi tous les 6 mois », as a recurring action;
- the outsourcing contract's service levels (scenario 1), with three months of measurements:
  availability and the monthly report entered (synthetic), the times to take and to resolve
  computed from the demo's (synthetic) requests assigned to the outsourcer's group;
- the deliberation 2026_02_031 printed on the study's cover: 12/02/2026, acknowledged by the
  prefecture's legality control on 26/02/2026, published on 04/03/2026. Its exact subject is not
  in the study: it is linked to the governance proposal, with a note saying so.
"""

import random
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from gouvernail.core.models import Organisation
from gouvernail.demo.records import RANDOM_SEED, persist, synthetic_note
from gouvernail.demo.timeline import moment
from gouvernail.demo.vendors import OUTSOURCER
from gouvernail.governance.choices import (
    ActBody,
    ActKind,
    AgendaItemKind,
    DecisionStatus,
    GovernanceEventKind,
    MeetingStatus,
    ResolutionRole,
)
from gouvernail.governance.models import (
    AgendaItem,
    Decision,
    DecisionAct,
    DecisionResolution,
    GovernanceEvent,
    Meeting,
)
from gouvernail.metrics.sla import sla_compute
from gouvernail.servicedesk.choices import RequestStatus
from gouvernail.servicedesk.models import AssignmentGroup, Request
from gouvernail.steering.models import ActionItem
from gouvernail.steering.services import occurrence_schedule
from gouvernail.vendors.models import Contract, ServiceLevel, ServiceLevelMeasurement

# (text, option code, role) — the study's wording of the COPIL #3 proposals.
COPIL3_PROPOSALS = (
    (
        "Valider le scénario 1 (infogérance renforcée) comme orientation cible pour l'organisation du SI.",
        "S1",
        ResolutionRole.TARGET,
    ),
    (
        "Engager le scénario 4 (sortie de l'animation du Cybercentre du périmètre du Référent SI), selon des "
        "modalités progressives à définir.",
        "S4",
        ResolutionRole.ENGAGED,
    ),
    ("Ne pas retenir à ce stade les scénarios 2 et 3, tout en les conservant comme options.", None, ""),
    (
        "À défaut de validation des scénarios 1 et 4, engager le scénario 3 (recrutement d'un Responsable SI – "
        "CDD contractuel 3 ans).",
        "S3",
        ResolutionRole.FALLBACK,
    ),
)

PROPOSAL_QUESTION = "Valider la proposition de gouvernance du système d'information"
GOVERNANCE_PROPOSAL = (
    "Le COPIL SI, instance stratégique et décisionnelle (président ou élu référent numérique, DGS, Référent SI, "
    "invités métier si besoin), mensuel en phase de structuration puis trimestriel ; un COTECH hebdomadaire ; "
    "un tableau de bord SI présenté en COPIL ; la feuille de route numérique 2026–2028 ; les documents cadres "
    "(charte informatique, procédures clés)."
)
GOVERNANCE_ROLLOUT = (
    "Validation du principe de gouvernance en COPIL",
    "Mise en place du COPIL SI et de son rythme",
    "Déploiement des premiers tableaux de bord",
    "Formalisation de la feuille de route 2026–2028",
    "Ajustements à 6 et 12 mois",
)

REVIEW_AGENDA = (
    "Rythme du COPIL SI (mensuel en phase de structuration, trimestriel ensuite) et du COTECH hebdomadaire",
    "Tableau de bord SI : activité du service SI, projets, incidents et cybersécurité, dépendance prestataires",
    "Avancement de la feuille de route numérique 2026–2028",
    "Rôles : Direction, Référent SI, prestataires",
    "Ajustements de la gouvernance à décider",
)
# (title, months after the validation, kind, agenda template) — the study's « mise en œuvre ».
ROLLOUT_EVENTS = (
    (
        "Validation du principe de gouvernance en COPIL",
        0,
        GovernanceEventKind.STEP,
        ("Proposition de gouvernance du SI", "Scénarios d'organisation du SI"),
    ),
    ("Mise en place du COPIL SI et de son rythme", 1, GovernanceEventKind.STEP, ()),
    ("Déploiement des premiers tableaux de bord", 2, GovernanceEventKind.STEP, ()),
    ("Formalisation de la feuille de route 2026–2028", 3, GovernanceEventKind.STEP, ()),
    ("Revue de la gouvernance à 6 mois", 6, GovernanceEventKind.REVIEW, REVIEW_AGENDA),
    ("Revue de la gouvernance à 12 mois", 12, GovernanceEventKind.REVIEW, REVIEW_AGENDA),
)

ACT = {
    "number": "2026_02_031",
    "kind": ActKind.DELIBERATION,
    "body": ActBody.COUNCIL,
    "title": "Gouvernance du système d'information (accompagnement SI)",
    "adopted_on": date(2026, 2, 12),
    "transmitted_on": date(2026, 2, 26),
    "published_on": date(2026, 3, 4),
    "note": (
        "Numéro et dates portés sur la page de garde de l'étude (accusé de réception du contrôle de légalité "
        "le 26/02/2026, publication le 04/03/2026). L'objet exact de la délibération n'y figure pas : le "
        "rattachement à la proposition de gouvernance est une hypothèse de la démonstration."
    ),
}


def add_copil3_proposals(organisation: Organisation, scenarios: Decision) -> None:
    """The study's four proposals of COPIL #3 as the scenarios decision's resolutions."""
    options = {option.label[:2]: option for option in scenarios.options.all()}
    for position, (text, code, role) in enumerate(COPIL3_PROPOSALS, start=1):
        persist(
            DecisionResolution(
                organisation=organisation,
                decision=scenarios,
                position=position,
                text=text,
                option=options[code] if code else None,
                role=role,
            )
        )


def build_governance_proposal(organisation: Organisation, copil4: Meeting) -> Decision:
    """The roll-out's first step, « Validation du principe de gouvernance en COPIL », on COPIL #4."""
    proposal = persist(
        Decision(
            organisation=organisation,
            question=PROPOSAL_QUESTION,
            context=f"Étude de gouvernance SI, étapes de mise en œuvre : {' ; '.join(GOVERNANCE_ROLLOUT)}.",
            recommendation=GOVERNANCE_PROPOSAL,
            committee=copil4.committee,
            needed_by=copil4.date,
            status=DecisionStatus.ON_AGENDA,
        )
    )
    persist(
        DecisionResolution(
            organisation=organisation,
            decision=proposal,
            position=1,
            text=f"Valider la proposition de gouvernance : {GOVERNANCE_PROPOSAL}",
        )
    )
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=copil4,
            position=2,
            title="Proposition de gouvernance du SI",
            kind=AgendaItemKind.DECISION,
            decision=proposal,
        )
    )
    return proposal


def build_governance_registry(organisation: Organisation, reference_date: date) -> dict:
    """The act, the roll-out, the recurring Wifi action and the service levels; the decisions
    themselves are built (and, after the study, recorded) by governance.build_governance."""
    meetings = {m.title[:8]: m for m in Meeting.objects.filter(organisation=organisation, title__startswith="COPIL #")}
    scenarios = Decision.objects.get(organisation=organisation, question__startswith="Quelle organisation cible")
    proposal = Decision.objects.get(organisation=organisation, question=PROPOSAL_QUESTION)
    copil4 = meetings["COPIL #4"]
    act = persist(DecisionAct(organisation=organisation, decision=proposal, **ACT))
    events = build_rollout(organisation, copil4)
    wifi = build_recurring_wifi(organisation, reference_date)
    levels = build_service_levels(organisation, reference_date)
    return {
        "scenarios": scenarios,
        "proposal": proposal,
        "act": act,
        "rollout": events,
        "wifi": wifi,
        "service_levels": levels,
    }


# The study's scenario 1 asks for « engagements de service formalisés (SLA) » and « reporting
# régulier sur les incidents, la disponibilité et les indicateurs de sécurité », without figures:
# the targets, penalties and the three months of measurements below are synthetic.
# (indicator, label, target, unit, comparison, penalty € HT, three monthly values, oldest first —
# none for the delays, computed from the requests by `build_outsourced_requests`)
SERVICE_LEVELS = (
    ("disponibilite", "Disponibilité des serveurs et du réseau", "99.5", "%", "min", "150", ("99.8", "99.2", "99.7")),
    ("prise_en_charge", "Prise en charge d'un incident", "4", "heures ouvrées", "max", "100", ()),
    ("resolution", "Résolution d'un incident", "2", "jours ouvrés", "max", None, ()),
    (
        "rapport",
        "Rapport mensuel (incidents, disponibilité, sécurité) reçu",
        "1",
        "oui = 1",
        "min",
        None,
        ("1", "1", "0"),
    ),
)


def build_service_levels(organisation: Organisation, reference_date: date) -> list[ServiceLevel]:
    contract = Contract.objects.filter(organisation=organisation, vendor__name=OUTSOURCER).first()
    if contract is None:
        return []
    first_of_month = reference_date.replace(day=1)
    levels = []
    for indicator, label, target, unit, comparison, penalty, values in SERVICE_LEVELS:
        level = persist(
            ServiceLevel(
                organisation=organisation,
                contract=contract,
                indicator=indicator,
                label=label,
                target=Decimal(target),
                unit=unit,
                comparison=comparison,
                penalty_per_breach=Decimal(penalty) if penalty else None,
            )
        )
        for months_ago, value in zip((3, 2, 1)[: len(values)], values, strict=True):
            persist(
                ServiceLevelMeasurement(
                    organisation=organisation,
                    service_level=level,
                    month=first_of_month - relativedelta(months=months_ago),
                    value=Decimal(value),
                    source=synthetic_note("Rapport mensuel du prestataire."),
                )
            )
        levels.append(level)
    return levels


def build_recurring_wifi(organisation: Organisation, reference_date: date) -> ActionItem | None:
    """Action 8 of the study, « Renouveler les mots de passe Wifi tous les 6 mois », recurs every
    6 months; its first occurrence is due on the action's (synthetic) due date."""
    action = ActionItem.objects.filter(organisation=organisation, number=8).first()
    if action is None:
        return None
    action.recurrence_months = 6
    persist(action)
    occurrence_schedule(action=action, due_on=action.due_date or reference_date, acting_user=None)
    return action


def build_rollout(organisation: Organisation, copil4: Meeting) -> list[GovernanceEvent]:
    """The study's roll-out steps, from the validation at COPIL #4, and its reviews at 6 and 12
    months. The study dates only the validation (COPIL #4, « février 2026 ») and the reviews
    relative to it: every date is therefore approximate; the steps in between are spaced a month
    apart by the demo."""
    start = copil4.date
    events = []
    for position, (title, months, kind, agenda) in enumerate(ROLLOUT_EVENTS, start=1):
        events.append(
            persist(
                GovernanceEvent(
                    organisation=organisation,
                    committee=copil4.committee,
                    kind=kind,
                    position=position,
                    title=title,
                    planned_on=start + relativedelta(months=months),
                    is_approximate=True,
                    done_on=start if months == 0 and copil4.status == MeetingStatus.HELD else None,
                    meeting=copil4 if months == 0 else None,
                    agenda_template="\n".join(agenda),
                )
            )
        )
    return events


# The outsourcer operates the infrastructure (scenario 1: « infrastructures, serveurs, réseau,
# sauvegardes, supervision, sécurité »): the service desk assigns it these categories of requests.
OUTSOURCER_GROUP = "Infogérance (prestataire)"
OUTSOURCED_CATEGORIES = ("Réseau", "Sauvegarde", "Sécurité", "Poste de travail")
# Mean time to take a request in charge, in minutes (synthetic).
MEAN_TAKE_MINUTES = 150


def build_outsourced_requests(organisation: Organisation, reference_date: date) -> int:
    """Assigns the requests of the outsourced categories opened since the contract began to the
    outsourcer's group, with their (synthetic) time of taking in charge, then computes the
    contract's delay service levels for the three months before the load date. Its own seeded
    generator: the other demo rows stay as they were. Returns how many requests were assigned."""
    contract = Contract.objects.filter(organisation=organisation, vendor__name=OUTSOURCER).first()
    if contract is None:
        return 0
    rng = random.Random(RANDOM_SEED + 7)
    persist(AssignmentGroup(organisation=organisation, vendor=contract.vendor, group=OUTSOURCER_GROUP))
    cutoff = moment(reference_date, 0)
    requests = list(
        Request.objects.filter(
            organisation=organisation,
            category__in=OUTSOURCED_CATEGORIES,
            opened_at__gte=moment(contract.start_date, 0),
        ).order_by("external_id")
    )
    for request in requests:
        request.assigned_group = OUTSOURCER_GROUP
        taken = request.opened_at + relativedelta(minutes=round(rng.expovariate(1 / MEAN_TAKE_MINUTES)) + 5)
        if request.resolved_at is not None:
            taken = min(taken, request.resolved_at)
        # A request still « nouvelle » has not been taken in charge yet.
        request.taken_at = taken if taken < cutoff and request.status != RequestStatus.NEW else None
    Request.objects.bulk_update(requests, ["assigned_group", "taken_at"], batch_size=500)
    first_of_month = reference_date.replace(day=1)
    for months_ago in (3, 2, 1):
        sla_compute(organisation=organisation, month=first_of_month - relativedelta(months=months_ago))
    return len(requests)
