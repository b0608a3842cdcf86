"""`gouvernail kpi`: the current values of the indicators, as rows, for scripts and the COPIL pack.

gouvernail kpi                          every organisation, values stored by the last computation
gouvernail kpi --org SLUG --compute     compute and store today's values first, then print them
gouvernail kpi --org SLUG --compute --since 2024-01
                                        compute every past period from that month on (the history)
gouvernail kpi --org SLUG --period 2025|2025-T3|2025-11
                                        the values stored for that year, quarter or month
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
from gouvernail.metrics.periods import Period
from gouvernail.metrics.services import measurements_compute, measurements_history

COLUMNS = ("organisation", "code", "label", "period", "dimension", "value", "unit")
TEXT_COLUMNS = ("organisation", "label", "dimension")


class Command(BaseCommand):
    help = "Affiche (et calcule avec --compute) les valeurs des indicateurs."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Identifiant court (slug) de l'organisation ; toutes par défaut.")
        parser.add_argument("--compute", action="store_true", help="Calcule et enregistre les valeurs du jour.")
        parser.add_argument(
            "--since",
            metavar="AAAA-MM",
            help="Avec --compute : calcule aussi chaque période passée depuis ce mois (l'historique des tendances).",
        )
        parser.add_argument(
            "--period",
            metavar="PÉRIODE",
            help="Affiche les valeurs d'une période : 2025 (année), 2025-T3 (trimestre) ou 2025-11 (mois).",
        )
        parser.add_argument("--format", choices=("table", "json", "csv"), default="table")

    def handle(
        self, *args, org: str | None, compute: bool, since: str | None, period: str | None, format: str, **options
    ) -> None:
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"Aucune organisation n'a l'identifiant court « {org} ».")
        first = self.month(since) if since else None
        if since and not compute:
            raise CommandError("--since va avec --compute : gouvernail kpi --org SLUG --compute --since 2024-01.")
        wanted = self.period(period) if period else None
        if compute:
            for organisation in organisations:
                if first is not None:
                    stored = measurements_history(organisation=organisation, since=first.start)
                    self.stderr.write(
                        f"{organisation.name} : {stored} valeurs calculées et enregistrées depuis {first.label}."
                    )
                stored = measurements_compute(organisation=organisation)
                self.stderr.write(f"{organisation.name} : {stored} valeurs calculées et enregistrées.")
        rows = list(period_rows(organisations, wanted) if wanted else current_rows(organisations))
        if wanted and not rows:
            self.stderr.write(
                f"Aucune valeur enregistrée pour {wanted.label} (calculez-la : gouvernail kpi --org SLUG --compute "
                f"--since {wanted.start:%Y-%m})."
            )
        getattr(self, f"write_{format}")(rows)

    @staticmethod
    def month(text: str) -> Period:
        try:
            found = Period.parse(text)
        except ValueError as error:
            raise CommandError(f"--since : {error}") from None
        if found.kind != "month":
            raise CommandError(f"--since « {text} » : attendu un mois, par exemple 2024-01.")
        return found

    @staticmethod
    def period(text: str) -> Period:
        try:
            return Period.parse(text)
        except ValueError as error:
            raise CommandError(f"--period : {error}") from None

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


def period_rows(organisations, period: Period):
    """The values stored for `period` (its indicators are those measured by that kind of period)."""
    labels = {i.code: i.label for i in registry.indicators()}
    measures = (
        Measurement.objects.filter(organisation__in=organisations, period_key=period.key)
        .select_related("organisation")
        .order_by("organisation__slug", "code", "dimension_key")
    )
    for measure in measures:
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
