"""« Charge & capacité du service SI » — the study's service-load view (source: the ticket tool).

Requests per month, quarter and agent, split by family and by service, processing time
(calendar and business days), the recurring-request rate, the actions not done for lack of
resources, and the 24-month trend against the same month of the year before.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from gouvernail.core.choices import PersonKind
from gouvernail.core.models import Person
from gouvernail.core.privacy import COMPLEMENT_RULE
from gouvernail.metrics.builders import SERVICE, Dimension, Source, count_indicator, ratio_indicator
from gouvernail.metrics.businessdays import BusinessCalendar
from gouvernail.metrics.localdays import local_days
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import (
    TOTAL,
    Bars,
    Dashboard,
    Indicator,
    Number,
    Section,
    Thresholds,
    Trend,
    Value,
    register_dashboard,
    register_indicator,
)
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.filtersets import RECURRENCE_WINDOW_DAYS, RequestFilterSet
from gouvernail.steering.filtersets import ActionItemFilterSet

REQUESTS = Source(RequestFilterSet, "servicedesk:request_list", "Demandes SI (outil de tickets)", "opened_at")
ACTIONS = Source(ActionItemFilterSet, "steering:actionitem_list", "Plan d'action")

FAMILY = Dimension("famille", "family", "family", choices=tuple(RequestFamily.choices))


def opened(period: Period, today: date) -> dict:
    return {"opened_from": period.start.isoformat(), "opened_to": period.end.isoformat()}


def resolved(period: Period, today: date) -> dict:
    return {"resolved_from": period.start.isoformat(), "resolved_to": period.end.isoformat()}


def recurring(period: Period, today: date) -> dict:
    return {**opened(period, today), "recurring": "true"}


def active_agents(organisation) -> int:
    return Person.objects.filter(organisation=organisation, is_active=True, kind=PersonKind.AGENT).count()


#
# Requests per agent
#


def per_agent_compute(organisation, period: Period, today: date) -> list[Value]:
    count = REQUESTS.rows(organisation, opened(period, today)).count()
    agents = active_agents(organisation)
    value = (Decimal(count) / agents).quantize(Decimal("0.01"), ROUND_HALF_UP) if agents else None
    return [Value(TOTAL, "Ensemble", value, count)]


#
# Processing time
#

STATISTICS = (
    ("moyenne_calendaire", "Moyenne (jours calendaires)"),
    ("mediane_calendaire", "Médiane (jours calendaires)"),
    ("moyenne_ouvree", "Moyenne (jours ouvrés)"),
    ("mediane_ouvree", "Médiane (jours ouvrés)"),
)


def weighted_median(pairs: list[tuple]) -> Decimal:
    """Median of values given as (value, weight), the mean of the two middle ones for an even total."""
    ordered = sorted(pairs)
    total = sum(weight for _, weight in ordered)
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, weight in ordered:
        while len(found) < 2 and middle[len(found)] < seen + weight:
            found.append(value)
        seen += weight
    return Decimal(sum(found)) / 2


DAY_SECONDS = 86400


def calendar_durations(rows) -> list[tuple[int, int]]:
    """(seconds from opening to resolution, requests) — exact durations: a request opened at
    9:00 and resolved at 21:00 took half a day, not « 0 » nor « 1 » day. Read as two aware
    instants per request (a quarter's resolved requests, streamed) and counted by duration to
    the second, never below 0 (a source's resolution dated before the creation counts 0)."""
    spans: dict[int, int] = {}
    for opened_at, resolved_at in rows.values_list("opened_at", "resolved_at").iterator(chunk_size=5000):
        seconds = max(int((resolved_at - opened_at).total_seconds()), 0)
        spans[seconds] = spans.get(seconds, 0) + 1
    return list(spans.items())


def processing_time_compute(organisation, period: Period, today: date) -> list[Value]:
    """Calendar delays are exact durations (mean and median in days, one decimal); business
    delays count the business days between the local opening and resolution days, grouped in
    the database by (local opening day, local resolution day) — in SQL on SQLite as on
    PostgreSQL (see `metrics.localdays`): the number of groups is bounded by the days of the
    period × the usual spread, not by the number of requests."""
    resolved_rows = REQUESTS.rows(organisation, resolved(period, today))
    days, rows = local_days(resolved_rows, "opened_at", "resolved_at")
    pairs: dict[tuple[date, date], int] = {}
    for row in rows:
        pair = (days.day(row, "opened_at"), days.day(row, "resolved_at"))
        pairs[pair] = pairs.get(pair, 0) + row["n"]
    # Read even when nothing was resolved: a render costs the same queries whatever the data.
    durations = calendar_durations(resolved_rows)
    count = sum(pairs.values())
    if not count:
        return [Value(key, label, None, 0) for key, label in STATISTICS]
    # Only the pairs that took time need the calendar: a request « resolved » before it was
    # opened (a source's sentinel date, 31/12/9999) counts 0 days and must not stretch it.
    spans = [(o, r) for o, r in pairs if o < r]
    calendar = BusinessCalendar(min(o for o, _ in spans), max(r for _, r in spans)) if spans else None
    business = [(calendar.between(o, r) if o < r else 0, n) for (o, r), n in pairs.items()]
    one = Decimal("0.1")
    day = Decimal(DAY_SECONDS)
    stats = {
        "moyenne_calendaire": Decimal(sum(s * n for s, n in durations)) / count / day,
        "mediane_calendaire": weighted_median(durations) / day,
        "moyenne_ouvree": Decimal(sum(d * n for d, n in business)) / count,
        "mediane_ouvree": weighted_median(business),
    }
    return [Value(key, label, stats[key].quantize(one, ROUND_HALF_UP), count) for key, label in STATISTICS]


#
# The catalogue entries
#

INDICATORS = (
    count_indicator(
        code="demandes_mois",
        label="Demandes SI du mois",
        definition="Nombre de demandes et d'incidents ouverts dans le mois, toutes sources et tous états confondus.",
        unit="demandes",
        source=REQUESTS,
        params=opened,
        period_kind="month",
        counts="demandes",
    ),
    count_indicator(
        code="demandes_trimestre",
        label="Demandes SI du trimestre",
        definition="Nombre de demandes et d'incidents ouverts dans le trimestre civil.",
        unit="demandes",
        source=REQUESTS,
        params=opened,
        period_kind="quarter",
        counts="demandes",
    ),
    Indicator(
        code="demandes_par_agent",
        label="Demandes SI par agent",
        definition=(
            "Demandes ouvertes dans le mois divisées par le nombre d'agents actifs de l'organisation "
            "(fiches « Personnes » de qualité agent, actives). Le lien ouvre les demandes du mois."
        ),
        unit="demandes / agent",
        source=f"{REQUESTS.label} ; fiches Personnes",
        compute=per_agent_compute,
        records=lambda organisation, period, key, today: REQUESTS.rows(organisation, opened(period, today)),
        url=lambda period, key, today: REQUESTS.url(opened(period, today)),
        period_kind="month",
        decimals=2,
        counts="demandes",
    ),
    count_indicator(
        code="demandes_famille",
        label="Répartition des demandes par famille",
        definition=(
            "Demandes ouvertes dans le trimestre, par famille de l'étude : support utilisateurs, sites, projets, "
            "sécurité / incidents. La famille vient de la catégorie de la source, selon les correspondances "
            "de l'organisation (Activité › Familles de demandes) ou, à défaut, une règle par mots-clés."
        ),
        unit="demandes",
        source=REQUESTS,
        params=opened,
        dimension=FAMILY,
        period_kind="quarter",
        counts="demandes",
    ),
    count_indicator(
        code="demandes_par_service",
        label="Demandes par service demandeur",
        definition=(
            "Demandes ouvertes dans le trimestre, par service demandeur. Un service de moins de "
            "GOUVERNAIL_MIN_GROUP_SIZE personnes actives (5 par défaut) affiche « effectif insuffisant »."
            f"{COMPLEMENT_RULE}"
        ),
        unit="demandes",
        source=REQUESTS,
        params=opened,
        dimension=SERVICE,
        period_kind="quarter",
        counts="demandes",
    ),
    Indicator(
        code="delai_traitement",
        label="Délai de traitement",
        definition=(
            "Pour les demandes résolues dans le trimestre : moyenne et médiane de (date de résolution − date "
            "d'ouverture). En jours calendaires, la durée exacte (ouverte à 9 h, résolue à 21 h : 0,5 jour) ; "
            "en jours ouvrés, les jours du lundi au vendredi hors jours fériés français entre le jour "
            "d'ouverture et celui de résolution (ouverte un vendredi et résolue le lundi : 1 jour ouvré). "
            "Une demande rejetée est close sans être résolue : elle n'est pas comptée."
        ),
        unit="jours",
        source=REQUESTS.label,
        compute=processing_time_compute,
        records=lambda organisation, period, key, today: REQUESTS.rows(organisation, resolved(period, today)),
        url=lambda period, key, today: REQUESTS.url(resolved(period, today)),
        dimension="statistique",
        period_kind="quarter",
        thresholds=Thresholds(Decimal(3), Decimal(7), higher_is_better=False),
        decimals=1,
        counts="demandes résolues",
    ),
    ratio_indicator(
        code="demandes_recurrentes_taux",
        label="Taux de demandes récurrentes",
        definition=(
            "Part des demandes ouvertes dans le trimestre dont la catégorie et la sous-catégorie avaient déjà "
            f"été demandées par le même service dans les {RECURRENCE_WINDOW_DAYS} jours précédents. Le lien "
            "ouvre les demandes récurrentes."
        ),
        source=REQUESTS,
        numerator=recurring,
        denominator=opened,
        period_kind="quarter",
        thresholds=Thresholds(Decimal(10), Decimal(20), higher_is_better=False),
        counts="demandes récurrentes",
    ),
    count_indicator(
        code="actions_faute_ressources",
        label="Actions SI non réalisées faute de ressources",
        definition="Actions du plan d'action reportées ou abandonnées avec le motif « manque de ressources ».",
        unit="actions",
        source=ACTIONS,
        params=lambda period, today: {"stop_reason": "ressources"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(2), higher_is_better=False),
        counts="actions",
    ),
)
register_indicator(*INDICATORS)

register_dashboard(
    Dashboard(
        slug="charge-service-si",
        title="Charge & capacité du service SI",
        description=(
            "Volume et nature des demandes adressées au service SI, délais de traitement et actions "
            "freinées par le manque de ressources."
        ),
        source="outil de tickets (GestSup, GLPI) et plan d'action",
        order=10,
        sections=(
            Section(
                "Volume",
                (
                    Number("demandes_mois"),
                    Number("demandes_trimestre"),
                    Number("demandes_par_agent"),
                    Number("actions_faute_ressources"),
                    Trend("demandes_mois", periods=24, compare_last_year=True, title="Demandes par mois sur 24 mois"),
                    Bars("demandes_famille"),
                    Trend("demandes_trimestre", periods=8, title="Demandes par trimestre sur deux ans"),
                ),
            ),
            Section(
                "Délais et récurrence",
                (
                    Number("delai_traitement", "moyenne_calendaire", "Délai moyen (jours calendaires)"),
                    Number("delai_traitement", "mediane_calendaire", "Délai médian (jours calendaires)"),
                    Number("delai_traitement", "moyenne_ouvree", "Délai moyen (jours ouvrés)"),
                    Number("delai_traitement", "mediane_ouvree", "Délai médian (jours ouvrés)"),
                    Number("demandes_recurrentes_taux"),
                ),
            ),
            Section(
                "Par service demandeur",
                (Bars("demandes_par_service"),),
                description="Services de moins de 5 personnes masqués (« effectif insuffisant »).",
            ),
        ),
    )
)

__all__ = ("INDICATORS", "processing_time_compute", "weighted_median")
