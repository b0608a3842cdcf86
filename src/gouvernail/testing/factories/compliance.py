"""Builders for the rows of the `compliance` app."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from gouvernail.compliance.choices import EntityType, MeasureLevel
from gouvernail.compliance.library import FrameworkData, MeasureData, ThemeData
from gouvernail.compliance.models import Assessment, Framework, Nis2Profile, SecurityIncident
from gouvernail.compliance.services import assessment_create, framework_install, incident_save
from gouvernail.core.models import Organisation

PARIS = ZoneInfo("Europe/Paris")


def small_framework_data(
    *, version: int = 1, urn: str = "urn:test:framework:mini", extra: bool = False
) -> FrameworkData:
    """Two themes, three measures (a fourth with `extra`), measure 2 bound to the MFA coverage."""
    measures = [
        MeasureData("1", "Sensibiliser", "Former les agents.", MeasureLevel.STANDARD, f"{urn}:1"),
        MeasureData(
            "2", "Authentification forte", "MFA partout.", MeasureLevel.BOTH, f"{urn}:2", evidence=["mfa_coverage"]
        ),
    ]
    second = [MeasureData("3", "Sauvegardes", "Tester la restauration.", MeasureLevel.REINFORCED, f"{urn}:3")]
    if extra:
        second.append(MeasureData("4", "Journaux", "Garder les traces.", MeasureLevel.STANDARD, f"{urn}:4"))
    return FrameworkData(
        urn=urn,
        slug="mini",
        name="Mini référentiel",
        version=version,
        themes=[ThemeData("I", "Former", measures), ThemeData("II", "Réagir", second)],
    )


def make_framework(organisation: Organisation, **kwargs) -> Framework:
    return framework_install(organisation=organisation, data=small_framework_data(**kwargs), acting_user=None).framework


def make_assessment(organisation: Organisation, framework: Framework | None = None, **fields) -> Assessment:
    framework = framework or make_framework(organisation)
    return assessment_create(
        organisation=organisation,
        version=framework.latest_version(),
        campaign_date=fields.pop("campaign_date", date(2026, 3, 1)),
        acting_user=None,
        **fields,
    )


def make_incident(organisation: Organisation, title: str = "Rançongiciel sur un poste", **fields) -> SecurityIncident:
    defaults = {"detected_at": datetime(2026, 3, 10, 9, 30, tzinfo=PARIS)}
    incident = SecurityIncident(organisation=organisation, title=title, **{**defaults, **fields})
    return incident_save(incident=incident, acting_user=None)


def make_nis2_profile(organisation: Organisation, **fields) -> Nis2Profile:
    defaults = {"entity_type": EntityType.CC, "population": 20000}
    return Nis2Profile.objects.create(organisation=organisation, **{**defaults, **fields})
