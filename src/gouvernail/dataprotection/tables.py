import django_tables2 as tables

from gouvernail.core.tables import BaseTable, BooleanColumn
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register

__all__ = ("ImpactAssessmentTable", "ProcessingActivityTable", "ProcessorEngagementTable", "RegisterTable")


class RegisterTable(BaseTable):
    controller_name = tables.Column(linkify=True)
    dpo_vendor = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Register
        fields = ("controller_name", "representative", "dpo_name", "dpo_contact", "dpo_vendor")


class ProcessingActivityTable(BaseTable):
    reference = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    status = tables.Column("Statut", accessor="status_label", orderable=False)
    sensitive_data = BooleanColumn()
    transfers_outside_eu = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = ProcessingActivity
        fields = (
            "reference",
            "name",
            "role",
            "responsible_service",
            "legal_basis",
            "sensitive_data",
            "transfers_outside_eu",
            "reviewed_on",
            "status",
        )


class ProcessorEngagementTable(BaseTable):
    vendor = tables.Column(linkify=True)
    activity = tables.Column(linkify=True)
    contract = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ProcessorEngagement
        fields = ("vendor", "activity", "contract", "clause")


class ImpactAssessmentTable(BaseTable):
    activity = tables.Column(linkify=lambda record: record.get_absolute_url())
    is_required = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = ImpactAssessment
        fields = ("activity", "is_required", "cnil_list_item", "status", "completed_on")
