import django_tables2 as tables

from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry, TestResult
from gouvernail.core.tables import BaseTable

__all__ = ("BackupJobTable", "ContinuityPlanTable", "ContinuityTestTable", "PlanEntryTable", "TestResultTable")


def yes_no(value) -> str:
    return "—" if value is None else ("Oui" if value else "Non")


class ContinuityPlanTable(BaseTable):
    title = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ContinuityPlan
        fields = ("title", "version", "kind", "status", "approved_on")


class PlanEntryTable(BaseTable):
    application = tables.Column(linkify=lambda record: record.get_absolute_url())
    plan = tables.Column(linkify=True)
    target_rto = tables.Column("RTO cible (h)", accessor="application__rto_hours", orderable=False)
    target_rpo = tables.Column("RPO cible (h)", accessor="application__rpo_hours", orderable=False)

    class Meta(BaseTable.Meta):
        model = PlanEntry
        fields = ("application", "plan", "priority", "target_rto", "target_rpo", "depends_on_site", "depends_on_vendor")


class ContinuityTestTable(BaseTable):
    name = tables.Column(linkify=True)
    plan = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ContinuityTest
        fields = ("name", "plan", "kind", "status", "planned_on", "done_on")


class TestResultTable(BaseTable):
    __test__ = False
    application = tables.Column(linkify=lambda record: record.get_absolute_url())
    test = tables.Column(linkify=True)
    target_rto = tables.Column("RTO cible (h)", accessor="application__rto_hours", orderable=False)
    rto_met = tables.Column("RTO tenu", empty_values=(), orderable=False)
    target_rpo = tables.Column("RPO cible (h)", accessor="application__rpo_hours", orderable=False)
    rpo_met = tables.Column("RPO tenu", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = TestResult
        fields = (
            "application",
            "test",
            "target_rto",
            "rto_achieved_hours",
            "rto_met",
            "target_rpo",
            "rpo_achieved_hours",
            "rpo_met",
        )

    def render_rto_met(self, record):
        return yes_no(record.rto_met())

    def value_rto_met(self, record):
        return yes_no(record.rto_met())

    def render_rpo_met(self, record):
        return yes_no(record.rpo_met())

    def value_rpo_met(self, record):
        return yes_no(record.rpo_met())


class BackupJobTable(BaseTable):
    name = tables.Column(linkify=True)
    application = tables.Column(linkify=True)
    rpo = tables.Column("RPO appliqué (h)", accessor="effective_rpo_hours", orderable=False)
    alert = tables.Column("Alerte", empty_values=(), orderable=False)
    restore_test_ok = tables.Column("Restauration réussie")

    class Meta(BaseTable.Meta):
        model = BackupJob
        fields = (
            "name",
            "application",
            "tool",
            "rpo",
            "last_success_at",
            "alert",
            "last_restore_test_on",
            "restore_test_ok",
            "source",
        )

    def render_alert(self, record):
        return "Plus ancienne que son RPO" if record.is_stale() else "—"

    def value_alert(self, record):
        return "Plus ancienne que son RPO" if record.is_stale() else ""

    def render_restore_test_ok(self, value):
        return yes_no(value)
