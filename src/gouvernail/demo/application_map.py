"""The application map (cartographie applicative) of the study, as Application rows.

Every column of the study's table maps to a field; the security needs, criticality and MFA
flags come from the seed file's `synthetic` block and are labelled as such in the notes.
"""

from datetime import date

from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation, Site
from gouvernail.demo.records import SYNTHETIC_NOTE, persist
from gouvernail.vendors.models import Contract, Vendor

NOTES = (
    f"Criticité, besoins DICT, RTO/RPO, localisation des données et MFA : {SYNTHETIC_NOTE.lower()} "
    "Les autres informations viennent de la cartographie applicative de l'étude."
)


def build_applications(
    organisation: Organisation,
    seed_applications: list[dict],
    *,
    vendors: dict[str, Vendor],
    contracts: dict[str, Contract],
    sites: list[Site],
) -> list[Application]:
    applications = []
    for entry in seed_applications:
        application = persist(_application(organisation, entry, vendors=vendors, contracts=contracts))
        application.sites.set(_sites_of(entry, sites))
        applications.append(application)
    return applications


def _application(organisation, entry: dict, *, vendors, contracts) -> Application:
    synthetic = entry["synthetic"]
    confidentiality, integrity, availability, traceability = synthetic["needs"]
    return Application(
        organisation=organisation,
        name=entry["name"],
        vendor=vendors[entry["vendor"]] if entry.get("vendor") else None,
        process=entry["process"],
        platform=entry.get("platform", ""),
        in_place_since=month_start(entry.get("since")),
        in_place_note=entry.get("since_note", ""),
        sourcing=entry["sourcing"],
        sourcing_note=entry.get("sourcing_note", ""),
        hosting=entry["hosting"],
        hosting_note=entry.get("hosting_note", ""),
        users_note=entry.get("users", ""),
        scope_note=entry.get("site", ""),
        contacts=", ".join(entry.get("contacts") or ()),
        criticality=synthetic["criticality"],
        need_confidentiality=confidentiality,
        need_integrity=integrity,
        need_availability=availability,
        need_traceability=traceability,
        rto_hours=synthetic.get("rto_hours"),
        rpo_hours=synthetic.get("rpo_hours"),
        data_location=synthetic["data_location"],
        mfa_available=synthetic["mfa_available"],
        mfa_enabled=synthetic["mfa_enabled"],
        contract=contracts.get(entry["name"]),
        notes=NOTES,
    )


def month_start(value: str | None) -> date | None:
    """« 2024-07 » → 1 July 2024: the study dates a go-live to the month."""
    if not value:
        return None
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def _sites_of(entry: dict, sites: list[Site]) -> list[Site]:
    wanted = entry.get("sites") or []
    if wanted == "all":
        return sites
    return [site for site in sites if site.name in wanted]
