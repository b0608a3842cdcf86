"""Writes of the steering domain: action status changes (the action's logbook) and project reports."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import User
from gouvernail.core.services import save_as
from gouvernail.core.upsert import Referential, UpsertResult, normalise_name, upsert
from gouvernail.steering.choices import STOPPED_ACTION_STATUSES, ActionStatus
from gouvernail.steering.models import (
    ActionEvent,
    ActionItem,
    ActionOccurrence,
    Milestone,
    Project,
    RoadmapItem,
    StatusReport,
)


@transaction.atomic
def action_change_status(
    *,
    action: ActionItem,
    status: str,
    stop_reason: str = "",
    comment: str = "",
    acting_user: User | None,
    when: datetime | None = None,
) -> ActionEvent | None:
    """Moves an action to `status` and writes the dated event of its logbook (None if nothing moved).

    `when` dates the event (default: now): the demo replays a history that happened before its load.
    """
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Statut inconnu."})
    if status in STOPPED_ACTION_STATUSES and not stop_reason:
        raise ValidationError({"stop_reason": "Indiquez pourquoi l'action est reportée ou abandonnée."})
    previous = action.status
    if previous == status and (status not in STOPPED_ACTION_STATUSES or stop_reason == action.stop_reason):
        return None
    action.status = status
    action.stop_reason = stop_reason if status in STOPPED_ACTION_STATUSES else ""
    # A board move is an edit too: it moves the row version, so an open edit form notices it.
    action.row_version += 1
    save_as(action, acting_user)
    return _record_event(action, previous, comment, acting_user, when)


@transaction.atomic
def action_save(
    *,
    action: ActionItem,
    previous_status: str,
    comment: str = "",
    acting_user: User | None,
    when: datetime | None = None,
) -> ActionItem:
    """Saves an action edited in its form; a new action or a changed status goes into the logbook."""
    created = action.pk is None
    save_as(action, acting_user)
    if created or action.status != previous_status or comment:
        _record_event(action, "" if created else previous_status, comment, acting_user, when)
    return action


def _record_event(
    action: ActionItem, previous: str, comment: str, acting_user: User | None, when: datetime | None = None
) -> ActionEvent:
    event = ActionEvent(
        organisation=action.organisation,
        action=action,
        at=when or timezone.now(),
        author=acting_user,
        from_status=previous,
        to_status=action.status,
        stop_reason=action.stop_reason,
        comment=comment,
    )
    return save_as(event, acting_user)


@transaction.atomic
def project_report_status(*, report: StatusReport, acting_user: User | None) -> StatusReport:
    """Records a weather report; the project takes its status when it is the latest report."""
    report.author = report.author or acting_user
    save_as(report, acting_user)
    project: Project = report.project
    latest = project.reports.order_by("-date", "-pk").first()
    if latest is not None and latest.pk == report.pk and project.status != report.status:
        project.status = report.status
        project.row_version += 1
        save_as(project, acting_user)
    return report


@transaction.atomic
def occurrence_schedule(*, action: ActionItem, due_on: date, acting_user: User | None) -> ActionOccurrence:
    """Schedules the next occurrence of a recurring action; the action's due date follows it."""
    if not action.recurrence_months:
        raise ValidationError(f"L'action {action.number} n'est pas récurrente : indiquez sa récurrence en mois.")
    if ActionOccurrence.objects.filter(action=action).pending().exists():
        raise ValidationError(f"L'action {action.number} a déjà une occurrence à faire.")
    occurrence = save_as(
        ActionOccurrence(organisation_id=action.organisation_id, action=action, due_on=due_on), acting_user
    )
    action.due_date = due_on
    action.row_version += 1
    save_as(action, acting_user)
    return occurrence


@transaction.atomic
def occurrence_complete(
    *, occurrence: ActionOccurrence, done_on: date, note: str = "", acting_user: User | None
) -> ActionOccurrence:
    """Marks an occurrence done and schedules the next one, `recurrence_months` after it was done.
    Returns the new occurrence."""
    occurrence = ActionOccurrence.objects.select_for_update().select_related("action").get(pk=occurrence.pk)
    if occurrence.done_on is not None:
        raise ValidationError(f"Cette occurrence est déjà faite (le {occurrence.done_on:%d/%m/%Y}).")
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "La date de réalisation ne peut pas être dans le futur."})
    occurrence.done_on = done_on
    occurrence.note = note
    occurrence.row_version += 1
    save_as(occurrence, acting_user)
    action = occurrence.action
    _record_event(
        action, action.status, f"Occurrence du {occurrence.due_on:%d/%m/%Y} faite le {done_on:%d/%m/%Y}.", acting_user
    )
    return occurrence_schedule(
        action=action, due_on=done_on + relativedelta(months=action.recurrence_months), acting_user=acting_user
    )


#
# The one upsert imports go through (an authority's own action plan and roadmap, typed elsewhere)
#

# An action is found by its number, then by its normalised title.
ACTIONS = Referential(
    model=ActionItem,
    identifier="number",
    identifier_label="numéro",
    name_field="title",
    name_label="intitulé",
    name_keys=lambda values: [normalise_name(values.get("title"))],
    name_key=lambda values: normalise_name(values.get("title")),
    loaded=("title",),
)


def _roadmap_key(values: dict):
    title = normalise_name(values.get("title"))
    axis = values.get("axis_id", values.get("axis"))
    return (axis, values.get("year"), title) if title else None


# A roadmap item is found by its axis, year and normalised title (one title may recur each year).
ROADMAP = Referential(
    model=RoadmapItem,
    name_field="title",
    name_label="axe, année et intitulé",
    name_keys=lambda values: [_roadmap_key(values)],
    name_key=_roadmap_key,
    loaded=("title", "axis_id", "year"),
)


def actions_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's action plan items (see `core.upsert.upsert`). An
    imported status is the action's state as the file gives it: no logbook event is invented."""
    return upsert(
        ACTIONS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


def roadmap_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's roadmap items (see `core.upsert.upsert`); months are
    stored as their first day by `RoadmapItem.derive()`."""
    return upsert(
        ROADMAP,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


PROJECTS = Referential(
    model=Project,
    name_keys=lambda values: [normalise_name(values.get("name"))],
    name_key=lambda values: normalise_name(values.get("name")),
)


def _milestone_key(values: dict):
    name = normalise_name(values.get("name"))
    return (values.get("project_id", values.get("project")), name) if name else None


# A milestone is found by its project and normalised name.
MILESTONES = Referential(
    model=Milestone,
    name_label="projet et jalon",
    name_keys=lambda values: [_milestone_key(values)],
    name_key=_milestone_key,
    loaded=("name", "project_id"),
)


def projects_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's projects (see `core.upsert.upsert`). The weather
    imported is the project's state as the file gives it: no status report is invented."""
    return upsert(
        PROJECTS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


def milestones_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the milestones of the organisation's projects (see `core.upsert.upsert`)."""
    return upsert(
        MILESTONES,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )
