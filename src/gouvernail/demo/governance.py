"""The governance data of the demo: the COPIL SI and the COTECH, the mission's COPIL #1–#4,
the scenario analysis of the study, the COPIL #3 decision on the scenarios (as the study
writes it: proposed, not recorded; its four proposals are in governance_registry.py) and a
pending decision on the messagerie migration;
then (frameworks.py) the 2026 meetings and the charte informatique with its campaign.

From the seed: the committees' role, rhythm and remit, the COPIL dates (COPIL #4 « février
2026 » is approximate, dated mid-month), the four scenarios, the 14 criteria and the study's
wording of each rating with its level (the mapping is written in seed.yaml).
Synthetic: the members (demo people chosen by capacity), places and attendance.
"""

from datetime import date
from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.demo.frameworks import build_2026_meetings, build_framework_documents
from gouvernail.demo.people import Staff
from gouvernail.demo.records import persist, synthetic_note
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
from gouvernail.governance.services import agenda_item_save
from gouvernail.steering.models import ActionItem


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
        held = spec["date"] <= reference_date
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
            needed_by=copil3.date,
        )
    )
    for option in analysis.options.all():
        persist(DecisionOption(organisation=organisation, decision=scenarios, label=f"{option.code} — {option.label}"))
    analysis.decision = scenarios
    persist(analysis)
    persist(
        AgendaItem(
            organisation=organisation,
            meeting=copil3,
            position=1,
            title="Scénarios d'organisation du SI",
            kind=AgendaItemKind.DECISION,
            decision=scenarios,
            minutes=(
                "Décisions proposées : valider le scénario 1 comme orientation cible ; engager le scénario 4 "
                "selon des modalités progressives ; ne pas retenir à ce stade les scénarios 2 et 3."
            ),
        )
    )
    messagerie = ActionItem.objects.filter(organisation=organisation, number=17).first()
    pending = persist(
        Decision(
            organisation=organisation,
            question="Migrer la messagerie OVH MX Plan vers Hosted Exchange : quand et avec quel accompagnement ?",
            context=synthetic_note("Action 17 du plan d'action."),
            committee=copil,
            needed_by=meetings[3].date,
        )
    )
    for label in ("Migration en une fois", "Migration par vagues de services"):
        persist(DecisionOption(organisation=organisation, decision=pending, label=label))
    if messagerie is not None:
        pending.follow_up_actions.add(messagerie)
    agenda_item_save(
        item=AgendaItem(
            organisation=organisation,
            meeting=meetings[3],
            position=1,
            title="Migration de la messagerie",
            kind=AgendaItemKind.DECISION,
            decision=pending,
            action=messagerie,
        ),
        acting_user=None,
    )
    cycle = build_2026_meetings(organisation, staff, copil, cotech, reference_date)
    documents = build_framework_documents(organisation, staff, copil, cycle["COPIL SI — janvier 2026"], reference_date)
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
