"""Running a sync the way the command does, for the tests."""

from gouvernail.connectors.choices import RunTrigger
from gouvernail.connectors.runner import run_execute, run_start
from gouvernail.servicedesk.models import Request


def sync(config, *, full: bool = False, **options):
    run = run_start(config=config, trigger=RunTrigger.COMMAND, full=full)
    return run_execute(run, **options)


def snapshot(organisation) -> list[tuple]:
    """Every stored request of the organisation, all fields, in a comparable form."""
    return list(
        Request.objects.filter(organisation=organisation)
        .order_by("external_id")
        .values_list(
            "external_id",
            "opened_at",
            "resolved_at",
            "source_modified_at",
            "status",
            "request_type",
            "category",
            "subcategory",
            "family",
            "service_id",
            "site_id",
            "time_spent_minutes",
        )
    )
