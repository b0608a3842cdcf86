"""Writes of the application map: the one upsert imports go through."""

from gouvernail.applications.models import Application
from gouvernail.core.upsert import Referential, UpsertResult, normalise_name, upsert

__all__ = ("APPLICATIONS", "applications_upsert")

# No identifier: an application is found by its normalised name.
APPLICATIONS = Referential(
    model=Application,
    name_keys=lambda values: [normalise_name(values.get("name"))],
    name_key=lambda values: normalise_name(values.get("name")),
)


def applications_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's applications (see `core.upsert.upsert`)."""
    return upsert(
        APPLICATIONS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )
