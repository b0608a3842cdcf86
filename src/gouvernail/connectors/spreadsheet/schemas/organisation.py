"""The people, sites and services imports (the organisation's own référentiel)."""

from gouvernail.connectors.spreadsheet.parsers import normalize, parse_bool, parse_email
from gouvernail.connectors.spreadsheet.schemas.base import SERVICE, SITE, Column, Kind, choice_parser, relation, text
from gouvernail.core.choices import PersonKind, ServiceKind

__all__ = ("PEOPLE", "SERVICES", "SITES", "person_key")


def person_key(values: dict) -> tuple | None:
    if not values.get("last_name"):
        return None
    key = (normalize(values["last_name"]), normalize(values.get("first_name") or ""))
    return (*key, values.get("service")) if "service" in values else key


PEOPLE = Kind(
    "people",
    "Personnes",
    "core.Person",
    (
        text("last_name", "Nom", "Nom de famille", "Nom d'usage", "Nom agent", required=True),
        text("first_name", "Prénom", "Prenom", "Prénom agent"),
        Column(
            "kind",
            "Qualité",
            ("Agent ou élu", "Statut", "Type"),
            choice_parser(PersonKind, {"Élu": "elu", "Elue": "elu", "Élue": "elu", "Conseiller": "elu"}),
        ),
        relation("service", "Service", "service", *SERVICE),
        relation("site", "Site", "site", *SITE),
        text("function", "Fonction", "Poste", "Emploi", "Métier", "Intitulé du poste", "Grade"),
        Column(
            "email",
            "E-mail",
            (
                "Adresse e-mail professionnelle",
                "E-mail professionnel",
                "Adresse e-mail",
                "Adresse mail",
                "Adresse électronique",
                "Adresse de messagerie",
                "Courriel",
                "Courriel professionnel",
                "Mail",
                "Mail professionnel",
                "Email",
                "Mél",
                "Messagerie",
            ),
            parse_email,
        ),
        Column("is_active", "Actif", ("Active", "En poste", "Présent"), parse_bool),
    ),
    key_fields=("last_name", "first_name", "service"),
    key_label="nom et prénom (et service s'il est fourni)",
    unique_fields=("email",),
    file_key=person_key,
)


SITES = Kind(
    "sites",
    "Sites",
    "core.Site",
    (
        text("name", "Nom", "Site", "Nom du site", "Bâtiment", "Lieu", "Implantation", required=True),
        text("city", "Commune", "Ville", "Localité"),
    ),
    key_fields=("name",),
    key_label="nom",
)


SERVICES = Kind(
    "services",
    "Services",
    "core.Service",
    (
        text("name", "Nom", "Service", "Nom du service", "Intitulé", "Entité", required=True),
        Column(
            "kind",
            "Niveau",
            ("Type", "Nature", "Niveau hiérarchique"),
            choice_parser(ServiceKind, {"Direction": "pole", "Dépt": "departement", "Dpt": "departement"}),
        ),
        relation("parent", "Rattaché à", "service", "Parent", "Direction", "Pôle", "Service parent", "Rattachement"),
    ),
    key_fields=("name",),
    key_label="nom",
)
