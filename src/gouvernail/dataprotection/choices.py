from django.db import models


class ActivityRole(models.TextChoices):
    """Art. 30(1) register of the controller, art. 30(2) register of the processor."""

    CONTROLLER = "responsable", "Responsable de traitement"
    PROCESSOR = "sous_traitant", "Sous-traitant"


class LegalBasis(models.TextChoices):
    """Art. 6(1) RGPD."""

    CONSENT = "consentement", "Consentement"
    CONTRACT = "contrat", "Exécution d'un contrat"
    LEGAL_OBLIGATION = "obligation_legale", "Obligation légale"
    VITAL_INTERESTS = "interets_vitaux", "Sauvegarde des intérêts vitaux"
    PUBLIC_TASK = "mission_publique", "Mission d'intérêt public"
    LEGITIMATE_INTERESTS = "interets_legitimes", "Intérêts légitimes"


class DataCategory(models.TextChoices):
    """The categories of the CNIL's basic register model (« fiche de registre »)."""

    IDENTITY = "etat_civil", "État-civil, identité, données d'identification, images"
    PERSONAL_LIFE = "vie_personnelle", "Vie personnelle"
    PROFESSIONAL_LIFE = "vie_professionnelle", "Vie professionnelle"
    FINANCIAL = "economique_financier", "Informations d'ordre économique et financier"
    CONNECTION = "connexion", "Données de connexion"
    LOCATION = "localisation", "Données de localisation"
    INTERNET = "internet", "Internet"
    OTHER = "autres", "Autres"


class SecurityMeasure(models.TextChoices):
    """The security measures of the CNIL's basic register model."""

    ACCESS_CONTROL = "controle_acces", "Contrôle d'accès des utilisateurs"
    TRACEABILITY = "tracabilite", "Mesures de traçabilité"
    SOFTWARE_PROTECTION = "protection_logiciels", "Mesures de protection des logiciels"
    BACKUP = "sauvegarde", "Sauvegarde des données"
    ENCRYPTION = "chiffrement", "Chiffrement des données"
    PROCESSOR_CONTROL = "controle_sous_traitants", "Contrôle des sous-traitants"


class RegisterStatus(models.TextChoices):
    """Derived: incomplete, reviewed within the year, or due for its yearly review."""

    TO_COMPLETE = "a_completer", "À compléter"
    UP_TO_DATE = "a_jour", "À jour"
    TO_REVIEW = "a_revoir", "À revoir"


class DataProtectionClause(models.TextChoices):
    """Art. 28(3): the contract with a processor must carry the data-protection clauses."""

    PRESENT = "presente", "Présente"
    ABSENT = "absente", "Absente"
    UNKNOWN = "a_verifier", "À vérifier"


class AssessmentStatus(models.TextChoices):
    TO_DO = "a_realiser", "À réaliser"
    IN_PROGRESS = "en_cours", "En cours"
    DONE = "realisee", "Réalisée"
    NOT_REQUIRED = "non_requise", "Non requise (examen fait)"


class CnilListItem(models.TextChoices):
    """CNIL délibération n° 2018-327: the 14 types of processing that always require an AIPD."""

    HEALTH_CARE = "sante_soins", "Données de santé traitées par les établissements de santé ou médico-sociaux"
    GENETIC = "genetique", "Données génétiques de personnes vulnérables"
    HR_PROFILING = "profilage_rh", "Profilage de personnes à des fins de gestion des ressources humaines"
    EMPLOYEE_MONITORING = "surveillance_salaries", "Surveillance constante de l'activité des employés"
    SOCIAL_ALERTS = "alertes_sociales", "Gestion des alertes et signalements en matière sociale et sanitaire"
    PROFESSIONAL_ALERTS = "alertes_professionnelles", "Gestion des alertes et signalements en matière professionnelle"
    HEALTH_WAREHOUSE = "entrepot_sante", "Entrepôts ou registres de données de santé"
    EXCLUSION_PROFILING = "profilage_exclusion", "Profilage pouvant exclure du bénéfice d'un contrat"
    POOLED_BREACHES = "manquements_mutualises", "Fichiers mutualisés de manquements contractuels"
    EXTERNAL_PROFILING = "profilage_externe", "Profilage à partir de données provenant de sources externes"
    BIOMETRICS = "biometrie", "Données biométriques, notamment de personnes vulnérables"
    SOCIAL_HOUSING = "logement_social", "Instruction des demandes et gestion des logements sociaux"
    SOCIAL_SUPPORT = "accompagnement_social", "Accompagnement social ou médico-social"
    LOCATION = "localisation_grande_echelle", "Données de localisation à large échelle"


# WP248 rev.01 (EDPB-endorsed): two criteria or more → an AIPD in principle.
WP248_CRITERIA = (
    ("crit_scoring", "Évaluation ou notation (y compris profilage)"),
    ("crit_automated_decision", "Décision automatique avec effet juridique ou effet similaire"),
    ("crit_systematic_monitoring", "Surveillance systématique"),
    ("crit_sensitive_data", "Données sensibles ou à caractère hautement personnel"),
    ("crit_large_scale", "Traitement à grande échelle"),
    ("crit_matching", "Croisement ou combinaison d'ensembles de données"),
    ("crit_vulnerable", "Personnes vulnérables (enfants, agents, patients…)"),
    ("crit_innovative", "Usage innovant ou nouvelle technologie"),
    ("crit_blocks_right", "Traitement qui empêche d'exercer un droit ou de bénéficier d'un service ou d'un contrat"),
)
WP248_THRESHOLD = 2
