"""The access domain's periodic work, run by `gouvernail worker` (gouvernail.jobs)."""

from django.utils import timezone
from django_tasks import task


@task()
def send_review_reminders() -> int:
    """Periodic: the reviewers of open access reviews, from a week before the due date, weekly
    (the reviews remember when they were last reminded, so a pass sends nothing twice)."""
    from gouvernail.access.services import reminders_send

    return reminders_send(today=timezone.localdate())
