"""Writes of the continuity domain that touch several rows or must be journaled as one act."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max

from gouvernail.continuity.choices import BackupSource
from gouvernail.continuity.models import BackupJob, ContinuityTest
from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.steering.models import ActionItem


@transaction.atomic
def backups_record(*, organisation: Organisation, latest: dict[int, datetime], acting_user: User | None) -> int:
    """Moves each job's last success forward to the imported one; an older export never moves it
    back. Returns how many jobs changed."""
    changed = 0
    for job in BackupJob.objects.filter(organisation=organisation, pk__in=list(latest)).select_related("application"):
        moment = latest[job.pk]
        if job.last_success_at is not None and job.last_success_at >= moment:
            continue
        job.last_success_at = moment
        job.source = BackupSource.IMPORT
        job.row_version += 1
        save_as(job, acting_user)
        changed += 1
    return changed


@transaction.atomic
def issue_action_create(*, test: ContinuityTest, title: str, acting_user: User | None) -> ActionItem:
    """Turns an issue found by a continuity test into an action of the action plan, linked to
    the test, with the next free number."""
    last = ActionItem.objects.filter(organisation_id=test.organisation_id).aggregate(n=Max("number"))["n"] or 0
    action = ActionItem(
        organisation_id=test.organisation_id,
        number=last + 1,
        title=title,
        description=f"Suite du test de continuité « {test} » ({test.done_on or test.planned_on:%d/%m/%Y}).",
    )
    action.full_clean(exclude=["organisation"], validate_constraints=False)
    save_as(action, acting_user)
    test.actions.add(action)
    return action
