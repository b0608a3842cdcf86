"""« Incidents de sécurité » on the security dashboard: incidents of the register detected in the
month, the service desk's requests of the « sécurité / incidents » family, and the incidents
whose declaration is late. Registered from ComplianceConfig.ready(), after the metrics app: the
« antivirus » dashboard (the security one) gets a section for them."""

from dataclasses import replace

from gouvernail.compliance.filtersets import SecurityIncidentFilterSet
from gouvernail.metrics.builders import Source, count_indicator
from gouvernail.metrics.periods import Period
from gouvernail.metrics.registry import Number, Section, Trend, get_dashboard, register_dashboard, register_indicator
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.filtersets import RequestFilterSet

REGISTER = Source(SecurityIncidentFilterSet, "compliance:securityincident_list", "Registre des incidents de sécurité")
REQUESTS = Source(RequestFilterSet, "servicedesk:request_list", "Demandes SI (outil de tickets)", "opened_at")


def detected(period: Period, today) -> dict:
    return {"detected_from": period.start.isoformat(), "detected_to": period.end.isoformat()}


def security_requests(period: Period, today) -> dict:
    return {
        "family": RequestFamily.SECURITY,
        "opened_from": period.start.isoformat(),
        "opened_to": period.end.isoformat(),
    }


register_indicator(
    count_indicator(
        code="incidents_securite",
        label="Incidents de sécurité",
        definition="Incidents de sécurité inscrits au registre de l'organisation, détectés dans le mois.",
        unit="incidents",
        source=REGISTER,
        params=detected,
        period_kind="month",
        counts="incidents",
    ),
    count_indicator(
        code="demandes_securite",
        label="Demandes « sécurité / incidents »",
        definition=(
            "Demandes de l'outil de tickets ouvertes dans le mois dans la famille « sécurité / incidents » : "
            "signalements qui ne sont pas tous des incidents de sécurité au sens du registre."
        ),
        unit="demandes",
        source=REQUESTS,
        params=security_requests,
        period_kind="month",
        counts="demandes",
    ),
    count_indicator(
        code="incidents_declaration_en_retard",
        label="Incidents à déclaration en retard",
        definition=(
            "Incidents dont une déclaration obligatoire (NIS2 : alerte 24 h, notification 72 h, rapport final ; "
            "CNIL : 72 h) a dépassé son échéance sans être faite."
        ),
        unit="incidents",
        source=REGISTER,
        params=lambda period, today: {"overdue": "true"},
        period_kind="snapshot",
        counts="incidents",
    ),
)

_security = get_dashboard("antivirus")
if _security is not None and "incidents_securite" not in _security.codes:
    register_dashboard(
        replace(
            _security,
            sections=(
                *_security.sections,
                Section(
                    "Incidents de sécurité",
                    (
                        Number("incidents_securite"),
                        Number("demandes_securite"),
                        Number("incidents_declaration_en_retard"),
                        Trend("incidents_securite", periods=12),
                    ),
                    description="Registre des incidents de sécurité (Conformité) et demandes de la famille "
                    "« sécurité / incidents » de l'outil de tickets.",
                ),
            ),
        )
    )
