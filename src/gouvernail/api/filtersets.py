import django_filters
from django.core.exceptions import ValidationError

from gouvernail.core.filtersets import OrganisationFilterSet
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.periods import Period

__all__ = ("MeasurementFilterSet",)


def validate_period_key(value: str) -> None:
    try:
        Period.parse(value)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid") from None


def indicator_choices() -> list[tuple[str, str]]:
    """Every registered indicator, read at validation time: a list computed once (at import, or
    cached on a filter's field) would miss the indicators an app registers later."""
    return sorted((indicator.code, indicator.label) for indicator in registry.indicators())


class MeasurementFilterSet(OrganisationFilterSet):
    """The stored measurements: by indicator, period, dates and dimension."""

    search_fields = ("code", "dimension_label")

    code = django_filters.ChoiceFilter(label="Indicateur (code)", choices=indicator_choices)
    period_key = django_filters.CharFilter(label="Période (2026-03, 2026-T1 ou 2026)", validators=[validate_period_key])
    since = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label="Périodes commençant le ou après"
    )
    until = django_filters.DateFilter(
        field_name="period_end", lookup_expr="lte", label="Périodes finissant le ou avant"
    )
    dimension_key = django_filters.CharFilter(label="Dimension (« total » pour l'ensemble)")

    class Meta:
        model = Measurement
        fields = ("q", "code", "period_key", "since", "until", "dimension_key")
