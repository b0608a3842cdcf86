"""GoPhish JSON → per-service counts of a campaign. No row ever names a recipient.

Counts follow GoPhish's own cumulative rules (`models/campaign.go`, `getCampaignStats`): a
result's status is the furthest stage it reached, and each stage implies the earlier ones —
submitted data ⊂ clicked ⊂ opened ⊂ sent. « Reported » is a flag beside the status.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from gouvernail.connectors.values import as_int, as_text, normalise_email, read_datetime

# Result status → the stages it implies.
_STAGES = {
    "Email Sent": ("sent",),
    "Email Opened": ("sent", "opened"),
    "Clicked Link": ("sent", "opened", "clicked"),
    "Submitted Data": ("sent", "opened", "clicked", "submitted"),
    "Error": ("errors",),
}


@dataclass(frozen=True)
class Counts:
    """Recipients at each stage; every figure includes those who went further."""

    targeted: int = 0
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    submitted: int = 0
    reported: int = 0
    errors: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Campaign:
    remote_id: int
    name: str
    status: str  # Created, Queued, In progress, Emails Sent, Completed
    created_at: datetime | None
    launched_at: datetime | None
    completed_at: datetime | None
    counts: Counts  # GoPhish's own totals from the summary


@dataclass(frozen=True)
class ServiceCounts:
    service: str | None  # None: recipients whose address matches no person of the référentiel
    counts: Counts


@dataclass(frozen=True)
class CampaignResults:
    campaign_id: int
    by_service: tuple[ServiceCounts, ...]

    @property
    def total(self) -> Counts:
        return sum((row.counts for row in self.by_service), Counts())


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
        counts=Counts(
            targeted=as_int(stats.get("total")) or 0,
            sent=as_int(stats.get("sent")) or 0,
            opened=as_int(stats.get("opened")) or 0,
            clicked=as_int(stats.get("clicked")) or 0,
            submitted=as_int(stats.get("submitted_data")) or 0,
            reported=as_int(stats.get("email_reported")) or 0,
            errors=as_int(stats.get("error")) or 0,
        ),
    )


def count_result(result: dict) -> Counts:
    """One recipient's contribution, from its furthest status and its reported flag."""
    stages = _STAGES.get(as_text(result.get("status")), ())
    return Counts(targeted=1, reported=1 if result.get("reported") is True else 0, **dict.fromkeys(stages, 1))


def aggregate_results(payload: dict, service_for_email: Callable[[str], str | None]) -> CampaignResults:
    """Per-service counts of one campaign's results. The e-mail is read only to look up the
    service (lower-cased), then dropped with every other recipient field."""
    return CampaignResults(
        campaign_id=as_int(payload.get("id")) or 0,
        by_service=_by_service(payload.get("results") or [], service_for_email),
    )


def _by_service(results: Iterable, service_for_email) -> tuple[ServiceCounts, ...]:
    totals: dict[str | None, Counts] = {}
    for result in results:
        if not isinstance(result, dict):
            continue
        email = normalise_email(result.get("email"))
        service = service_for_email(email) if email else None
        totals[service] = totals.get(service, Counts()) + count_result(result)
    ordered = sorted(totals.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return tuple(ServiceCounts(service=service, counts=counts) for service, counts in ordered)


__all__ = (
    "Campaign",
    "CampaignResults",
    "Counts",
    "ServiceCounts",
    "aggregate_results",
    "count_result",
    "map_campaign",
)
