from datetime import date

import django_tables2 as tables
from django.utils.html import format_html

from gouvernail.core.formatting import display
from gouvernail.core.tables import AmountColumn, BaseTable, BooleanColumn
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    ServiceLevel,
    ServiceLevelMeasurement,
    Vendor,
    VendorContact,
)

__all__ = (
    "CandidateTable",
    "ContractTable",
    "CriterionTable",
    "LotTable",
    "ProcedureStepTable",
    "ProcurementTable",
    "ScoreTable",
    "VendorContactTable",
    "VendorTable",
)


class VendorTable(BaseTable):
    name = tables.Column(linkify=True)
    is_critical = BooleanColumn()
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Vendor
        fields = ("name", "typology", "is_critical", "is_active")


class VendorContactTable(BaseTable):
    vendor = tables.Column(linkify=True)
    role = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = VendorContact
        fields = ("vendor", "role", "label", "email", "phone", "url")


class ContractTable(BaseTable):
    reference = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    start_date = tables.DateColumn(format="d/m/Y")
    end_date = tables.DateColumn(format="d/m/Y")
    notice_deadline = tables.DateColumn(format="d/m/Y")
    to_renew = BooleanColumn(accessor=tables.A("to_renew"), verbose_name="À renouveler < 12 mois", orderable=False)
    tacit_renewal = BooleanColumn()
    annual_amount_ht = AmountColumn()
    annual_amount_ttc = AmountColumn()
    is_structuring = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Contract
        fields = (
            "reference",
            "subject",
            "vendor",
            "start_date",
            "end_date",
            "notice_deadline",
            "to_renew",
            "tacit_renewal",
            "annual_amount_ht",
            "annual_amount_ttc",
            "is_structuring",
        )
        row_attrs = {"class": lambda record: "table-warning" if record.to_renew() else ""}


#
# Procurements
#


class ProcurementTable(BaseTable):
    reference = tables.Column(linkify=True)
    estimated_amount_ht = AmountColumn()
    is_structuring = BooleanColumn()
    awarded_vendor = tables.Column(linkify=True)
    awarded_contract = tables.Column(
        linkify=True, accessor="awarded_contract__reference", verbose_name="Contrat issu du marché"
    )
    late_steps = tables.Column(
        verbose_name="Étapes en retard", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )

    class Meta(BaseTable.Meta):
        model = Procurement
        fields = (
            "reference",
            "subject",
            "procedure_type",
            "status",
            "estimated_amount_ht",
            "is_structuring",
            "awarded_vendor",
            "awarded_contract",
            "late_steps",
        )


class LotTable(BaseTable):
    procurement = tables.Column(linkify=True, accessor="procurement__reference", verbose_name="Marché")
    number = tables.Column(linkify=True)
    estimated_amount_ht = AmountColumn()

    class Meta(BaseTable.Meta):
        model = Lot
        fields = ("procurement", "number", "title", "estimated_amount_ht")


STEP_STATES = {
    "late": ("En retard", "text-bg-danger"),
    "done": ("Réalisée", "text-bg-success"),
    "todo": ("À venir", "text-bg-light border"),
}


def step_state(step: ProcedureStep, today: date) -> str:
    if step.is_done:
        return "done"
    return "late" if step.is_late(today) else "todo"


class StepStateColumn(tables.Column):
    """« En retard », « Réalisée », « À venir »: written out, not told by colour alone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "État")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, record):
        label, css = STEP_STATES[step_state(record, date.today())]
        return format_html('<span class="badge {}">{}</span>', css, label)

    def value(self, record):
        return STEP_STATES[step_state(record, date.today())][0]


def render_planned(value, record) -> str:
    if value is None:
        return "—"
    text = display(value)
    return f"{text} (estimation)" if record.is_estimate else text


class ProcedureStepTable(BaseTable):
    procurement = tables.Column(linkify=True, accessor="procurement__reference", verbose_name="Marché")
    position = tables.Column(attrs={"td": {"class": "text-end"}})
    name = tables.Column(linkify=True)
    planned_start = tables.DateColumn(format="d/m/Y")
    planned_end = tables.DateColumn(format="d/m/Y")
    actual_date = tables.DateColumn(format="d/m/Y")
    state = StepStateColumn()
    is_done = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = ProcedureStep
        fields = ("procurement", "position", "name", "planned_start", "planned_end", "actual_date", "state", "is_done")

    def render_planned_start(self, value, record):
        return render_planned(value, record)

    def render_planned_end(self, value, record):
        return render_planned(value, record)

    def value_planned_start(self, value, record):
        return render_planned(value, record)

    def value_planned_end(self, value, record):
        return render_planned(value, record)


class PercentColumn(tables.Column):
    attrs = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}

    def render(self, value):
        return f"{display(value.normalize())} %"

    def value(self, value):
        return value


class CriterionTable(BaseTable):
    procurement = tables.Column(linkify=True, accessor="procurement__reference", verbose_name="Marché")
    name = tables.Column(linkify=True)
    weight = PercentColumn()

    class Meta(BaseTable.Meta):
        model = Criterion
        fields = ("procurement", "position", "name", "weight", "description")


class CandidateTable(BaseTable):
    procurement = tables.Column(linkify=True, accessor="procurement__reference", verbose_name="Marché")
    name = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    is_admissible = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Candidate
        fields = ("procurement", "name", "vendor", "lot", "is_admissible")


class ScoreTable(BaseTable):
    procurement = tables.Column(
        linkify=lambda record: record.candidate.procurement.get_absolute_url(),
        accessor="candidate__procurement__reference",
        verbose_name="Marché",
    )
    candidate = tables.Column(linkify=True)
    criterion = tables.Column(accessor="criterion__name", verbose_name="Critère")
    score = tables.Column(linkify=True, attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    justification = tables.Column()

    class Meta(BaseTable.Meta):
        model = Score
        fields = ("procurement", "candidate", "criterion", "score", "justification")

    def render_score(self, value):
        return display(value)

    def value_score(self, value):
        return value


class ServiceLevelTable(BaseTable):
    indicator = tables.Column(linkify=True)
    contract = tables.Column(linkify=True)
    target = tables.Column(verbose_name="Cible", accessor="target_display", orderable=False)

    class Meta(BaseTable.Meta):
        model = ServiceLevel
        fields = ("indicator", "label", "target", "period", "penalty_per_breach", "contract")


class ServiceLevelMeasurementTable(BaseTable):
    month = tables.DateColumn(format="m/Y", linkify=True)
    service_level = tables.Column(linkify=True)
    met = BooleanColumn()
    is_computed = BooleanColumn(visible=False)
    request_count = tables.Column(visible=False)

    class Meta(BaseTable.Meta):
        model = ServiceLevelMeasurement
        fields = ("month", "service_level", "value", "met", "penalty", "source", "is_computed", "request_count")
