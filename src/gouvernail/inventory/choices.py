from django.db import models


class EquipmentFamily(models.TextChoices):
    DESKTOP = "pc_fixe", "PC fixe"
    LAPTOP = "pc_portable", "PC portable"
    TABLET = "tablette", "Tablette"
    SMARTPHONE = "smartphone", "Smartphone"
    SERVER = "serveur", "Serveur"
    NETWORK = "reseau", "Équipement réseau"
    PRINTER = "imprimante", "Imprimante / périphérique critique"
    OTHER = "autre", "Autre"


class Condition(models.TextChoices):
    NEW = "neuf", "Neuf"
    REFURBISHED = "reconditionne", "Reconditionné"


class EquipmentState(models.TextChoices):
    IN_SERVICE = "en_service", "En service"
    IN_STOCK = "en_stock", "En stock"
    RETIRED = "hors_service", "Hors service"


class OsClass(models.TextChoices):
    WINDOWS_11 = "windows_11", "Windows 11"
    WINDOWS_10 = "windows_10", "Windows 10"
    OTHER = "autre", "Autre"
    UNKNOWN = "inconnu", "Non renseigné"


class AntivirusStatus(models.TextChoices):
    UP_TO_DATE = "a_jour", "Activé et à jour"
    OUTDATED = "obsolete", "Activé, signatures anciennes"
    DISABLED = "desactive", "Désactivé"
    UNKNOWN = "inconnu", "Inconnu"


class EquipmentSource(models.TextChoices):
    """Where a device's `external_id` comes from (empty: entered or imported by hand)."""

    GESTSUP = "gestsup", "GestSup"
    GLPI = "glpi", "GLPI"
    GRAPH = "graph", "Intune (Microsoft Graph)"
    DEFENDER = "defender", "Defender for Endpoint"
    ANTIVIRUS_CSV = "antivirus_csv", "Export CSV d'une console antivirus"
    IMPORT = "import", "Import de fichier"
