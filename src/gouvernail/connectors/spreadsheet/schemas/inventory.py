"""The equipment import (the fleet)."""

from gouvernail.connectors.spreadsheet.parsers import normalize, parse_date
from gouvernail.connectors.spreadsheet.schemas.base import (
    NOTES,
    SERVICE,
    SITE,
    Column,
    Kind,
    choice_parser,
    relation,
    text,
)
from gouvernail.inventory.choices import AntivirusStatus, Condition, EquipmentFamily, EquipmentState

__all__ = ("EQUIPMENT", "equipment_key")


def equipment_key(values: dict) -> tuple | None:
    serial = (values.get("serial") or "").strip()
    if serial:
        return ("serial", serial.casefold())
    return ("name", normalize(values.get("name") or "")) if values.get("name") else None


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
