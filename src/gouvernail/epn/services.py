"""Stores an EPN export: the sessions of the file replace those of the same period and sites."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from gouvernail.core.models import Organisation
from gouvernail.epn.choices import SessionSource
from gouvernail.epn.importer import SessionRow
from gouvernail.epn.models import EpnSession

__all__ = ("ImportResult", "sessions_import", "sessions_replaced_by")


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int
    first_date: date
    last_date: date


def sessions_replaced_by(organisation: Organisation, rows: list[SessionRow]):
    """The stored sessions an import of `rows` replaces: same period (first to last date of the
    file) and same sites, so importing an export twice, or a corrected one, never counts twice."""
    site_ids = {row.site_id for row in rows}
    same_site = Q(site_id__in=[pk for pk in site_ids if pk is not None])
    if None in site_ids:
        same_site |= Q(site__isnull=True)
    return EpnSession.objects.filter(
        same_site,
        organisation=organisation,
        held_on__gte=min(row.held_on for row in rows),
        held_on__lte=max(row.held_on for row in rows),
    )


@transaction.atomic
def sessions_import(
    *, organisation: Organisation, rows: list[SessionRow], source: str = SessionSource.IMPORT
) -> ImportResult:
    """All or nothing: the replaced sessions go and the new ones come in one transaction."""
    if not rows:
        raise ValueError("Aucune séance à importer.")
    replaced, _ = sessions_replaced_by(organisation, rows).delete()
    EpnSession.objects.bulk_create(
        (
            EpnSession(
                organisation=organisation,
                held_on=row.held_on,
                start_time=row.start_time,
                duration_minutes=row.duration_minutes,
                visitor_key=row.visitor_key,
                workshop=row.workshop,
                site_id=row.site_id,
                source=source,
            )
            for row in rows
        ),
        batch_size=1000,
    )
    return ImportResult(
        created=len(rows),
        replaced=replaced,
        first_date=min(row.held_on for row in rows),
        last_date=max(row.held_on for row in rows),
    )
