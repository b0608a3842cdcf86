"""The vendors, contracts and procurement steps imports."""

from gouvernail.connectors.spreadsheet.parsers import parse_bool, parse_date, parse_decimal, parse_int
from gouvernail.connectors.spreadsheet.schemas.base import NOTES, Column, Kind, choice_parser, relation, text
from gouvernail.vendors.choices import VendorTypology

__all__ = ("CONTRACTS", "PROCEDURE_STEPS", "VENDORS", "procedure_step_key")


def procedure_step_key(values: dict) -> tuple | None:
    position = values.get("position")
    return (values.get("procurement"), position) if position is not None else None


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
