"""Builders for the rows of the `dataprotection` app: a valid row with sensible defaults, overridable."""

from datetime import date

from gouvernail.core.models import Organisation
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register


def make_register(organisation: Organisation, **fields) -> Register:
    defaults = {"controller_name": str(organisation), "dpo_name": "DPO mutualisé", "dpo_contact": "dpo@example.org"}
    return Register.objects.create(organisation=organisation, **{**defaults, **fields})


def make_activity(organisation: Organisation, reference: str = "T-01", **fields) -> ProcessingActivity:
    defaults = {
        "name": "Gestion de la paie",
        "purpose": "Calcul et versement des rémunérations des agents.",
        "legal_basis": "obligation_legale",
        "data_subjects": "Agents",
        "data_categories": ["etat_civil", "vie_professionnelle", "economique_financier"],
        "retention": "5 ans après le départ de l'agent",
        "security_measures": ["controle_acces", "sauvegarde"],
        "reviewed_on": date.today(),
    }
    return ProcessingActivity.objects.create(organisation=organisation, reference=reference, **{**defaults, **fields})


def make_engagement(activity: ProcessingActivity, vendor, **fields) -> ProcessorEngagement:
    return ProcessorEngagement.objects.create(
        organisation_id=activity.organisation_id, activity=activity, vendor=vendor, **fields
    )


def make_assessment(activity: ProcessingActivity, **fields) -> ImpactAssessment:
    return ImpactAssessment.objects.create(organisation_id=activity.organisation_id, activity=activity, **fields)
