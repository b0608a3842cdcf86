"""GoPhish JSON → campaigns, and their results as recipients reduced to a service and a status.

The counting itself, per service and following GoPhish's cumulative rules (`models/campaign.go`,
`getCampaignStats`), is `awareness.services.tally_recipients` alone, next to the writes
that store its counts. No output of this module names a recipient.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from gouvernail.awareness.queries import Tally
from gouvernail.awareness.services import Recipient
from gouvernail.connectors.values import as_int, as_text, normalise_email, read_datetime


@dataclass(frozen=True)
class Campaign:
    remote_id: int
    name: str
    status: str  # Created, Queued, In progress, Emails Sent, Completed
    created_at: datetime | None
    launched_at: datetime | None
    completed_at: datetime | None
    counts: Tally  # GoPhish's own totals from the summary


def map_campaign(summary: dict) -> Campaign | None:
    remote_id = as_int(summary.get("id"))
    if remote_id is None:
        return None
    stats = summary.get("stats") if isinstance(summary.get("stats"), dict) else {}
    return Campaign(
        remote_id=remote_id,
        name=as_text(summary.get("name")),
        status=as_text(summary.get("status")),
        created_at=read_datetime(summary.get("created_date")),
        launched_at=read_datetime(summary.get("launch_date")),
        completed_at=read_datetime(summary.get("completed_date")),
        counts=Tally(
            sent=as_int(stats.get("sent")) or 0,
            opened=as_int(stats.get("opened")) or 0,
            clicked=as_int(stats.get("clicked")) or 0,
            submitted=as_int(stats.get("submitted_data")) or 0,
            reported=as_int(stats.get("email_reported")) or 0,
        ),
    )


def map_recipients(payload: dict, service_for_email: Callable[[str], int | None]) -> Iterator[Recipient]:
    """One campaign's results as `awareness` recipients, for `tally_recipients`. The e-mail is
    read only to look up the service (lower-cased), then dropped with every other recipient field."""
    for result in payload.get("results") or []:
        if isinstance(result, dict):
            email = normalise_email(result.get("email"))
            yield Recipient(
                service_id=service_for_email(email) if email else None,
                status=as_text(result.get("status")),
                reported=result.get("reported") is True,
            )


__all__ = ("Campaign", "map_campaign", "map_recipients")
