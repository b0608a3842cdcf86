"""The application map import."""

from gouvernail.applications.choices import Criticality, DataLocation, Hosting, Sourcing
from gouvernail.connectors.spreadsheet.parsers import parse_bool, parse_date, parse_int
from gouvernail.connectors.spreadsheet.schemas.base import NOTES, Column, Kind, choice_parser, relation, text

__all__ = ("APPLICATIONS",)


def dict_level(field_name: str, label: str, *synonyms: str) -> Column:
    return Column(field_name, label, synonyms, parse_int)


APPLICATIONS = Kind(
    "applications",
    "Applications",
    "applications.Application",
    (
        text(
            "name",
            "Nom",
            "Application",
            "Logiciel",
            "Nom de l'application",
            "Nom du logiciel",
            "Progiciel",
            required=True,
        ),
        relation("vendor", "Éditeur", "vendor", "Prestataire", "Fournisseur", "Éditeur / prestataire"),
        text("process", "Processus supporté", "Processus", "Usage", "Fonction", "Métier", "Domaine"),
        text("platform", "OS / base de données", "Plateforme", "Technologie", "Base de données", "SGBD"),
        Column("in_place_since", "En place depuis", ("Date de mise en place", "Mise en service", "Depuis"), parse_date),
        Column(
            "sourcing",
            "Logiciel du marché ou interne",
            ("Origine", "Type de logiciel", "Provenance"),
            choice_parser(
                Sourcing,
                {
                    "Marché": "marche",
                    "Libre": "libre",
                    "Open source": "libre",
                    "Interne": "interne",
                    "Développement": "interne",
                },
            ),
        ),
        Column(
            "hosting",
            "Hébergement",
            ("Hébergé", "Mode d'hébergement", "Installation"),
            choice_parser(
                Hosting,
                {
                    "SaaS": "web",
                    "Web": "web",
                    "Cloud": "web",
                    "Local": "poste_local",
                    "Poste": "poste_local",
                    "Serveur": "serveur_site",
                    "Sur site": "serveur_site",
                    "Prestataire": "prestataire",
                    "Infogérance": "prestataire",
                },
            ),
        ),
        Column(
            "users_count",
            "Nombre d'utilisateurs",
            ("Nb utilisateurs", "Nb d'utilisateurs", "Utilisateurs (nb)"),
            parse_int,
        ),
        text("users_note", "Utilisateurs", "Public", "Utilisateurs concernés"),
        text("scope_note", "Site ou service concerné", "Périmètre", "Service concerné"),
        text("contacts", "Contacts", "Contact", "Support"),
        Column(
            "criticality",
            "Criticité",
            ("Criticite", "Niveau de criticité", "Importance"),
            choice_parser(
                Criticality,
                {
                    "Élevé": "elevee",
                    "Haute": "elevee",
                    "Forte": "elevee",
                    "Moyen": "moyenne",
                    "Basse": "faible",
                    "Critique": "critique",
                },
            ),
        ),
        dict_level("need_confidentiality", "Besoin en confidentialité", "Confidentialité", "C"),
        dict_level("need_integrity", "Besoin en intégrité", "Intégrité", "I"),
        dict_level("need_availability", "Besoin en disponibilité", "Disponibilité", "D"),
        dict_level("need_traceability", "Besoin en traçabilité", "Traçabilité", "T"),
        Column("rto_hours", "RTO (heures)", ("RTO", "DMIA"), parse_int),
        Column("rpo_hours", "RPO (heures)", ("RPO", "PDMA"), parse_int),
        Column(
            "data_location",
            "Données hébergées en",
            ("Localisation des données", "Hébergement des données"),
            choice_parser(DataLocation, {"UE": "ue", "Europe": "ue", "Hors UE": "hors_ue"}),
        ),
        Column("mfa_available", "MFA disponible", ("Double authentification disponible", "MFA possible"), parse_bool),
        Column("mfa_enabled", "MFA activé", ("Double authentification activée", "MFA", "MFA actif"), parse_bool),
        relation("contract", "Contrat", "contract", "Référence du contrat", "N° de contrat"),
        text("notes", "Remarques", *NOTES[1:]),
    ),
    key_fields=("name",),
    key_label="nom",
)
