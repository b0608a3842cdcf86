"""Writes of the steering domain: action status changes (the action's logbook) and project reports."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gouvernail.core.models import User
from gouvernail.core.services import save_as
from gouvernail.steering.choices import STOPPED_ACTION_STATUSES, ActionStatus
from gouvernail.steering.models import ActionEvent, ActionItem, Project, StatusReport


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
    action: ActionItem, previous: str, comment: str, acting_user: User | None, when: datetime | None
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
