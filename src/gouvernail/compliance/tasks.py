"""The compliance domain's periodic work, run by `gouvernail worker` (gouvernail.jobs)."""

from django_tasks import task


@task()
def send_clock_reminders() -> int:
    """Periodic: the reminders of the incident clocks due (each sent once before, once after)."""
    from gouvernail.compliance.reminders import clock_reminders_send

    return clock_reminders_send()
