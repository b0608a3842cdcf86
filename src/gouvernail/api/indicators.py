"""The indicators for a BI tool: the catalogue, and the measurements as a flat table — one row
per indicator × period × dimension, with the indicator's label and unit on every row.

Privacy (DESIGN.md, principle 3): a breakdown by service whose small groups follow today's
headcounts (`hides_small_groups`) is never served from storage, only its total — the
dashboards compute such a breakdown live, against the current headcounts.
"""

from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from gouvernail.api.filtersets import MeasurementFilterSet
from gouvernail.api.viewsets import ListEndpoint
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.registry import TOTAL

UNKNOWN_INDICATOR = "Indicateur inconnu : voyez /api/indicateurs/ pour les codes."


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(label="libellé")
    definition = serializers.CharField(label="définition")
    unit = serializers.CharField(label="unité")
    source = serializers.CharField()
    dimension = serializers.CharField(help_text="Ce que sont les dimensions (« site », « service ») ; vide : un total.")
    period_kind = serializers.CharField(help_text="month, quarter ou snapshot (état du jour, rangé sous son mois).")
    decimals = serializers.IntegerField()
    threshold_green = serializers.DecimalField(
        max_digits=16, decimal_places=4, allow_null=True, source="thresholds.green"
    )
    threshold_amber = serializers.DecimalField(
        max_digits=16, decimal_places=4, allow_null=True, source="thresholds.amber"
    )
    higher_is_better = serializers.BooleanField(allow_null=True, source="thresholds.higher_is_better")


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="code", label="indicateur")
    indicator_label = serializers.SerializerMethodField(label="libellé de l'indicateur")

    class Meta:
        model = Measurement
        fields = (
            "id",
            "indicator",
            "indicator_label",
            "period_key",
            "period_start",
            "period_end",
            "dimension_key",
            "dimension_label",
            "value",
            "unit",
            "count",
            "source",
            "computed_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_indicator_label(self, measurement) -> str:
        try:
            return registry.get_indicator(measurement.code).label
        except KeyError:  # an indicator withdrawn since: its past values stay readable
            return ""


class IndicatorEndpoint(ListEndpoint):
    """The catalogue: every number's written definition (read by every role, as its page)."""

    serializer_class = IndicatorSerializer
    filter_backends: list = []
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9_-]+"
    tag = "indicateurs"

    def get_domain(self) -> str:
        return "referentiel"  # definitions hold no data: the catalogue page's rule

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(sorted(registry.indicators(), key=lambda indicator: indicator.code))
        return self.get_paginated_response(IndicatorSerializer(rows, many=True).data)

    def retrieve(self, request, code=None):
        try:
            indicator = registry.get_indicator(code)
        except KeyError:
            raise NotFound(UNKNOWN_INDICATOR) from None
        return Response(IndicatorSerializer(indicator).data)


class MeasurementEndpoint(ListEndpoint):
    """Stored measurements, read by the dashboards' readers."""

    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilterSet
    ordering_fields = ["code", "period_key", "period_start", "period_end", "dimension_key", "value", "computed_at"]
    tag = "mesures"

    def get_domain(self) -> str:
        return Measurement.permission_domain

    def get_queryset(self):
        if self.membership is None:  # the schema's generation
            return Measurement.objects.none()
        live_only = [indicator.code for indicator in registry.indicators() if indicator.hides_small_groups]
        rows = Measurement.objects.visible_to(self.membership)
        return rows.exclude(Q(code__in=live_only) & ~Q(dimension_key=TOTAL))
