import django_tables2 as tables

from gouvernail.compliance.models import (
    Assessment,
    Framework,
    FrameworkVersion,
    IncidentClock,
    MeasureAssessment,
    Nis2Profile,
    SecurityIncident,
)
from gouvernail.core.tables import BaseTable, BooleanColumn

__all__ = (
    "AssessmentTable",
    "FrameworkTable",
    "FrameworkVersionTable",
    "IncidentClockTable",
    "MeasureAssessmentTable",
    "Nis2ProfileTable",
    "SecurityIncidentTable",
)


class FrameworkTable(BaseTable):
    name = tables.Column(linkify=True)
    versions = tables.Column(accessor="versions__count", verbose_name="Versions", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = Framework
        fields = ("name", "slug", "provider", "versions")

    def render_versions(self, record):
        return record.versions.count()


class FrameworkVersionTable(BaseTable):
    number = tables.Column(verbose_name="Version")
    publication_date = tables.DateColumn(format="d/m/Y")
    measures = tables.Column(verbose_name="Mesures", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = FrameworkVersion
        fields = ("number", "publication_date", "locale", "measures", "created")

    def render_measures(self, record):
        return record.measures.count()


class AssessmentTable(BaseTable):
    title = tables.Column(linkify=True)
    campaign_date = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = Assessment
        fields = ("title", "campaign_date", "version")


class MeasureAssessmentTable(BaseTable):
    ref = tables.Column(accessor="measure__ref_id", verbose_name="N°", order_by=("measure__position",))
    measure = tables.Column(
        linkify=True, accessor="measure__title", verbose_name="Mesure", order_by=("measure__position",)
    )
    theme = tables.Column(accessor="measure__theme__name", verbose_name="Thème")
    level = tables.Column(accessor="measure__level", verbose_name="Niveau")
    target_date = tables.DateColumn(format="d/m/Y")

    class Meta(BaseTable.Meta):
        model = MeasureAssessment
        fields = ("ref", "measure", "theme", "level", "status", "proposed_status", "owner", "target_date", "assessment")

    def render_level(self, record):
        return record.measure.get_level_display()

    def render_measure(self, record, value):
        return value


class SecurityIncidentTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    detected_at = tables.DateTimeColumn(format="d/m/Y H:i")
    personal_data = BooleanColumn()
    nis2_significant = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = SecurityIncident
        fields = ("number", "title", "detected_at", "severity", "personal_data", "nis2_significant", "status")


class IncidentClockTable(BaseTable):
    deadline = tables.DateTimeColumn(format="d/m/Y H:i")
    done_at = tables.DateTimeColumn(format="d/m/Y H:i")

    class Meta(BaseTable.Meta):
        model = IncidentClock
        fields = ("kind", "deadline", "state", "done_at", "reference")


class Nis2ProfileTable(BaseTable):
    entity_type = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Nis2Profile
        fields = ("entity_type", "population", "category", "rules_version", "registered_on")
