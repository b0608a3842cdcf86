"""The steering data of the demo: the study's action plan and roadmap, and synthetic projects.

From the seed (seed.yaml): the 17 actions of the plan with the study's statuses and remarks,
the nine roadmap axes with their items for 2026, 2027 and 2028, the three yearly themes and
the 23 bars of the 2026 Gantt, whose months are estimates (the study's bar positions were
lost) and flagged as such.

Invented, and labelled « Donnée de démonstration (synthétique) »: the owners, due dates and
priorities of the actions (but action 2's « fin janvier 2026 »), a deferral episode of two of
them after the study (deferred, then resumed at the study's status), and the six projects
below (dates, budgets, milestones, status reports, decisions expected from the COPIL).

Actions and status reports go through the steering services, as an edit form would: each
action's logbook (its `ActionEvent`s) and the journal agree, and a project's weather is the
one of its latest report. The logbook is dated by the story (timeline.py): identified at
COPIL #1, at the study's status on the study's date, then the COPILs after it; its author is
the Référent SI. Due dates the study does not give follow the reference date (the day of the
load) so that « en retard » and « à venir » stay meaningful whenever the demo is loaded; the
Gantt stays on 2026, the year of the study, and a bar that carries a project follows it.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from gouvernail.core.models import Organisation, Person, User
from gouvernail.demo.people import Staff
from gouvernail.demo.project_specs import PROJECTS
from gouvernail.demo.records import load_seed, persist, synthetic_note
from gouvernail.demo.timeline import STUDY_DATE, is_held, moment
from gouvernail.steering.choices import ActionStatus, ProjectStatus, RoadmapItemStatus, StopReason
from gouvernail.steering.models import (
    ActionEvent,
    ActionItem,
    ExpectedDecision,
    Milestone,
    Project,
    RoadmapAxis,
    RoadmapItem,
    RoadmapTheme,
    StatusReport,
)
from gouvernail.steering.services import action_change_status, action_save, project_report_status
from gouvernail.vendors.models import Vendor

GANTT_YEAR = 2026

ACTION_DESCRIPTION = synthetic_note(
    "Porteur, échéance, priorité et effort. L'intitulé, le statut et les remarques viennent du plan d'action "
    "de l'étude."
)
CREATED_COMMENT = "Action {number} du plan d'action de l'étude (« Recommandation – Plan d'action »)."
# The story's dates of the logbook: identified at COPIL #1, at the study's status on its date,
# and the deferral episode after it (the May COPIL defers, the June one resumes).
IDENTIFIED_ON = date(2025, 10, 17)
DEFERRED_ON, RESUMED_ON = date(2026, 5, 5), date(2026, 6, 2)
RESUMED_COMMENT = "Reprise au statut de l'étude : le marché d'infogérance dégage du temps. " + synthetic_note().lower()
# The comment of each step from « À étudier » to the study's status.
STEP_COMMENTS = {
    ActionStatus.TO_PLAN: "Étudiée en COPIL : à inscrire au planning du service SI.",
    ActionStatus.TO_VALIDATE: "Proposition rédigée : en attente de validation en COPIL.",
    ActionStatus.IN_PROGRESS: "Lancée ; avancement suivi en COPIL.",
}
# The path of an action from « À étudier » to each status of the study.
PATHS = {
    ActionStatus.TO_STUDY: (),
    ActionStatus.TO_PLAN: (ActionStatus.TO_PLAN,),
    ActionStatus.TO_VALIDATE: (ActionStatus.TO_VALIDATE,),
    ActionStatus.IN_PROGRESS: (ActionStatus.TO_PLAN, ActionStatus.IN_PROGRESS),
}
DEFERRED_COMMENT = "Reportée faute de ressources ({constraint}). Report : " + synthetic_note().lower()
PROJECT_NOTE = synthetic_note("Projet, dates, budgets, jalons, points d'avancement et décisions attendues.")


def people_of(staff: Staff) -> dict[str, Person]:
    """The demo people who own actions, sponsor and lead projects."""
    return {
        "dgs": staff.lead("Direction générale des services", 0),
        "dga": staff.lead("Direction générale des services", 1),
        "referent": staff.lead("Direction générale des services", 2),
        "ressources": staff.lead("Pôle Ressources", 0),
        "communication": staff.lead("Communication et tourisme", 0),
        "elu": staff.elected[1],  # the élu référent numérique
    }


#
# Builders
#


def build_steering(
    organisation: Organisation,
    staff: Staff,
    vendors: dict[str, Vendor],
    rng: random.Random,
    reference_date: date,
    referent_user: User | None = None,
) -> dict[int, ActionItem]:
    """Creates the roadmap, the action plan and the projects; returns the actions by number.

    `referent_user` signs the actions' logbook (the journal still says the system loaded it)."""
    seed = load_seed()
    people = people_of(staff)
    roadmap = seed["roadmap"]
    axes = build_axes(organisation, roadmap)
    build_themes(organisation, roadmap)
    actions = build_actions(organisation, seed["action_plan"], axes, people, vendors, reference_date, roadmap)
    if referent_user is not None:
        ActionEvent.objects.filter(organisation=organisation).update(author=referent_user)
    projects = build_projects(organisation, axes, actions, people, rng, reference_date)
    build_roadmap_items(organisation, roadmap, axes, actions, projects, reference_date)
    return actions


def build_axes(organisation: Organisation, roadmap: dict) -> dict[str, RoadmapAxis]:
    return {
        entry["name"]: persist(RoadmapAxis(organisation=organisation, name=entry["name"], position=position))
        for position, entry in enumerate(roadmap["axes"], start=1)
    }


def build_themes(organisation: Organisation, roadmap: dict) -> None:
    for theme in roadmap["themes"]:
        description = theme["description"]
        if theme["year"] == GANTT_YEAR:
            description = f"{description} Contrainte : {roadmap['constraint']}."
        persist(
            RoadmapTheme(organisation=organisation, year=theme["year"], title=theme["title"], description=description)
        )


def month_end(reference_date: date, months: int) -> date:
    """The last day of the month `months` after the reference month."""
    return reference_date.replace(day=1) + relativedelta(months=months + 1) - timedelta(days=1)


def build_actions(
    organisation: Organisation,
    plan: list[dict],
    axes: dict[str, RoadmapAxis],
    people: dict[str, Person],
    vendors: dict[str, Vendor],
    reference_date: date,
    roadmap: dict,
) -> dict[int, ActionItem]:
    actions = {}
    for entry in plan:
        synthetic = entry["synthetic"]
        owner = synthetic["owner"]
        action = ActionItem(
            organisation=organisation,
            number=entry["n"],
            title=entry["title"],
            description=ACTION_DESCRIPTION,
            status=ActionStatus.TO_STUDY,
            owner_person=people.get(owner),
            owner_vendor=None if owner in people else vendors[owner],
            due_date=entry.get("due") or month_end(reference_date, synthetic["due"]),
            priority=synthetic["priority"],
            effort=synthetic["effort"],
            remarks=entry.get("remarks", ""),
            axis=axes[entry["axis"]],
        )
        action.full_clean(validate_unique=False, validate_constraints=False)
        comment = CREATED_COMMENT.format(number=entry["n"])
        action_save(
            action=action,
            previous_status="",
            comment=comment,
            acting_user=None,
            when=_on(IDENTIFIED_ON, reference_date),
        )
        status = ActionStatus(entry["status"])
        for step in PATHS[status]:
            action_change_status(
                action=action,
                status=step,
                comment=STEP_COMMENTS[step],
                acting_user=None,
                when=_on(STUDY_DATE, reference_date),
            )
        if synthetic.get("deferred") and is_held(DEFERRED_ON, reference_date):
            action_change_status(
                action=action,
                status=ActionStatus.DEFERRED,
                stop_reason=StopReason.LACK_OF_RESOURCES,
                comment=DEFERRED_COMMENT.format(constraint=roadmap["constraint"]),
                acting_user=None,
                when=moment(DEFERRED_ON, 15),
            )
            if is_held(RESUMED_ON, reference_date):
                action_change_status(
                    action=action, status=status, comment=RESUMED_COMMENT, acting_user=None, when=moment(RESUMED_ON, 15)
                )
        actions[action.number] = action
    return actions


def _on(day: date, reference_date: date):
    """The story's moment, never after the load (a demo loaded before the study starts at once)."""
    return moment(min(day, reference_date), 9)


def year_status(year: int, reference_date: date) -> str:
    """A matrix item is done once its year is over, in progress during it, planned before."""
    if year < reference_date.year:
        return RoadmapItemStatus.DONE
    if year == reference_date.year:
        return RoadmapItemStatus.IN_PROGRESS
    return RoadmapItemStatus.PLANNED


def bar_status(start: date, end: date, reference_date: date) -> str:
    """A Gantt bar is done after its last month, in progress from its first month, planned before."""
    if month_end(end, 0) < reference_date:
        return RoadmapItemStatus.DONE
    if start <= reference_date:
        return RoadmapItemStatus.IN_PROGRESS
    return RoadmapItemStatus.PLANNED


def carried_status(by_calendar: str, projects: list[Project], actions: list[ActionItem], reference_date: date) -> str:
    """An item follows what it carries: with projects, done only when they all are, in progress
    once one has started, planned before; with open actions, never done before them."""
    if projects:
        if all(project.status == ProjectStatus.DONE for project in projects):
            return RoadmapItemStatus.DONE
        if any(project.actual_start and project.actual_start <= reference_date for project in projects):
            return RoadmapItemStatus.IN_PROGRESS
        return RoadmapItemStatus.PLANNED
    if by_calendar == RoadmapItemStatus.DONE and any(action.status != ActionStatus.DONE for action in actions):
        return RoadmapItemStatus.IN_PROGRESS
    return by_calendar


def build_roadmap_items(
    organisation: Organisation,
    roadmap: dict,
    axes: dict[str, RoadmapAxis],
    actions: dict[int, ActionItem],
    projects: list[Project],
    reference_date: date,
) -> dict[str, RoadmapItem]:
    """The matrix items (no months) then the Gantt bars of 2026 (estimated months), by title."""
    carrying: dict[str, list[Project]] = {}
    for spec, project in zip(PROJECTS, projects, strict=True):
        for title in spec.roadmap_items:
            carrying.setdefault(title, []).append(project)
    entries = []
    for axis_entry in roadmap["axes"]:
        for year, year_entries in axis_entry["items"].items():
            for entry in year_entries:
                entry = {"title": entry} if isinstance(entry, str) else entry
                entries.append((axis_entry["name"], year, entry, None, year_status(year, reference_date)))
    for entry in roadmap["gantt_2026"]:
        months = (date(GANTT_YEAR, entry["from"], 1), date(GANTT_YEAR, entry["to"], 1))
        entries.append((entry["axis"], GANTT_YEAR, entry, months, bar_status(*months, reference_date)))
    items = {}
    for axis, year, entry, months, by_calendar in entries:
        title = entry["title"]
        carried_actions = [actions[n] for n in entry.get("actions", ())]
        item = persist(
            RoadmapItem(
                organisation=organisation,
                axis=axes[axis],
                year=year,
                title=title,
                start_month=months[0] if months else None,
                end_month=months[1] if months else None,
                is_estimate=months is not None,
                status=carried_status(by_calendar, carrying.get(title, []), carried_actions, reference_date),
            )
        )
        item.actions.set(carried_actions)
        item.projects.set(carrying.get(title, []))
        items[title] = item
    return items


def build_projects(
    organisation: Organisation,
    axes: dict[str, RoadmapAxis],
    actions: dict[int, ActionItem],
    people: dict[str, Person],
    rng: random.Random,
    reference_date: date,
) -> list[Project]:
    first_of_month = reference_date.replace(day=1)
    projects = []
    for spec in PROJECTS:
        start = first_of_month + relativedelta(months=spec.start)
        planned = Decimal(spec.budget)
        committed = spent = None
        if spec.started:
            committed = (planned * Decimal(str(round(rng.uniform(0.5, 0.8), 2)))).quantize(Decimal("1"))
            spent = (committed * Decimal(str(round(rng.uniform(0.3, 0.7), 2)))).quantize(Decimal("1"))
        project = persist(
            Project(
                organisation=organisation,
                name=spec.name,
                description=f"{spec.description}\n{PROJECT_NOTE}",
                sponsor=people[spec.sponsor],
                lead=people[spec.lead],
                planned_start=start,
                planned_end=month_end(reference_date, spec.end),
                actual_start=start if spec.started else None,
                budget_planned=planned,
                budget_committed=committed,
                budget_spent=spent,
                is_structuring=spec.is_structuring,
                structuring_kind=spec.kind,
                axis=axes[spec.axis],
            )
        )
        project.actions.set(actions[n] for n in spec.actions)
        for milestone in spec.milestones:
            due = reference_date + timedelta(days=milestone.days)
            persist(
                Milestone(
                    organisation=organisation,
                    project=project,
                    name=milestone.name,
                    due_date=due,
                    done_date=due if milestone.done else None,
                )
            )
        for decision in spec.decisions:
            persist(
                ExpectedDecision(
                    organisation=organisation,
                    project=project,
                    question=decision.question,
                    options="\n".join(decision.options),
                    needed_by=reference_date + timedelta(days=decision.days),
                    is_settled=decision.settled,
                )
            )
        for report in sorted(spec.reports, key=lambda r: -r.days):
            status_report = StatusReport(
                organisation=organisation,
                project=project,
                date=reference_date - timedelta(days=report.days),
                status=report.status,
                summary=report.summary,
                blockers=report.blockers,
                next_steps=report.next_steps,
            )
            status_report.full_clean(validate_unique=False, validate_constraints=False)
            project_report_status(report=status_report, acting_user=None)
        projects.append(project)
    return projects
