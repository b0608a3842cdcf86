"""« Campagnes de phishing » — the awareness campaigns (source: GoPhish, or results entered by hand).

Click and reporting rates over the campaigns of the last twelve months, per service and per
campaign (the campaigns in order of launch: the trend from one to the next). *Taux de clic*
(DESIGN.md): recipients at « Clicked Link » or « Submitted Data » ÷ e-mails sent. Results are
per-service aggregates only; a service under GOUVERNAIL_MIN_GROUP_SIZE recipients shows
« effectif insuffisant » (and so does the smallest one shown beside it, or the total, so that
the total does not give it away: core.privacy). Every value counts the result rows its drill-down lists.
"""

from datetime import date, timedelta
from decimal import Decimal

from gouvernail.awareness import queries
from gouvernail.awareness.filtersets import PhishingCampaignFilterSet, PhishingServiceResultFilterSet
from gouvernail.core.privacy import COMPLEMENT_RULE
from gouvernail.metrics.builders import INSUFFICIENT_GROUP, MISSING, Source, count_indicator, percent
from gouvernail.metrics.periods import MONTH_NAMES, Period
from gouvernail.metrics.registry import (
    TOTAL,
    Bars,
    Dashboard,
    Indicator,
    Number,
    Section,
    Thresholds,
    Value,
    register_dashboard,
    register_indicator,
)

RESULTS = Source(PhishingServiceResultFilterSet, "awareness:phishingserviceresult_list", "Campagnes de phishing")
CAMPAIGNS = Source(PhishingCampaignFilterSet, "awareness:phishingcampaign_list", "Campagnes de phishing")
WINDOW_DAYS = 365
CLICKS = Thresholds(Decimal(10), Decimal(20), higher_is_better=False)
REPORTS = Thresholds(Decimal(30), Decimal(15), higher_is_better=True)


def window(period: Period, today: date) -> dict:
    """Campaigns launched in the twelve months up to today."""
    return {"launched_from": (today - timedelta(days=WINDOW_DAYS - 1)).isoformat(), "launched_to": today.isoformat()}


def _rate(tally: queries.Tally, field: str) -> Decimal | None:
    return percent(getattr(tally, field), tally.sent)


#
# Over the window
#


def overall(field: str):
    def compute(organisation, period: Period, today: date) -> list[Value]:
        params = window(period, today)
        since, until = date.fromisoformat(params["launched_from"]), date.fromisoformat(params["launched_to"])
        tally = queries.overall(organisation, since=since, until=until)
        rows = RESULTS.rows(organisation, params).count()
        return [Value(TOTAL, "Ensemble", _rate(tally, field), rows)]

    return compute


def window_records(organisation, period: Period, key: str, today: date):
    return RESULTS.rows(organisation, {**window(period, today), **service_params(key)})


def window_url(period: Period, key: str, today: date) -> str:
    return RESULTS.url({**window(period, today), **service_params(key)})


#
# Per service
#


def service_params(key: str) -> dict:
    if key == TOTAL:
        return {}
    if key == MISSING:
        return {"unknown_service": "true"}
    return {"service": key}


def per_service_compute(organisation, period: Period, today: date) -> list[Value]:
    params = window(period, today)
    since, until = date.fromisoformat(params["launched_from"]), date.fromisoformat(params["launched_to"])
    rows = queries.per_service(organisation, since=since, until=until)
    values = []
    for row in rows:
        key = str(row.service.pk) if row.service is not None else MISSING
        if row.hidden:
            values.append(Value(key, row.label, None, None, hidden=INSUFFICIENT_GROUP))
        else:
            values.append(Value(key, row.label, _rate(row.tally, "clicked"), row.rows))
    total = sum((row.tally for row in rows), queries.Tally())
    if queries.total_is_hidden(rows):
        values.insert(0, Value(TOTAL, "Ensemble", None, None, hidden=INSUFFICIENT_GROUP))
    else:
        values.insert(0, Value(TOTAL, "Ensemble", _rate(total, "clicked"), sum(row.rows for row in rows)))
    return values


#
# Per campaign, in order of launch
#


def campaign_label(campaign) -> str:
    return f"{campaign.name} ({MONTH_NAMES[campaign.launched_on.month - 1]} {campaign.launched_on.year})"


def per_campaign(field: str):
    def compute(organisation, period: Period, today: date) -> list[Value]:
        campaigns = sorted(queries.per_campaign(organisation, until=today), key=lambda p: (p[0].launched_on, p[0].pk))
        return [
            Value(str(campaign.pk), campaign_label(campaign), _rate(tally, field), campaign.result_rows)
            for campaign, tally in campaigns
        ]

    return compute


def campaign_records(organisation, period: Period, key: str, today: date):
    return RESULTS.rows(organisation, {"campaign": key} if key != TOTAL else window(period, today))


def campaign_url(period: Period, key: str, today: date) -> str:
    return RESULTS.url({"campaign": key} if key != TOTAL else window(period, today))


CLICK_DEFINITION = (
    "Destinataires ayant cliqué sur le lien (statut GoPhish « Clicked Link » ou « Submitted Data ») divisés par "
    "les messages envoyés"
)
REPORT_DEFINITION = "Destinataires ayant signalé le message divisés par les messages envoyés"
ROWS_NOTE = " Le lien ouvre les lignes de résultats par service qui composent le taux."

INDICATORS = (
    count_indicator(
        code="phishing_campagnes",
        label="Campagnes de phishing des 12 derniers mois",
        definition="Campagnes de sensibilisation lancées dans les douze mois précédant la date du jour.",
        unit="campagnes",
        source=CAMPAIGNS,
        params=window,
        period_kind="snapshot",
        counts="campagnes",
    ),
    Indicator(
        code="phishing_taux_clic",
        label="Taux de clic (12 derniers mois)",
        definition=f"{CLICK_DEFINITION}, sur les campagnes lancées dans les douze derniers mois.{ROWS_NOTE}",
        unit="%",
        source=RESULTS.label,
        compute=overall("clicked"),
        records=window_records,
        url=window_url,
        period_kind="snapshot",
        thresholds=CLICKS,
        decimals=1,
        counts="lignes de résultats",
    ),
    Indicator(
        code="phishing_taux_signalement",
        label="Taux de signalement (12 derniers mois)",
        definition=f"{REPORT_DEFINITION}, sur les campagnes lancées dans les douze derniers mois.{ROWS_NOTE}",
        unit="%",
        source=RESULTS.label,
        compute=overall("reported"),
        records=window_records,
        url=window_url,
        period_kind="snapshot",
        thresholds=REPORTS,
        decimals=1,
        counts="lignes de résultats",
    ),
    Indicator(
        code="phishing_taux_clic_service",
        label="Taux de clic par service",
        definition=(
            f"{CLICK_DEFINITION}, par service des destinataires (rapprochés des fiches Personnes), sur les campagnes "
            "des douze derniers mois. « Service inconnu » : destinataires rattachés à aucune fiche. Un service de "
            "moins de GOUVERNAIL_MIN_GROUP_SIZE destinataires (5 par défaut) affiche « effectif insuffisant »."
            f"{COMPLEMENT_RULE}{ROWS_NOTE}"
        ),
        unit="%",
        source=RESULTS.label,
        compute=per_service_compute,
        records=window_records,
        url=window_url,
        dimension="service",
        hides_small_groups=True,
        period_kind="snapshot",
        thresholds=CLICKS,
        decimals=1,
        counts="lignes de résultats",
    ),
    Indicator(
        code="phishing_taux_clic_campagne",
        label="Taux de clic par campagne",
        definition=f"{CLICK_DEFINITION}, pour chaque campagne, dans l'ordre de lancement.{ROWS_NOTE}",
        unit="%",
        source=RESULTS.label,
        compute=per_campaign("clicked"),
        records=campaign_records,
        url=campaign_url,
        dimension="campagne",
        period_kind="snapshot",
        thresholds=CLICKS,
        decimals=1,
        counts="lignes de résultats",
    ),
    Indicator(
        code="phishing_taux_signalement_campagne",
        label="Taux de signalement par campagne",
        definition=f"{REPORT_DEFINITION}, pour chaque campagne, dans l'ordre de lancement.{ROWS_NOTE}",
        unit="%",
        source=RESULTS.label,
        compute=per_campaign("reported"),
        records=campaign_records,
        url=campaign_url,
        dimension="campagne",
        period_kind="snapshot",
        thresholds=REPORTS,
        decimals=1,
        counts="lignes de résultats",
    ),
)
register_indicator(*INDICATORS)

register_dashboard(
    Dashboard(
        slug="phishing",
        title="Campagnes de phishing",
        description=(
            "Résultats des campagnes de sensibilisation à l'hameçonnage : taux de clic et de signalement, par "
            "campagne et par service. Agrégats par service seulement : aucun destinataire n'est nommé."
        ),
        source="GoPhish ou saisie des résultats",
        order=50,
        sections=(
            Section(
                "Douze derniers mois",
                (
                    Number("phishing_campagnes"),
                    Number("phishing_taux_clic"),
                    Number("phishing_taux_signalement"),
                ),
            ),
            Section(
                "D'une campagne à l'autre",
                (
                    # One bar per campaign, named: horizontal, so the names read whole.
                    Bars("phishing_taux_clic_campagne"),
                    Bars("phishing_taux_signalement_campagne"),
                ),
                description="Les campagnes dans l'ordre de leur lancement : l'évolution dans le temps.",
            ),
            Section(
                "Par service",
                (Bars("phishing_taux_clic_service"),),
                description="Services de moins de 5 destinataires masqués (« effectif insuffisant »).",
            ),
        ),
    )
)

__all__ = ("INDICATORS",)
