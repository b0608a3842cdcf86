"""`gouvernail kpi`: the current values of the indicators, as rows, for scripts and the COPIL pack.

gouvernail kpi                          every organisation, values stored by the last computation
gouvernail kpi --org SLUG --compute     compute and store today's values first, then print them
gouvernail kpi --format json|csv        machine-readable output (default: an aligned table)
"""

import csv
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max

from gouvernail.core.exports import export_cell
from gouvernail.core.models import Organisation
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.metrics.services import measurements_compute

COLUMNS = ("organisation", "code", "label", "period", "dimension", "value", "unit")
TEXT_COLUMNS = ("organisation", "label", "dimension")


class Command(BaseCommand):
    help = "Affiche (et calcule avec --compute) les valeurs des indicateurs."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Identifiant court (slug) de l'organisation ; toutes par défaut.")
        parser.add_argument("--compute", action="store_true", help="Calcule et enregistre les valeurs du jour.")
        parser.add_argument("--format", choices=("table", "json", "csv"), default="table")

    def handle(self, *args, org: str | None, compute: bool, format: str, **options) -> None:
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"Aucune organisation n'a l'identifiant court « {org} ».")
        if compute:
            for organisation in organisations:
                stored = measurements_compute(organisation=organisation)
                self.stderr.write(f"{organisation.name} : {stored} valeurs calculées et enregistrées.")
        rows = list(current_rows(organisations))
        getattr(self, f"write_{format}")(rows)

    def write_table(self, rows: list[dict]) -> None:
        if not rows:
            self.stdout.write("Aucune valeur enregistrée (lancez « gouvernail kpi --compute »).")
            return
        widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}
        self.stdout.write("  ".join(c.ljust(widths[c]) for c in COLUMNS))
        for row in rows:
            self.stdout.write("  ".join(str(row[c]).ljust(widths[c]) for c in COLUMNS))

    def write_json(self, rows: list[dict]) -> None:
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))

    def write_csv(self, rows: list[dict]) -> None:
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        # Dimension labels are typed names (services, sites): the CSV must not carry a live formula.
        writer.writerows({**row, **{c: export_cell(row[c]) for c in TEXT_COLUMNS}} for row in rows)


def current_rows(organisations):
    """The latest stored period of each indicator, per organisation: one query for the latest
    periods, one for their values."""
    latest = (
        Measurement.objects.filter(organisation__in=organisations)
        .values("organisation", "code")
        .annotate(start=Max("period_start"))
        .order_by()
    )
    wanted = {(row["organisation"], row["code"]): row["start"] for row in latest}
    labels = {i.code: i.label for i in registry.indicators()}
    measures = (
        Measurement.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__slug", "code", "dimension_key")
    )
    for measure in measures:
        if wanted.get((measure.organisation_id, measure.code)) != measure.period_start:
            continue
        yield {
            "organisation": measure.organisation.slug,
            "code": measure.code,
            "label": labels.get(measure.code, measure.code),
            "period": measure.period_key,
            "dimension": measure.dimension_label or measure.dimension_key,
            "value": plain(measure.value),
            "unit": measure.unit,
        }


def plain(value: Decimal) -> str:
    """12, 4.35: a value as scripts read it (dot decimal, no trailing zeros beyond two places)."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(Decimal("0.01")))
