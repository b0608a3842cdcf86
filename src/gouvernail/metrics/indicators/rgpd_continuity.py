"""« RGPD, continuité et accès » — the register of processing activities kept up to date, the
impact assessments still to do, the continuity plan tested within the year, the backups verified
(and those older than their RPO), and the directory accounts of people who have left.

Each number counts the rows of a list page filtered the same way (the drill-down)."""

from decimal import Decimal

from gouvernail.access.filtersets import AccessReviewFilterSet
from gouvernail.continuity.filtersets import BackupJobFilterSet, PlanEntryFilterSet
from gouvernail.core.filtersets import PersonFilterSet
from gouvernail.dataprotection.filtersets import ImpactAssessmentFilterSet, ProcessingActivityFilterSet
from gouvernail.metrics.builders import Source, count_indicator, ratio_indicator
from gouvernail.metrics.registry import Dashboard, Number, Section, Thresholds, register_dashboard, register_indicator

ACTIVITIES = Source(ProcessingActivityFilterSet, "dataprotection:processingactivity_list", "Registre des traitements")
ASSESSMENTS = Source(ImpactAssessmentFilterSet, "dataprotection:impactassessment_list", "Analyses d'impact (AIPD)")
PLAN_ENTRIES = Source(PlanEntryFilterSet, "continuity:planentry_list", "Plans de continuité")
BACKUPS = Source(BackupJobFilterSet, "continuity:backupjob_list", "Sauvegardes supervisées")
REVIEWS = Source(AccessReviewFilterSet, "access:accessreview_list", "Revues des accès")
PEOPLE = Source(PersonFilterSet, "core:person_list", "Personnes et annuaire Entra ID (synchronisé)")


def everything(period, today):
    return {}


register_indicator(
    ratio_indicator(
        code="registre_a_jour",
        label="Registre des traitements à jour",
        definition=(
            "Part des activités de traitement dont la fiche est complète (toutes les rubriques de l'article 30) "
            "et mise à jour depuis moins d'un an."
        ),
        source=ACTIVITIES,
        numerator=lambda period, today: {"status": "a_jour"},
        denominator=everything,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(90), Decimal(60)),
        counts="activités de traitement",
    ),
    count_indicator(
        code="aipd_a_faire",
        label="AIPD à faire",
        definition=(
            "Analyses d'impact requises (type de la liste CNIL, ou au moins deux critères du G29) "
            "qui ne sont pas réalisées."
        ),
        unit="AIPD",
        source=ASSESSMENTS,
        params=lambda period, today: {"to_do": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(2), higher_is_better=False),
        counts="analyses d'impact",
    ),
    ratio_indicator(
        code="pra_teste_12_mois",
        label="PRA testé dans les 12 mois",
        definition=(
            "Part des applications des plans de continuité qui ont un résultat dans un test réalisé "
            "au cours des 12 derniers mois."
        ),
        source=PLAN_ENTRIES,
        numerator=lambda period, today: {"tested": "true"},
        denominator=everything,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(100), Decimal(50)),
        counts="applications du plan",
    ),
    ratio_indicator(
        code="sauvegardes_verifiees",
        label="Sauvegardes vérifiées",
        definition=(
            "Part des sauvegardes supervisées dont la dernière réussite date de moins que le RPO (celui de "
            "l'application, sinon 24 heures) et dont une restauration a réussi dans les 12 derniers mois."
        ),
        source=BACKUPS,
        numerator=lambda period, today: {"verified": "true"},
        denominator=everything,
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(90), Decimal(70)),
        counts="sauvegardes",
    ),
    count_indicator(
        code="sauvegardes_hors_rpo",
        label="Sauvegardes plus anciennes que leur RPO",
        definition="Sauvegardes supervisées sans réussite connue, ou dont la dernière réussite dépasse le RPO.",
        unit="sauvegardes",
        source=BACKUPS,
        params=lambda period, today: {"stale": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(1), higher_is_better=False),
        counts="sauvegardes",
    ),
    ratio_indicator(
        code="revue_acces_achevee",
        label="Revue des accès achevée",
        definition=(
            "Part des comptes soumis aux revues des accès de l'année en cours qui ont été confirmés ou révoqués "
            "par leur réviseur."
        ),
        source=REVIEWS,
        numerator=lambda period, today: {"current_year": "true", "decided": "true"},
        denominator=lambda period, today: {"current_year": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(100), Decimal(50)),
        counts="comptes revus",
    ),
    count_indicator(
        code="comptes_orphelins",
        label="Comptes de personnes parties encore actifs",
        definition=(
            "Personnes marquées inactives (parties) dont le compte de l'annuaire Entra ID, tel que synchronisé, "
            "est encore activé."
        ),
        unit="comptes",
        source=PEOPLE,
        params=lambda period, today: {"is_active": "false", "account_enabled": "true"},
        period_kind="snapshot",
        thresholds=Thresholds(Decimal(0), Decimal(2), higher_is_better=False),
        counts="comptes",
    ),
)

register_dashboard(
    Dashboard(
        slug="rgpd-continuite-acces",
        title="RGPD, continuité et accès",
        description="Registre des traitements, analyses d'impact, tests du PRA, sauvegardes et comptes des partants.",
        source="registre des traitements, plans et tests de continuité, sauvegardes, annuaire Entra ID",
        order=90,
        sections=(
            Section("Protection des données", (Number("registre_a_jour"), Number("aipd_a_faire"))),
            Section(
                "Continuité",
                (Number("pra_teste_12_mois"), Number("sauvegardes_verifiees"), Number("sauvegardes_hors_rpo")),
            ),
            Section("Accès", (Number("revue_acces_achevee"), Number("comptes_orphelins"))),
        ),
    )
)
