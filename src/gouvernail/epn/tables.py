import django_tables2 as tables

from gouvernail.core.tables import BaseTable
from gouvernail.epn.models import EpnSession

__all__ = ("EpnSessionTable",)


class EpnSessionTable(BaseTable):
    """Sessions without their visitor key: the list shows activity, never who came back when."""

    held_on = tables.DateColumn(format="d/m/Y", linkify=True)
    start_time = tables.TimeColumn(format="H:i")
    workshop = tables.Column(empty_values=())
    site = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = EpnSession
        fields = ("held_on", "start_time", "duration_minutes", "workshop", "site", "source")

    def render_workshop(self, value):
        return value or "Accès libre"

    def value_workshop(self, value):
        return value or "Accès libre"
