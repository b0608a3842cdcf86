"""The governance data of the demo: the COPIL SI and the COTECH, the mission's COPIL #1–#4,
the scenario analysis of the study and the decisions it proposes at COPIL #3 — recorded,
illustratively, at the first COPIL after the study (the study does not give the outcome) —, a
pending decision on the messagerie migration for the next COPIL; then (frameworks.py) the
meetings after the mission and the charte informatique with its campaign.

From the seed: the committees' role, rhythm and remit, the COPIL dates (COPIL #4 « février
2026 » is approximate, dated mid-month), the four scenarios, the 14 criteria and the study's
wording of each rating with its level (the mapping is written in seed.yaml).
Synthetic: the members (demo people chosen by capacity), places and attendance.
"""

from datetime import date
from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.demo.frameworks import build_framework_documents, build_meeting_cycle
from gouvernail.demo.governance_registry import add_copil3_proposals, build_governance_proposal
from gouvernail.demo.people import Staff
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.demo.timeline import is_held
from gouvernail.governance.choices import AgendaItemKind, Capacity, Direction, MeetingStatus
from gouvernail.governance.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionOption,
    Meeting,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)
from gouvernail.governance.services import agenda_item_save, decision_record
from gouvernail.steering.models import ActionItem

# The COPIL of the continuation that records the scenarios decision proposed at COPIL #3.
SCENARIOS_DECIDED_AT = "COPIL SI — mars 2026"
COPIL3_PROPOSALS = (
    "Décisions proposées par l'étude : valider le scénario 1 comme orientation cible ; engager le scénario 4 "
    "selon des modalités progressives ; ne pas retenir à ce stade les scénarios 2 et 3."
)
COPIL3_RATIONALE = (
    "Le scénario 1 est le plus adapté à court terme (moyens actuels, conformité aux attentes de la "
    "Chambre régionale des comptes, faible dépendance individuelle) ; le scénario 4 est un levier "
    "complémentaire, engagé selon des modalités progressives à définir. Les scénarios 2 et 3 ne sont "
    "pas retenus à ce stade mais conservés comme options ; à défaut de validation des scénarios 1 et 4, "
    "le scénario 3 (recrutement d'un Responsable SI en CDD de 3 ans) serait engagé."
)


def build_governance(organisation: Organisation, staff: Staff, seed: dict, reference_date: date) -> dict:
    dgs = staff.lead("Direction générale des services", 0)
    referent = staff.lead("Direction générale des services", 2)
    president, digital = staff.elected[0], staff.elected[1]
    committees = {}
    for spec in seed["committees"]:
        committees[spec["name"]] = persist(
            Committee(
                organisation=organisation,
                name=spec["name"],
                kind=spec["kind"],
                frequency=spec["frequency"],
                role=spec["role"],
                decides=spec["decides"],
            )
        )
    copil, cotech = committees["COPIL SI"], committees["COTECH"]
    for committee, person, capacity in (
        (copil, president, Capacity.CHAIR),
        (copil, digital, Capacity.DIGITAL_ELECTED),
        (copil, dgs, Capacity.DGS),
        (copil, referent, Capacity.IT_REFERENT),
        (cotech, referent, Capacity.IT_REFERENT),
        (cotech, dgs, Capacity.DGS),
    ):
        persist(CommitteeMember(organisation=organisation, committee=committee, person=person, capacity=capacity))

    meetings = []
    for spec in seed["mission_meetings"]:
        held = is_held(spec["date"], reference_date)
        meeting = persist(
            Meeting(
                organisation=organisation,
                committee=copil,
                title=spec["title"],
                date=spec["date"],
                is_approximate=spec.get("approximate", False),
                place="Hôtel communautaire, salle du conseil",
                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            )
        )
        if held:
            meeting.attendees.set([president, digital, dgs, referent])
        meetings.append(meeting)
    copil3 = meetings[2]

    analysis = build_scenario_analysis(organisation, seed["scenario_analysis"])

    cycle = build_meeting_cycle(organisation, staff, copil, cotech, reference_date)
    decided_at = cycle[SCENARIOS_DECIDED_AT]
    scenarios = persist(
        Decision(
            organisation=organisation,
            question="Quelle organisation cible pour le système d'information ?",
            context="Étude de gouvernance SI : quatre scénarios d'organisation comparés sur 14 critères.",
            recommendation=(
                "S1 le plus adapté à court terme ; S4 levier complémentaire ; "
                "S2 et S3 éclairent les arbitrages sans être prioritaires."
            ),
            committee=copil,
            needed_by=decided_at.date,
        )
    )
    options = {
        option.code: persist(
            DecisionOption(organisation=organisation, decision=scenarios, label=f"{option.code} — {option.label}")
        )
        for option in analysis.options.all()
    }
    analysis.decision = scenarios
    persist(analysis)
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=copil3,
            position=1,
            title="Scénarios d'organisation du SI",
            kind=AgendaItemKind.FREE,
            minutes=COPIL3_PROPOSALS if copil3.status == MeetingStatus.HELD else "",
        )
    )
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=decided_at,
            position=1,
            title="Scénarios d'organisation du SI — décision",
            kind=AgendaItemKind.DECISION,
            decision=scenarios,
            minutes=synthetic_note("Le COPIL retient le scénario 1 et engage le scénario 4.")
            if decided_at.status == MeetingStatus.HELD
            else "",
        )
    )
    add_copil3_proposals(organisation, scenarios)
    proposal = build_governance_proposal(organisation, meetings[3])
    if meetings[3].status == MeetingStatus.HELD:
        decision_record(
            decision=proposal,
            outcome="adoptee",
            chosen_option=persist(
                DecisionOption(organisation=organisation, decision=proposal, label="Valider la proposition")
            ),
            rationale=synthetic_note("L'étude propose cette validation au COPIL #4 sans en donner l'issue."),
            consensus=True,
            decided_on=meetings[3].date,
            meeting=meetings[3],
            deciders=[president, digital],
            acting_user=None,
        )
    if decided_at.status == MeetingStatus.HELD:
        decision_record(
            decision=scenarios,
            outcome="adoptee",
            adopted_resolutions=[1, 2, 3],  # the fourth is the fallback of a refusal
            chosen_option=options["S1"],
            rationale=f"{COPIL3_RATIONALE}\n" + synthetic_note("L'étude propose ces décisions sans en donner l'issue."),
            consensus=True,
            decided_on=decided_at.date,
            meeting=decided_at,
            deciders=[president, digital],
            acting_user=None,
        )

    # The messagerie decision waits for the next COPIL after the load date.
    upcoming = min(
        (
            meeting
            for meeting in cycle.values()
            if meeting.committee_id == copil.pk and meeting.status == MeetingStatus.PLANNED
        ),
        key=lambda meeting: meeting.date,
    )
    messagerie = ActionItem.objects.filter(organisation=organisation, number=17).first()
    pending = persist(
        Decision(
            organisation=organisation,
            question="Migrer la messagerie OVH MX Plan vers Hosted Exchange : quand et avec quel accompagnement ?",
            context=synthetic_note("Action 17 du plan d'action."),
            committee=copil,
            needed_by=upcoming.date,
        )
    )
    for label in ("Migration en une fois", "Migration par vagues de services"):
        persist(DecisionOption(organisation=organisation, decision=pending, label=label))
    if messagerie is not None:
        pending.follow_up_actions.add(messagerie)
    agenda_item_save(
        item=AgendaItem(
            organisation=organisation,
            meeting=upcoming,
            position=1,
            title="Migration de la messagerie",
            kind=AgendaItemKind.DECISION,
            decision=pending,
            action=messagerie,
        ),
        acting_user=None,
    )
    documents = build_framework_documents(organisation, staff, copil, cycle, reference_date)
    return {
        "committees": committees,
        "meetings": meetings,
        "cycle": cycle,
        "analysis": analysis,
        "decisions": [scenarios, pending],
        "documents": documents,
    }


def build_scenario_analysis(organisation: Organisation, spec: dict) -> ScenarioAnalysis:
    analysis = persist(ScenarioAnalysis(organisation=organisation, title=spec["title"]))
    options = {
        code: persist(
            ScenarioOption(organisation=organisation, analysis=analysis, code=code, label=label, assessment=assessment)
        )
        for code, (label, assessment) in spec["options"].items()
    }
    for position, criterion_spec in enumerate(spec["criteria"], start=1):
        criterion = persist(
            ScenarioCriterion(
                organisation=organisation,
                analysis=analysis,
                position=position,
                name=criterion_spec["name"],
                weight=Decimal(1),
                direction=Direction.LOWER if criterion_spec.get("lower") else Direction.HIGHER,
            )
        )
        for code, (level, wording) in criterion_spec["ratings"].items():
            persist(
                ScenarioRating(
                    organisation=organisation,
                    option=options[code],
                    criterion=criterion,
                    level=level,
                    justification=f"Étude : « {wording} »",
                )
            )
    return analysis
