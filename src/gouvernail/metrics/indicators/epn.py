"""« Espace public numérique » — the cybercentre's sessions (source: the EPN software's CSV export).

Per month: sessions (every visit), distinct visitors (distinct pseudonymous keys: no visitor is
ever named) and workshops held (distinct day × workshop), with their twelve-month trends.
Every value's drill-down lists the sessions of the month it is computed from.
"""

from datetime import date
from decimal import Decimal

from gouvernail.epn.filtersets import EpnSessionFilterSet
from gouvernail.metrics.builders import Source, count_indicator
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import (
    TOTAL,
    Dashboard,
    Indicator,
    Number,
    Section,
    Trend,
    Value,
    register_dashboard,
    register_indicator,
)

SESSIONS = Source(
    EpnSessionFilterSet, "epn:epnsession_list", "Séances de l'EPN (export du logiciel de l'EPN)", "held_on"
)


def month(period: Period, today: date) -> dict:
    return {"held_from": period.start.isoformat(), "held_to": period.end.isoformat()}


def workshops(period: Period, today: date) -> dict:
    return {**month(period, today), "in_workshop": "true"}


def distinct_indicator(params, fields: tuple[str, ...], **entry) -> Indicator:
    """A count of distinct `fields` among the sessions `params` selects; its drill-down is those
    sessions, so `count` is their number (the value is at most that)."""

    def compute(organisation, period: Period, today: date) -> list[Value]:
        rows = SESSIONS.rows(organisation, params(period, today))
        sessions = rows.count()
        distinct = rows.values(*fields).distinct().count()
        return [Value(TOTAL, "Ensemble", Decimal(distinct), sessions)]

    return Indicator(
        compute=compute,
        records=lambda organisation, period, key, today: SESSIONS.rows(organisation, params(period, today)),
        url=lambda period, key, today: SESSIONS.url(params(period, today)),
        source=SESSIONS.label,
        coverage=SESSIONS.coverage,
        period_kind="month",
        counts="séances",
        **entry,
    )


INDICATORS = (
    count_indicator(
        code="epn_seances",
        label="Séances de l'EPN",
        definition="Séances de l'espace public numérique dans le mois : accès libre et participations aux ateliers.",
        unit="séances",
        source=SESSIONS,
        params=month,
        period_kind="month",
        counts="séances",
    ),
    distinct_indicator(
        month,
        ("visitor_key",),
        code="epn_usagers",
        label="Usagers distincts de l'EPN",
        definition=(
            "Usagers différents venus dans le mois, comptés par leur clé pseudonyme (empreinte salée de "
            "l'identifiant du logiciel de l'EPN : aucun nom n'est conservé). Le lien ouvre les séances du mois."
        ),
        unit="usagers",
    ),
    distinct_indicator(
        workshops,
        ("held_on", "workshop"),
        code="epn_ateliers",
        label="Ateliers de l'EPN",
        definition=(
            "Ateliers tenus dans le mois (un atelier par jour et par intitulé). Le lien ouvre les participations "
            "à ces ateliers."
        ),
        unit="ateliers",
    ),
    count_indicator(
        code="epn_participations_ateliers",
        label="Participations aux ateliers",
        definition="Séances de l'EPN du mois passées dans un atelier (hors accès libre).",
        unit="participations",
        source=SESSIONS,
        params=workshops,
        period_kind="month",
        counts="séances",
    ),
)
register_indicator(*INDICATORS)

register_dashboard(
    Dashboard(
        slug="epn",
        title="Espace public numérique",
        description="Fréquentation du cybercentre : séances, usagers distincts et ateliers, mois par mois.",
        source="export CSV du logiciel de l'EPN",
        order=90,
        sections=(
            Section(
                "Le mois dernier",
                (
                    Number("epn_seances"),
                    Number("epn_usagers"),
                    Number("epn_ateliers"),
                    Number("epn_participations_ateliers"),
                ),
            ),
            Section(
                "Sur douze mois",
                (
                    Trend("epn_seances", periods=12, title="Séances par mois"),
                    Trend("epn_usagers", periods=12, title="Usagers distincts par mois"),
                    Trend("epn_ateliers", periods=12, title="Ateliers par mois"),
                ),
            ),
        ),
    )
)

__all__ = ("INDICATORS",)
