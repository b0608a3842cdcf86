import django_tables2 as tables
from django.utils.functional import cached_property
from django.utils.html import format_html

from gouvernail.collaboration.models import (
    BYTES_PER_GB,
    NextcloudServiceUsage,
    NextcloudSnapshot,
    SharedSpace,
    hidden_usage_ids,
)
from gouvernail.core.formatting import display
from gouvernail.core.privacy import TOO_SMALL
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = ("NextcloudServiceUsageTable", "NextcloudSnapshotTable", "SharedSpaceTable")

RIGHT = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}


def gigabytes(value: int | None) -> str | None:
    """Octets → « 12,34 Go » (1 Go = 1024³ octets, as Nextcloud counts)."""
    return None if value is None else f"{display(round(value / BYTES_PER_GB, 2))} Go"


class GigabytesColumn(tables.Column):
    attrs = RIGHT

    def render(self, value):
        return gigabytes(value)

    def value(self, value):
        return round(value / BYTES_PER_GB, 2)


class NextcloudSnapshotTable(BaseTable):
    taken_on = tables.DateColumn(format="d/m/Y", linkify=True)
    total_bytes = GigabytesColumn(verbose_name="Volume utilisé")

    class Meta(BaseTable.Meta):
        model = NextcloudSnapshot
        fields = ("taken_on", "source", "active_users", "total_users", "total_bytes", "shares_count")


class SmallGroupColumn(tables.Column):
    """Active users and volume of a service hidden by the small-group rule (too few accounts, or
    hidden with such a service: core.privacy): « effectif insuffisant »."""

    attrs = RIGHT

    def __init__(self, *args, gigabytes_=False, **kwargs):
        self.gigabytes = gigabytes_
        super().__init__(*args, **kwargs)

    def render(self, value, record, table):
        if record.pk in table.hidden_ids:
            return TOO_SMALL
        return gigabytes(value) if self.gigabytes else display(value) or "0"

    def value(self, value, record, table):
        return TOO_SMALL if record.pk in table.hidden_ids else value


class NextcloudServiceUsageTable(BaseTable):
    snapshot = tables.Column(linkify=True)
    service = tables.Column(empty_values=(), order_by=("service__name",))
    users = tables.Column(attrs=RIGHT)
    active_users = SmallGroupColumn()
    used_bytes = SmallGroupColumn(verbose_name="Volume utilisé", gigabytes_=True)

    class Meta(BaseTable.Meta):
        model = NextcloudServiceUsage
        fields = ("snapshot", "service", "users", "active_users", "used_bytes")

    @cached_property
    def hidden_ids(self) -> set[int]:
        """One query for the whole list: the rule looks at every service of each listed snapshot."""
        return hidden_usage_ids(list(self.data))

    def render_service(self, record):
        return record.service.name if record.service_id else "Sans service"

    def value_service(self, record):
        return self.render_service(record)


class SharedSpaceTable(BaseTable):
    name = tables.Column(linkify=True)
    service = tables.Column(linkify=True)
    project = tables.Column(linkify=True)
    responsible = tables.Column(empty_values=(), order_by=("responsible__last_name", "responsible__first_name"))
    size_bytes = GigabytesColumn(verbose_name="Volume")
    quota_bytes = GigabytesColumn(verbose_name="Quota", visible=False)
    is_active = BooleanColumn(visible=False)

    class Meta(BaseTable.Meta):
        model = SharedSpace
        fields = (
            "name",
            "kind",
            "service",
            "project",
            "responsible",
            "size_bytes",
            "quota_bytes",
            "last_seen_on",
            "is_active",
        )

    def render_responsible(self, record):
        if record.responsible_id:
            return str(record.responsible)
        return format_html('<span class="badge text-bg-warning">{}</span>', record.responsible_label)

    def value_responsible(self, record):
        return record.responsible_label
