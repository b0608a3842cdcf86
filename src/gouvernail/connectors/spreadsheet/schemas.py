"""What each kind of import reads: its columns (French label, header synonyms, parser), the
columns a file must have, the natural key that finds an existing row, and the relations
resolved by name within the organisation.

Only fields a user can type in the model's form are importable; derived fields (end date
from a duration, Windows generation) are computed as the form's save would.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from gouvernail.applications.choices import Criticality, DataLocation, Hosting, Sourcing
from gouvernail.connectors.spreadsheet.parsers import (
    CellError,
    normalize,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_text,
)
from gouvernail.core.choices import PersonKind, ServiceKind
from gouvernail.governance.choices import RECORDED_STATUSES, DecisionStatus, Direction, Level
from gouvernail.inventory.choices import AntivirusStatus, Condition, EquipmentFamily, EquipmentState
from gouvernail.steering.choices import (
    ActionStatus,
    Effort,
    Priority,
    ProjectStatus,
    RoadmapItemStatus,
    StopReason,
    StructuringKind,
)
from gouvernail.vendors.choices import VendorTypology

__all__ = ("KINDS", "Column", "Kind", "get_kind")


# Abbreviations a hand-kept file uses for a choice: « recond. » for « reconditionné », « port »
# for « portable ». A typed word at least this long that starts one known word only is that word.
ABBREVIATION_MIN = 3


def choice_parser(choices: type[models.Choices] | list[tuple], synonyms: dict[str, object] | None = None) -> Callable:
    """A parser accepting a choice's label, its code or a usual synonym, accents, case, trailing
    dots and unambiguous abbreviations aside. `choices` is a choices class or some of its
    [(value, label)] (a decision's recorded outcomes only)."""
    pairs = list(choices.choices) if hasattr(choices, "choices") else [(value, str(label)) for value, label in choices]
    table = {normalize(label): value for value, label in pairs}
    table.update({normalize(value): value for value, _ in pairs})
    table.update({normalize(word): value for word, value in (synonyms or {}).items()})
    allowed = ", ".join(label for _, label in pairs)

    def lookup(key: str) -> str | None:
        if key in table:
            return table[key]
        if len(key) < ABBREVIATION_MIN:
            return None
        found = {value for word, value in table.items() if word.startswith(key)}
        return found.pop() if len(found) == 1 else None

    def parse(cell) -> str | None:
        text = parse_text(cell)
        if not text:
            return None
        value = lookup(normalize(text))
        if value is None:
            raise CellError(f"Valeur « {text[:60]} » non reconnue (valeurs possibles : {allowed}).")
        return value

    parse.allowed = allowed
    parse.choices = pairs
    return parse


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    parse: Callable = parse_text
    required: bool = False  # a file without this column is refused as a whole
    relation: str | None = None  # resolved by name: "site", "service", "vendor", "person", "contract"

    @property
    def choices(self) -> list[tuple] | None:
        """The allowed values [(value, label)] of a choice or yes/no column: an unknown value
        there can be mapped by the user to one of them (value mapping)."""
        return getattr(self.parse, "choices", None)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model_label: str
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]
    key_label: str
    # Fields unique within the organisation when not blank, besides the natural key (a person's
    # e-mail): a value already on another row, or earlier in the file, refuses the row.
    unique_fields: tuple[str, ...] = ()
    # The key two rows of one file must not share, from a row's parsed values (None: the row has
    # none); by default the first natural key field, normalised.
    file_key: Callable[[dict], tuple | None] | None = None
    # The template's sheet name when the label exceeds a sheet name's 31 characters.
    sheet: str = ""
    # What the import page says of this kind beyond its columns (where the rows go, what is final).
    note: str = ""
    by_field: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_field.update({column.field: column for column in self.columns})

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    @property
    def sheet_title(self) -> str:
        return (self.sheet or self.label)[:31]

    def row_key(self, values: dict) -> tuple | None:
        """The key two rows of one file must not share (None when the row has none)."""
        if self.file_key is not None:
            return self.file_key(values)
        value = values.get(self.key_fields[0])
        return (normalize(str(value)),) if value not in (None, "") else None


def text(field_name: str, label: str, *synonyms: str, required: bool = False) -> Column:
    return Column(field_name, label, synonyms, parse_text, required)


def relation(field_name: str, label: str, target: str, *synonyms: str, required: bool = False) -> Column:
    return Column(field_name, label, synonyms, parse_text, required, relation=target)


# The keys two rows of one file must not share, where the natural key is not one field.


def equipment_key(values: dict) -> tuple | None:
    serial = (values.get("serial") or "").strip()
    if serial:
        return ("serial", serial.casefold())
    return ("name", normalize(values.get("name") or "")) if values.get("name") else None


def person_key(values: dict) -> tuple | None:
    if not values.get("last_name"):
        return None
    key = (normalize(values["last_name"]), normalize(values.get("first_name") or ""))
    return (*key, values.get("service")) if "service" in values else key


def procedure_step_key(values: dict) -> tuple | None:
    position = values.get("position")
    return (values.get("procurement"), position) if position is not None else None


def milestone_key(values: dict) -> tuple | None:
    name = normalize(values.get("name") or "")
    return (values.get("project"), name) if name else None


def roadmap_key(values: dict) -> tuple | None:
    title = normalize(values.get("title") or "")
    return (values.get("axis"), values.get("year"), title) if title else None


def decision_key(values: dict) -> tuple | None:
    question = normalize(values.get("question") or "")
    return (question, values.get("decided_on")) if question and values.get("decided_on") else None


def scenario_key(values: dict) -> tuple | None:
    key = tuple(normalize(values.get(name) or "") for name in ("analysis", "criterion", "scenario"))
    return key if all(key) else None


SITE = ("Lieu", "Localisation", "Bâtiment", "Emplacement", "Site d'affectation", "Commune", "Implantation")
SERVICE = ("Direction", "Pôle", "Service d'affectation", "Département", "Service utilisateur")
NOTES = ("Remarques", "Remarque", "Commentaires", "Commentaire", "Observations", "Notes", "Note")

EQUIPMENT = Kind(
    "equipment",
    "Équipements",
    "inventory.Equipment",
    (
        text(
            "name",
            "Nom",
            "Nom du poste",
            "Nom de l'équipement",
            "Hostname",
            "Nom machine",
            "Nom réseau",
            "Poste",
            "Équipement",
            "Désignation",
            required=True,
        ),
        Column(
            "family",
            "Type",
            ("Type de matériel", "Type d'équipement", "Famille", "Catégorie", "Nature"),
            choice_parser(
                EquipmentFamily,
                {
                    "PC": "pc_fixe",
                    "Fixe": "pc_fixe",
                    "PC de bureau": "pc_fixe",
                    "Ordinateur fixe": "pc_fixe",
                    "Ordinateur de bureau": "pc_fixe",
                    "Unité centrale": "pc_fixe",
                    "UC": "pc_fixe",
                    "Tour": "pc_fixe",
                    "Desktop": "pc_fixe",
                    "Poste fixe": "pc_fixe",
                    "Portable": "pc_portable",
                    "Ordinateur portable": "pc_portable",
                    "PC portable": "pc_portable",
                    "Poste portable": "pc_portable",
                    "Laptop": "pc_portable",
                    "Notebook": "pc_portable",
                    "Ultraportable": "pc_portable",
                    "Tablette tactile": "tablette",
                    "iPad": "tablette",
                    "Téléphone portable": "smartphone",
                    "Smartphone": "smartphone",
                    "Téléphone": "smartphone",
                    "Mobile": "smartphone",
                    "Serveur virtuel": "serveur",
                    "Switch": "reseau",
                    "Routeur": "reseau",
                    "Borne wifi": "reseau",
                    "Pare-feu": "reseau",
                    "Firewall": "reseau",
                    "Imprimante": "imprimante",
                    "Copieur": "imprimante",
                    "Scanner": "imprimante",
                },
            ),
            required=True,
        ),
        text(
            "serial",
            "Numéro de série",
            "N° de série",
            "No de série",
            "Num série",
            "N° série",
            "Numéro série",
            "S/N",
            "SN",
            "Serial",
            "Serial number",
            "Numéro de serie",
        ),
        text("manufacturer", "Fabricant", "Marque", "Constructeur"),
        text("model", "Modèle", "Référence modèle", "Modele"),
        relation("site", "Site", "site", *SITE),
        relation("service", "Service", "service", *SERVICE),
        relation("assigned_to", "Affecté à", "person", "Utilisateur", "Agent", "Attribué à", "Affectation"),
        Column("purchase_date", "Date d'achat", ("Date achat", "Acheté le", "Achat", "Date d'acquisition"), parse_date),
        Column(
            "condition",
            "État à l'achat",
            ("Neuf ou reconditionné", "Neuf / reconditionné", "Reconditionné"),
            choice_parser(
                Condition,
                {
                    "N": "neuf",
                    "New": "neuf",
                    "Non": "neuf",
                    "R": "reconditionne",
                    "Recond": "reconditionne",
                    "Reconditionne": "reconditionne",
                    "Refurbished": "reconditionne",
                    "Occasion": "reconditionne",
                    "Oui": "reconditionne",
                },
            ),
        ),
        Column(
            "warranty_end",
            "Fin de garantie",
            ("Date de fin de garantie", "Garantie jusqu'au", "Fin garantie", "Garantie"),
            parse_date,
        ),
        Column(
            "state",
            "Statut",
            ("État", "Etat", "Situation"),
            choice_parser(
                EquipmentState,
                {
                    "Actif": "en_service",
                    "En service": "en_service",
                    "Utilisé": "en_service",
                    "Stock": "en_stock",
                    "En réserve": "en_stock",
                    "Réforme": "hors_service",
                    "Réformé": "hors_service",
                    "HS": "hors_service",
                },
            ),
        ),
        text("os_name", "Système d'exploitation", "OS", "Système", "Système exploitation"),
        text("os_version", "Version / build", "Version OS", "Version du système", "Build", "Version"),
        text("antivirus_product", "Antivirus", "Logiciel antivirus"),
        Column(
            "antivirus_status",
            "État de l'antivirus",
            ("Statut antivirus", "État antivirus"),
            choice_parser(AntivirusStatus, {"À jour": "a_jour", "OK": "a_jour", "Obsolète": "obsolete"}),
        ),
        Column(
            "antivirus_seen", "Dernier état antivirus le", ("Date antivirus", "Dernière remontée antivirus"), parse_date
        ),
        text("notes", "Remarques", *NOTES[1:]),
    ),
    key_fields=("serial", "name"),
    key_label="numéro de série (ou nom à défaut)",
    file_key=equipment_key,
)


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

VENDORS = Kind(
    "vendors",
    "Prestataires",
    "vendors.Vendor",
    (
        text(
            "name",
            "Nom",
            "Prestataire",
            "Fournisseur",
            "Raison sociale",
            "Société",
            "Entreprise",
            "Titulaire",
            required=True,
        ),
        Column(
            "typology",
            "Typologie",
            ("Type", "Catégorie", "Type de prestataire", "Domaine"),
            choice_parser(
                VendorTypology,
                {
                    "Télécom": "telecoms",
                    "Opérateur": "telecoms",
                    "Hébergeur": "hebergement",
                    "Éditeur": "logiciel_metier",
                    "Logiciel": "logiciel_metier",
                    "Infogérance": "support",
                    "Maintenance": "support",
                },
            ),
        ),
        Column(
            "is_critical", "Critique / structurant", ("Critique", "Structurant", "Prestataire critique"), parse_bool
        ),
        text("website", "Site web", "Site internet", "URL", "Web", "Adresse web"),
        Column("is_active", "Actif", ("Active", "En activité", "Toujours actif"), parse_bool),
        text("notes", "Remarques", *NOTES[1:]),
    ),
    key_fields=("name",),
    key_label="nom",
)

CONTRACTS = Kind(
    "contracts",
    "Contrats",
    "vendors.Contract",
    (
        text(
            "reference",
            "Référence",
            "Réf.",
            "Réf",
            "N° de contrat",
            "Numéro de contrat",
            "Référence du contrat",
            "Contrat",
            required=True,
        ),
        text("subject", "Objet", "Intitulé", "Libellé", "Objet du contrat", "Désignation", required=True),
        relation("vendor", "Prestataire", "vendor", "Fournisseur", "Titulaire", "Éditeur", "Société", required=True),
        Column(
            "start_date",
            "Date de début",
            ("Début", "Date d'effet", "Prise d'effet", "Date début", "Date de démarrage"),
            parse_date,
            required=True,
        ),
        Column("duration_months", "Durée (mois)", ("Durée", "Durée en mois", "Nb de mois"), parse_int),
        Column("end_date", "Date de fin", ("Fin", "Échéance", "Date d'échéance", "Date fin", "Expiration"), parse_date),
        Column("notice_months", "Préavis (mois)", ("Préavis", "Préavis en mois", "Délai de préavis"), parse_int),
        Column(
            "tacit_renewal",
            "Reconduction tacite",
            ("Tacite reconduction", "Reconduction", "Renouvellement tacite"),
            parse_bool,
        ),
        Column(
            "annual_amount_ht",
            "Montant annuel HT (€)",
            ("Montant annuel HT", "Montant HT", "Coût annuel HT", "Montant HT annuel", "Coût HT"),
            parse_decimal,
        ),
        Column(
            "annual_amount_ttc",
            "Montant annuel TTC (€)",
            ("Montant annuel TTC", "Montant TTC", "Coût annuel TTC", "Coût TTC"),
            parse_decimal,
        ),
        text("procurement_reference", "Référence du marché", "N° de marché", "Numéro de marché", "Marché"),
        Column("is_structuring", "Structurant", ("Contrat structurant", "Stratégique"), parse_bool),
        text("notes", "Remarques", *NOTES[1:]),
    ),
    key_fields=("reference",),
    key_label="référence",
)

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

ACTIONS = Kind(
    "actions",
    "Plan d'action",
    "steering.ActionItem",
    (
        Column(
            "number", "N°", ("Numéro", "No", "Num", "N° action", "Réf.", "Référence", "#"), parse_int, required=True
        ),
        text("title", "Intitulé", "Action", "Libellé", "Titre", "Intitulé de l'action", required=True),
        text("description", "Description", "Détail", "Contenu"),
        Column(
            "status",
            "Statut",
            ("État", "Etat", "Avancement"),
            choice_parser(
                ActionStatus,
                {
                    "Terminé": "fait",
                    "Terminée": "fait",
                    "Réalisé": "fait",
                    "Réalisée": "fait",
                    "Fait": "fait",
                    "OK": "fait",
                    "En cours": "en_cours",
                    "Démarré": "en_cours",
                    "À faire": "a_planifier",
                    "A faire": "a_planifier",
                    "Prévu": "a_planifier",
                    "Reporté": "reportee",
                    "Abandonné": "abandonnee",
                },
            ),
        ),
        Column(
            "stop_reason",
            "Motif du report ou de l'abandon",
            ("Motif", "Raison"),
            choice_parser(StopReason, {"Ressources": "ressources", "Budget": "ressources"}),
        ),
        relation("owner_person", "Porteur", "person", "Responsable", "Pilote", "Qui", "Porteur (personne)"),
        Column(
            "due_date", "Échéance", ("Date d'échéance", "Pour le", "Date cible", "Délai", "Date prévue"), parse_date
        ),
        Column(
            "priority",
            "Priorité",
            ("Priorite", "Urgence"),
            choice_parser(
                Priority, {"P1": "critique", "P2": "haute", "P3": "normale", "P4": "basse", "Moyenne": "normale"}
            ),
        ),
        Column(
            "effort",
            "Effort",
            ("Charge", "Charge estimée"),
            choice_parser(Effort, {"S": "s", "M": "m", "L": "l", "Faible": "s", "Moyen": "m", "Important": "l"}),
        ),
        Column("recurrence_months", "Récurrence (mois)", ("Récurrence", "Périodicité (mois)"), parse_int),
        text("remarks", "Remarques", *NOTES[1:]),
    ),
    key_fields=("number",),
    key_label="numéro",
)

ROADMAP = Kind(
    "roadmap",
    "Feuille de route",
    "steering.RoadmapItem",
    (
        relation("axis", "Axe", "axis", "Axe stratégique", "Thème", "Axe de la feuille de route", required=True),
        Column("year", "Année", ("Annee", "Exercice", "Millésime"), parse_int, required=True),
        text("title", "Intitulé", "Projet", "Élément", "Libellé", "Titre", required=True),
        Column("start_month", "Mois de début", ("Début", "Date de début"), parse_date),
        Column("end_month", "Mois de fin", ("Fin", "Date de fin"), parse_date),
        Column("is_estimate", "Dates estimées", ("Estimé", "Estimation", "Dates indicatives"), parse_bool),
        Column(
            "status",
            "Statut",
            ("État", "Etat", "Avancement"),
            choice_parser(RoadmapItemStatus, {"Planifié": "prevu", "Terminé": "fait", "Réalisé": "fait"}),
        ),
    ),
    key_fields=("title",),
    key_label="axe, année et intitulé",
    file_key=roadmap_key,
)

PROJECTS = Kind(
    "projects",
    "Projets",
    "steering.Project",
    (
        text("name", "Nom", "Projet", "Nom du projet", "Intitulé", required=True),
        text("description", "Description", "Objectif", "Objectifs"),
        relation("sponsor", "Commanditaire", "person", "Sponsor", "Élu référent", "Donneur d'ordre"),
        relation("lead", "Chef de projet", "person", "Chef de projet (personne)", "Pilote", "Responsable"),
        Column(
            "status",
            "Météo",
            ("Statut", "État", "Etat", "Avancement"),
            choice_parser(
                ProjectStatus,
                {
                    "Vert": "en_cours",
                    "Orange": "en_risque",
                    "Rouge": "en_alerte",
                    "Fini": "termine",
                    "Clos": "termine",
                    "Achevé": "termine",
                    "En pause": "suspendu",
                },
            ),
        ),
        Column("planned_start", "Début prévu", ("Date de début", "Début"), parse_date),
        Column("planned_end", "Fin prévue", ("Date de fin", "Fin", "Échéance"), parse_date),
        Column("actual_start", "Début réel", ("Démarré le",), parse_date),
        Column("actual_end", "Fin réelle", ("Terminé le", "Livré le"), parse_date),
        Column("budget_planned", "Budget prévu (€)", ("Budget prévu", "Budget", "Budget prévisionnel"), parse_decimal),
        Column("budget_committed", "Budget engagé (€)", ("Budget engagé", "Engagé"), parse_decimal),
        Column("budget_spent", "Budget consommé (€)", ("Budget consommé", "Consommé", "Réalisé (€)"), parse_decimal),
        Column("is_structuring", "Structurant", ("Projet structurant", "Stratégique"), parse_bool),
        Column(
            "structuring_kind",
            "Domaine",
            ("Domaine structurant", "Catégorie"),
            choice_parser(StructuringKind, {"Télécom": "telecoms", "Cyber": "cyber", "Métier": "outils_metiers"}),
        ),
        relation("axis", "Axe de la feuille de route", "axis", "Axe"),
    ),
    key_fields=("name",),
    key_label="nom",
)

MILESTONES = Kind(
    "milestones",
    "Jalons de projets",
    "steering.Milestone",
    (
        relation("project", "Projet", "project", "Nom du projet", required=True),
        text("name", "Jalon", "Nom du jalon", "Étape", "Intitulé", required=True),
        Column("due_date", "Date prévue", ("Date", "Échéance", "Prévu le", "Pour le"), parse_date, required=True),
        Column("done_date", "Atteint le", ("Date de réalisation", "Réalisé le", "Fait le"), parse_date),
    ),
    key_fields=("name",),
    key_label="projet et jalon",
    file_key=milestone_key,
)

PROCEDURE_STEPS = Kind(
    "procedure_steps",
    "Étapes de marchés",
    "vendors.ProcedureStep",
    (
        relation("procurement", "Marché", "procurement", "Référence du marché", "N° de marché", required=True),
        Column("position", "Ordre", ("N°", "Étape n°", "Rang", "Position"), parse_int, required=True),
        text("name", "Étape", "Intitulé", "Libellé", "Nom de l'étape", required=True),
        Column("planned_start", "Début prévu", ("Début", "Date de début"), parse_date),
        Column("planned_end", "Fin prévue", ("Fin", "Date de fin", "Échéance"), parse_date),
        Column("actual_date", "Date réelle", ("Réalisé le", "Fait le"), parse_date),
        Column("is_done", "Réalisée", ("Fait", "Terminé", "Réalisé"), parse_bool),
        Column("is_estimate", "Date approximative", ("Estimé", "Date estimée"), parse_bool),
        text("notes", "Remarques", *NOTES[1:]),
    ),
    key_fields=("position",),
    key_label="marché et ordre",
    file_key=procedure_step_key,
)

DECISIONS = Kind(
    "decisions",
    "Décisions déjà prises (historique)",
    "governance.Decision",
    (
        text(
            "question",
            "Question",
            "Intitulé",
            "Décision",
            "Objet",
            "Libellé",
            "Intitulé de la décision",
            "Objet de la décision",
            required=True,
        ),
        Column(
            "decided_on",
            "Décidée le",
            ("Date", "Date de la décision", "Décidé le", "Date de décision", "Séance du"),
            parse_date,
            required=True,
        ),
        relation("committee", "Instance", "committee", "Instance qui décide", "Comité", "Organe"),
        Column(
            "status",
            "Issue",
            ("Résultat", "Décision prise", "Statut", "Sort", "Avis"),
            choice_parser(
                [(value, label) for value, label in DecisionStatus.choices if value in RECORDED_STATUSES],
                {
                    "Adopté": "adoptee",
                    "Validé": "adoptee",
                    "Validée": "adoptee",
                    "Approuvé": "adoptee",
                    "Approuvée": "adoptee",
                    "Accepté": "adoptee",
                    "Acceptée": "adoptee",
                    "Voté": "adoptee",
                    "Votée": "adoptee",
                    "Favorable": "adoptee",
                    "Avis favorable": "adoptee",
                    "Oui": "adoptee",
                    "Rejeté": "rejetee",
                    "Refusé": "rejetee",
                    "Refusée": "rejetee",
                    "Défavorable": "rejetee",
                    "Avis défavorable": "rejetee",
                    "Non": "rejetee",
                    "Ajourné": "ajournee",
                    "Reporté": "ajournee",
                    "Reportée": "ajournee",
                    "Différé": "ajournee",
                    "Différée": "ajournee",
                    "Amendé": "amendee",
                    "Adoptée avec modifications": "amendee",
                },
            ),
        ),
        text("chosen_option", "Option retenue", "Option", "Choix", "Scénario retenu", "Solution retenue"),
        text("rationale", "Motivation", "Motifs", "Justification", "Considérants", "Pourquoi"),
        text("context", "Contexte", "Exposé", "Exposé des motifs", "Description"),
        Column("vote_for", "Voix pour", ("Pour", "Votes pour", "Nb pour"), parse_int),
        Column("vote_against", "Voix contre", ("Contre", "Votes contre", "Nb contre"), parse_int),
        Column("vote_abstain", "Abstentions", ("Abstention", "Abst.", "Nb abstentions"), parse_int),
        Column("consensus", "Consensus", ("Par consensus", "Unanimité sans vote", "À l'unanimité"), parse_bool),
        relation("meeting", "Réunion", "meeting", "Séance", "Réunion du comité"),
    ),
    key_fields=("question",),
    key_label="question et date",
    file_key=decision_key,
    sheet="Décisions (historique)",
    note=(
        "Chaque ligne est enregistrée au registre des décisions, dans l'ordre des dates, marquée "
        "« reprise d'historique » : une fois enregistrée, une décision ne se modifie plus, elle s'amende. "
        "Une ligne déjà au registre (même question, même date) est laissée telle quelle."
    ),
)

SCENARIOS = Kind(
    "scenarios",
    "Grilles d'analyse de scénarios",
    "governance.ScenarioRating",
    (
        text("analysis", "Analyse", "Grille", "Analyse de scénarios", "Étude", "Titre de l'analyse", required=True),
        text("criterion", "Critère", "Critere", "Critères", "Critère d'analyse", required=True),
        Column("weight", "Poids", ("Pondération", "Coefficient", "Coef."), parse_decimal),
        Column(
            "direction",
            "Sens",
            ("Sens du critère", "Préférence"),
            choice_parser(
                Direction,
                {
                    "Plus": "plus",
                    "Maximiser": "plus",
                    "Croissant": "plus",
                    "Moins": "moins",
                    "Minimiser": "moins",
                    "Décroissant": "moins",
                },
            ),
        ),
        text("scenario", "Scénario", "Scenario", "Code du scénario", "Option", "Code", required=True),
        text("scenario_label", "Intitulé du scénario", "Libellé du scénario", "Nom du scénario", "Description"),
        Column(
            "level",
            "Niveau",
            ("Note", "Appréciation", "Évaluation", "Cotation"),
            choice_parser(
                Level,
                {
                    "Faible à moyen": Level.LOW_MEDIUM,
                    "Moyen": Level.MEDIUM,
                    "Élevé": Level.HIGH,
                    "Fort": Level.HIGH,
                    "Forte": Level.HIGH,
                    "Très élevé": Level.VERY_HIGH,
                    "Très fort": Level.VERY_HIGH,
                    "Très forte": Level.VERY_HIGH,
                    "Bas": Level.LOW,
                    "Basse": Level.LOW,
                    "Haut": Level.HIGH,
                    "Haute": Level.HIGH,
                    "Très haut": Level.VERY_HIGH,
                    "Très haute": Level.VERY_HIGH,
                },
            ),
            required=True,
        ),
        text("justification", "Justification", "Commentaire", "Argumentaire", "Motif"),
    ),
    key_fields=("scenario",),
    key_label="analyse, critère et scénario",
    file_key=scenario_key,
    sheet="Grilles de scénarios",
)

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        EQUIPMENT,
        APPLICATIONS,
        VENDORS,
        CONTRACTS,
        PEOPLE,
        SITES,
        SERVICES,
        ACTIONS,
        ROADMAP,
        PROJECTS,
        MILESTONES,
        PROCEDURE_STEPS,
        DECISIONS,
        SCENARIOS,
    )
}


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Type d'import inconnu : {code} (attendu {', '.join(KINDS)}).") from None
