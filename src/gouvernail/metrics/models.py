"""Measurements: the stored values of the indicators, one per organisation, indicator, period
and dimension. Trends read them, so a figure survives a source that forgets its own history
(a ticket tool purging old tickets, an inventory that only knows today's OS)."""

from django.db import models

from gouvernail.core.models import Organisation, OrganisationQuerySet

__all__ = ("Measurement",)


class Measurement(models.Model):
    """The value of one indicator, for one period and one dimension, as computed at a time."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    code = models.CharField("indicateur", max_length=60)
    period_key = models.CharField("période", max_length=10, help_text="2026-03, 2026-T1 ou 2026.")
    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    dimension_key = models.CharField("dimension", max_length=60, default="total")
    dimension_label = models.CharField("libellé de la dimension", max_length=200, blank=True)
    value = models.DecimalField("valeur", max_digits=16, decimal_places=4)
    count = models.PositiveIntegerField("enregistrements comptés", null=True, blank=True)
    # Derived from the data when computed (a source that later purges its oldest rows must not
    # turn a complete period into a partial one): the trends mark such a period « partielle ».
    data_from = models.DateField(
        "données à partir du",
        null=True,
        blank=True,
        help_text="Premier jour des données de la source, quand il tombe dans la période : période partielle.",
    )
    unit = models.CharField("unité", max_length=40, blank=True)
    source = models.CharField("source", max_length=120, blank=True)
    computed_at = models.DateTimeField("calculée le")
    source_run = models.CharField("exécution de la source", max_length=64, blank=True)

    # Values are computed, never typed in: no change history (it would double every computation).
    objects = OrganisationQuerySet.as_manager()
    permission_domain = "dashboards"

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ("code", "period_start", "dimension_key")
        indexes = [
            models.Index(fields=["organisation", "code", "period_start"], name="metrics_measure_org_code"),
            # The latest computation names the version of a dashboard page and of a sync's inputs.
            models.Index(fields=["organisation", "computed_at"], name="metrics_measure_org_computed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "period_key", "dimension_key"], name="metrics_measurement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period_key} {self.dimension_key} = {self.value}"
