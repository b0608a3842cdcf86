"""Indicators of the governance domain that other apps (the metrics catalogue) call.

`acknowledgement_rates(campaign)` is the rate of acknowledgement of a framework document per
service. It counts people, never names them, and hides any service with fewer targeted people
than `GOUVERNAIL_MIN_GROUP_SIZE` (« effectif insuffisant »): with so few people, a rate would
tell who did not acknowledge. The complements of `core.privacy.suppress` are hidden too (the
next smallest service beside a lone hidden one, or the overall rate), so that the overall
count minus the services shown does not give a hidden one back.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from gouvernail.core.choices import PersonKind
from gouvernail.core.privacy import TOO_SMALL, min_group_size, suppress
from gouvernail.governance.models import Acknowledgement, AcknowledgementCampaign

__all__ = ("NO_SERVICE_LABEL", "AcknowledgementRates", "GroupRate", "acknowledgement_rates", "min_group_size")

NO_SERVICE_LABEL = {PersonKind.AGENT: "Agents sans service", PersonKind.ELECTED: "Élus"}
MASKED_LABEL = TOO_SMALL


def _percent(rate: float | None) -> str:
    return MASKED_LABEL if rate is None else f"{round(rate * 100)}\u00a0%"


@dataclass(frozen=True)
class GroupRate:
    """One service (or the élus, or the agents without a service). `acknowledged` and `rate`
    are None when the group is hidden by the small-group rule."""

    label: str
    service_id: int | None
    targeted: int
    acknowledged: int | None
    rate: float | None  # acknowledged / targeted, between 0 and 1

    @property
    def masked(self) -> bool:
        return self.rate is None

    @property
    def percent(self) -> str:
        return _percent(self.rate)


@dataclass(frozen=True)
class AcknowledgementRates:
    rows: list[GroupRate]
    targeted: int
    acknowledged: int | None
    rate: float | None  # None when the whole campaign targets fewer people than the minimum
    min_group_size: int

    @property
    def percent(self) -> str:
        return _percent(self.rate)


def _masked_or_not(targeted: int, acknowledged: int, hidden: bool) -> tuple[int | None, float | None]:
    if hidden or targeted == 0:
        return None, None
    return acknowledged, acknowledged / targeted


def acknowledgement_rates(campaign: AcknowledgementCampaign, *, threshold: int | None = None) -> AcknowledgementRates:
    """Acknowledged / targeted people per service and overall, in one query.

    The targeted people are the campaign's active agents and/or élus; an acknowledgement of a
    person who is no longer targeted (left since) is not counted.
    """
    threshold = min_group_size() if threshold is None else threshold
    acknowledged_people = Acknowledgement.objects.filter(campaign=campaign).values("person_id")
    groups = (
        campaign.targeted_people()
        .values("service_id", "service__name", "kind")
        .annotate(targeted=Count("id"), acknowledged=Count("id", filter=Q(id__in=acknowledged_people)))
        .order_by()
    )
    merged: dict[tuple, list] = {}
    for group in groups:
        if group["service_id"] is not None:
            key, label = ("service", group["service_id"]), group["service__name"]
        else:
            key, label = ("kind", group["kind"]), NO_SERVICE_LABEL[group["kind"]]
        entry = merged.setdefault(key, [label, 0, 0])
        entry[1] += group["targeted"]
        entry[2] += group["acknowledged"]
    suppression = suppress([targeted for _, targeted, _ in merged.values()], threshold=threshold)
    rows = []
    for index, ((kind, value), (label, targeted, acknowledged)) in enumerate(merged.items()):
        shown, rate = _masked_or_not(targeted, acknowledged, suppression.is_hidden(index))
        rows.append(GroupRate(label, value if kind == "service" else None, targeted, shown, rate))
    rows.sort(key=lambda row: (row.service_id is None, row.label))
    total_targeted = sum(entry[1] for entry in merged.values())
    total_acknowledged = sum(entry[2] for entry in merged.values())
    total_hidden = suppression.total_hidden or total_targeted < threshold
    shown, rate = _masked_or_not(total_targeted, total_acknowledged, total_hidden)
    return AcknowledgementRates(rows, total_targeted, shown, rate, threshold)
