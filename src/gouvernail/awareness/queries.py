"""The figures of the phishing dashboard, one query each, for one organisation.

*Taux de clic* (DESIGN.md): recipients at « Clicked Link » or « Submitted Data » ÷ e-mails
sent; as the counts are cumulative, that is clicked ÷ sent. *Taux de signalement*: reported ÷
sent. A rate over nothing sent is None (shown « — »), never 0 %. Per-service figures over
fewer recipients than GOUVERNAIL_MIN_GROUP_SIZE are flagged `hidden`, with the complements
`core.privacy.suppress` adds so that the total does not give them back: pages show
« effectif insuffisant » instead of them.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncMonth

from gouvernail.awareness.models import UNKNOWN_SERVICE, PhishingCampaign, PhishingServiceResult
from gouvernail.core.formatting import display
from gouvernail.core.models import Organisation, Service
from gouvernail.core.privacy import suppress

__all__ = ("ServiceRow", "Tally", "overall", "over_time", "per_campaign", "per_service", "percent")

COUNTS = ("sent", "opened", "clicked", "submitted", "reported")


def percent(rate: float | None) -> str:
    """0.125 → « 12,5 % »; no rate → « — »."""
    return "—" if rate is None else f"{display(round(rate * 100, 1))} %"


@dataclass(frozen=True)
class Tally:
    """Summed counts of some results, and the rates read from them."""

    sent: int = 0
    opened: int = 0
    clicked: int = 0
    submitted: int = 0
    reported: int = 0

    @classmethod
    def from_row(cls, row, prefix: str = "") -> "Tally":
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
        return cls(**{name: get(f"{prefix}{name}") or 0 for name in COUNTS})

    @property
    def click_rate(self) -> float | None:
        return self.clicked / self.sent if self.sent else None

    @property
    def submit_rate(self) -> float | None:
        return self.submitted / self.sent if self.sent else None

    @property
    def reporting_rate(self) -> float | None:
        return self.reported / self.sent if self.sent else None

    @property
    def click_rate_label(self) -> str:
        return percent(self.click_rate)

    @property
    def reporting_rate_label(self) -> str:
        return percent(self.reporting_rate)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(getattr(self, name) + getattr(other, name) for name in COUNTS))


@dataclass(frozen=True)
class ServiceRow:
    service: Service | None  # None for « service inconnu »
    tally: Tally
    hidden: bool  # too few recipients, or hidden with such a service (core.privacy)
    rows: int = 0  # result rows summed (one per campaign): the size of the drill-down list

    @property
    def label(self) -> str:
        return self.service.name if self.service is not None else UNKNOWN_SERVICE


def _sums(prefix: str = "") -> dict:
    return {name: Coalesce(Sum(f"{prefix}{name}"), 0) for name in COUNTS}


def _results(organisation: Organisation, since: date | None = None, until: date | None = None):
    results = PhishingServiceResult.objects.filter(organisation=organisation)
    if since:
        results = results.filter(campaign__launched_on__gte=since)
    if until:
        results = results.filter(campaign__launched_on__lte=until)
    return results


def overall(organisation: Organisation, *, since: date | None = None, until: date | None = None) -> Tally:
    """Every result of the campaigns launched in the period (every campaign by default)."""
    return Tally.from_row(_results(organisation, since, until).aggregate(**_sums()))


def per_campaign(organisation: Organisation, *, until: date | None = None) -> list[tuple[PhishingCampaign, Tally]]:
    """Each campaign (launched by `until`), most recent first, with its totals; `result_rows` on
    each campaign counts its per-service rows."""
    campaigns = PhishingCampaign.objects.filter(organisation=organisation)
    if until:
        campaigns = campaigns.filter(launched_on__lte=until)
    # Explicit: Django drops Meta.ordering from a query with GROUP BY, and PostgreSQL then
    # returns the campaigns in any order.
    campaigns = campaigns.annotate(**_sums("results__"), result_rows=Count("results")).order_by(
        "-launched_on", "name", "pk"
    )
    return [(campaign, Tally.from_row(campaign)) for campaign in campaigns]


def per_service(
    organisation: Organisation,
    *,
    campaign: PhishingCampaign | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[ServiceRow]:
    """Totals per service (of one campaign, or of the period), by name, « service inconnu » last."""
    results = _results(organisation, since, until)
    if campaign is not None:
        results = results.filter(campaign=campaign)
    rows = results.values("service_id").annotate(**_sums(), result_rows=Count("pk")).order_by()
    services = Service.objects.filter(organisation=organisation).in_bulk(
        [r["service_id"] for r in rows if r["service_id"]]
    )
    tallies = [Tally.from_row(row) for row in rows]
    suppression = suppress([tally.sent for tally in tallies])
    found = [
        ServiceRow(services.get(row["service_id"]), tally, hidden=suppression.is_hidden(index), rows=row["result_rows"])
        for index, (row, tally) in enumerate(zip(rows, tallies, strict=True))
    ]
    return sorted(found, key=lambda row: (row.service is None, row.label.lower()))


def total_is_hidden(rows: list[ServiceRow]) -> bool:
    """Whether the total of these per-service rows must be hidden too (core.privacy, rule 4)."""
    return suppress([row.tally.sent for row in rows]).total_hidden


def over_time(organisation: Organisation) -> list[tuple[date, Tally]]:
    """Totals by month of launch, oldest first: the trend across campaigns."""
    rows = (
        _results(organisation)
        .annotate(month=TruncMonth("campaign__launched_on"))
        .values("month")
        .annotate(**_sums())
        .order_by("month")
    )
    return [(row["month"], Tally.from_row(row)) for row in rows]
