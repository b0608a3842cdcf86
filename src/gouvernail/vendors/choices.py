from django.db import models


class VendorTypology(models.TextChoices):
    TELECOMS = "telecoms", "Télécoms"
    HOSTING = "hebergement", "Hébergement"
    BUSINESS_SOFTWARE = "logiciel_metier", "Logiciel métier"
    SUPPORT = "support", "Support / infogérance"
    HARDWARE = "materiel", "Matériel"
    OTHER = "autre", "Autre"


class ContactRole(models.TextChoices):
    SUPPORT = "support", "Support technique"
    SALES = "commercial", "Commercial"
    ACCOUNT = "compte", "Responsable de compte"
    PROJECT = "projet", "Chef de projet"
    CONSULTANT = "consultant", "Consultant"
    BILLING = "facturation", "Administration des ventes / facturation"
    SECURITY = "securite", "Sécurité"
    OTHER = "autre", "Autre"


class ProcedureType(models.TextChoices):
    """Procédures du code de la commande publique."""

    MAPA = "mapa", "MAPA (procédure adaptée)"
    OPEN_TENDER = "ao_ouvert", "Appel d'offres ouvert"
    RESTRICTED_TENDER = "ao_restreint", "Appel d'offres restreint"
    NEGOTIATED = "negociee", "Procédure avec négociation"
    COMPETITIVE_DIALOGUE = "dialogue", "Dialogue compétitif"
    WITHOUT_PUBLICITY = "sans_publicite", "Marché sans publicité ni mise en concurrence"
    FRAMEWORK = "accord_cadre", "Accord-cadre / marché subséquent"
    OTHER = "autre", "Autre"


class ProcurementStatus(models.TextChoices):
    PREPARATION = "preparation", "En préparation"
    PUBLISHED = "publie", "Publié"
    ANALYSIS = "analyse", "Analyse des offres"
    AWARDED = "attribue", "Attribué"
    UNSUCCESSFUL = "infructueux", "Infructueux"
    ABANDONED = "abandonne", "Abandonné"


class ServiceLevelIndicator(models.TextChoices):
    AVAILABILITY = "disponibilite", "Disponibilité du service"
    TIME_TO_TAKE = "prise_en_charge", "Délai de prise en charge d'un incident"
    TIME_TO_RESOLVE = "resolution", "Délai de résolution d'un incident"
    MONTHLY_REPORT = "rapport", "Rapport mensuel reçu"
    OTHER = "autre", "Autre engagement"


class ServiceLevelComparison(models.TextChoices):
    AT_LEAST = "min", "Au moins la cible (plus c'est élevé, mieux c'est)"
    AT_MOST = "max", "Au plus la cible (plus c'est bas, mieux c'est)"


# The service levels measured from the service desk's requests assigned to the vendor.
COMPUTED_INDICATORS = frozenset({ServiceLevelIndicator.TIME_TO_TAKE, ServiceLevelIndicator.TIME_TO_RESOLVE})
# The units a computed delay is expressed in: calendar or business (Monday to Friday, French public
# holidays off) hours and days.
DELAY_UNITS = ("heures", "heures ouvrées", "jours", "jours ouvrés")
