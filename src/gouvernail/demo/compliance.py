"""The demo's self-assessment against the ANSSI hygiene guide, its NIS2 profile and its security
incident register.

From the study: the action plan (its statuses feed the measures linked to its actions: 1
inventory, 2 obsolete systems, 3 password policy, 6 password manager, 7 awareness, 8 Wi-Fi, 9
centralised accounts, 10 centralised antivirus, 11 local admin rights, 12 strong
authentication, 13 web filtering, 15 PRA, 16 MDM, 17 mail), the audit by TGS France (measure
38), the cloud-first roadmap, and the « communauté de communes » (NIS2: entité importante under
the Sénat's text). The data-bound measures take what the demo's fleet, directory, phishing
campaigns and framework documents say, computed on the load date.
Synthetic (Donnée de démonstration, synthétique): the statuses of the measures no data or
action covers, the campaign a year earlier, the comments, and both incidents.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gouvernail.compliance.choices import EntityType, MeasureStatus, Severity
from gouvernail.compliance.models import Nis2Profile, SecurityIncident
from gouvernail.compliance.services import (
    assessment_create,
    clock_mark_done,
    evidence_refresh,
    framework_load_builtin,
    incident_save,
    measure_decide,
)
from gouvernail.core.models import Organisation
from gouvernail.demo.people import Staff
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.steering.models import ActionItem

# Measure of the guide → numbers of the study's actions that carry it out.
ACTIONS_BY_MEASURE = {
    "2": (7,),
    "4": (1,),
    "8": (9,),
    "10": (3,),
    "11": (6,),
    "13": (12,),
    "14": (10,),
    "16": (10,),
    "20": (8,),
    "22": (13,),
    "24": (17,),
    "29": (11,),
    "33": (16,),
    "34": (2,),
    "35": (2,),
    "37": (15,),
}
# Declared statuses of the measures no data nor action covers (synthetic, in the study's spirit:
# one IT person, an SI being rebuilt cloud-first, the audit just done).
DECLARED = {
    "1": (MeasureStatus.NOT_APPLIED, "Un seul référent SI, sans plan de formation sécurité à ce jour."),
    "3": (MeasureStatus.PARTIAL, "Exigences de sécurité prévues dans le CCTP du marché d'infogérance en cours."),
    "5": (MeasureStatus.NOT_APPLIED, "« Inventaire complet des comptes et droits » prévu en 2026 (feuille de route)."),
    "7": (MeasureStatus.NOT_APPLIED, "Pas de contrôle des équipements qui se branchent au réseau."),
    "9": (MeasureStatus.NOT_APPLIED, "Règles d'accès en cours de structuration (feuille de route 2026)."),
    "12": (MeasureStatus.PARTIAL, "Fait pour les nouveaux équipements ; l'existant reste à vérifier."),
    "15": (MeasureStatus.NOT_APPLIED, "Aucune règle sur les clés USB."),
    "17": (MeasureStatus.PARTIAL, "Pare-feu Windows actif par défaut, sans règles gérées."),
    "18": (MeasureStatus.PARTIAL, "Échanges chiffrés avec les éditeurs SaaS ; envois de fichiers par e-mail en clair."),
    "19": (MeasureStatus.NOT_APPLIED, "Réseau à plat ; firewall centralisé et réseau intersites prévus en 2026."),
    "21": (MeasureStatus.PARTIAL, "HTTPS partout en SaaS ; quelques accès d'administration en clair."),
    "23": (
        MeasureStatus.NOT_APPLICABLE,
        "Aucun service hébergé sur place n'est exposé sur Internet : les applications sont en SaaS.",
    ),
    "26": (MeasureStatus.PARTIAL, "Baie fermée à clé au siège ; pas de traçabilité des accès."),
    "27": (MeasureStatus.NOT_APPLIED, "L'administration se fait depuis le poste de travail du référent SI."),
    "28": (MeasureStatus.NOT_APPLIED, "Pas de réseau d'administration séparé."),
    "30": (MeasureStatus.PARTIAL, "Verrouillage des portables ; pas de consigne écrite."),
    "31": (MeasureStatus.NOT_APPLIED, "Disques des portables non chiffrés."),
    "32": (MeasureStatus.PARTIAL, "Applications en SaaS accessibles sans VPN, protégées par leur authentification."),
    "36": (MeasureStatus.NOT_APPLIED, "« Mise en place de la supervision centralisée » prévue à l'été 2026."),
    "38": (MeasureStatus.PARTIAL, "Audit SI par TGS France (2025) ; ses recommandations forment le plan d'action."),
    "39": (MeasureStatus.NOT_APPLIED, "Levier de l'étude : « identifier un responsable de la sécurité informatique »."),
    "41": (MeasureStatus.NOT_APPLIED, "Pas d'analyse de risques formelle."),
}
# One step below, a year earlier (before the audit's plan started).
EARLIER = {
    MeasureStatus.APPLIED: MeasureStatus.PARTIAL,
    MeasureStatus.PARTIAL: MeasureStatus.NOT_APPLIED,
}


def build_compliance(organisation: Organisation, staff: Staff, reference_date: date) -> dict:
    framework = framework_load_builtin(organisation=organisation, acting_user=None).framework
    version = framework.latest_version()
    referent = staff.lead("Direction générale des services", 2)
    actions = {a.number: a for a in ActionItem.objects.filter(organisation=organisation)}
    earlier = assessment_create(
        organisation=organisation,
        version=version,
        campaign_date=reference_date - timedelta(days=365),
        title="Hygiène informatique — auto-évaluation de l'an dernier (synthétique)",
        acting_user=None,
    )
    for item in earlier.items.select_related("measure"):
        item.owner = referent
        item.save(update_fields=["owner"])
        for number in ACTIONS_BY_MEASURE.get(item.measure.ref_id, ()):
            if number in actions:
                item.actions.add(actions[number])
    current = assessment_create(
        organisation=organisation,
        version=version,
        campaign_date=reference_date - timedelta(days=7),
        title="Hygiène informatique — auto-évaluation en cours",
        acting_user=None,
    )
    evidence_refresh(assessment=current, today=reference_date, acting_user=None)
    decided = {}
    for item in current.items.select_related("measure").order_by("measure__position"):
        ref = item.measure.ref_id
        if item.proposed_status:
            status, comment = item.proposed_status, "Statut proposé par les données, confirmé."
        elif ref in DECLARED:
            status, comment = DECLARED[ref]
        else:
            decided[ref] = MeasureStatus.NOT_ASSESSED
            continue
        reason = comment if status == MeasureStatus.NOT_APPLICABLE else ""
        measure_decide(
            item=item,
            status=status,
            acting_user=None,
            comments=synthetic_note(comment),
            not_applicable_reason=reason,
            target_date=reference_date + timedelta(days=180) if status != MeasureStatus.APPLIED else None,
        )
        decided[ref] = status
    for item in earlier.items.select_related("measure"):
        status = decided.get(item.measure.ref_id, MeasureStatus.NOT_ASSESSED)
        if item.measure.ref_id in ACTIONS_BY_MEASURE:
            status = EARLIER.get(status, status)
        reason = DECLARED.get(item.measure.ref_id, ("", ""))[1] if status == MeasureStatus.NOT_APPLICABLE else ""
        measure_decide(item=item, status=status, acting_user=None, not_applicable_reason=reason)
    build_nis2_profile(organisation)
    incidents = build_incidents(organisation, staff, actions, reference_date)
    return {"framework": framework, "assessment": current, "previous": earlier, "incidents": incidents}


def build_nis2_profile(organisation: Organisation) -> Nis2Profile:
    return persist(
        Nis2Profile(
            organisation=organisation,
            entity_type=EntityType.CC,
            sector="Administration publique (collectivité territoriale)",
            legal_name=organisation.name,
            contact_emails=synthetic_note("rssi@demo.invalid"),
            member_states="France",
        )
    )


def _paris(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build_incidents(organisation: Organisation, staff: Staff, actions: dict, reference_date: date) -> list:
    """Two synthetic incidents: a phished mailbox (closed, linked to the strong-authentication
    action) and a lost laptop holding personal data (its CNIL notification made in time)."""
    phished_on = reference_date - timedelta(days=75)
    phishing = SecurityIncident(
        organisation=organisation,
        title="Boîte aux lettres compromise après un hameçonnage",
        detected_at=_paris(phished_on, 9, 40),
        description=synthetic_note(
            "Un agent a saisi son mot de passe sur une fausse page ; la boîte a envoyé des messages piégés "
            "pendant une heure."
        ),
        severity=Severity.MEDIUM,
        measures_taken="Mot de passe changé, sessions fermées, règles de transfert supprimées, agents prévenus.",
        status="clos",
        closed_at=_paris(phished_on + timedelta(days=2), 17, 0),
    )
    incident_save(incident=phishing, acting_user=None)
    phishing.actions.set([actions[n] for n in (12, 7) if n in actions])
    lost_on = reference_date - timedelta(days=20)
    laptop = SecurityIncident(
        organisation=organisation,
        title="Ordinateur portable perdu lors d'un déplacement",
        detected_at=_paris(lost_on, 18, 15),
        aware_at=_paris(lost_on + timedelta(days=1), 8, 30),
        description=synthetic_note("Portable non chiffré contenant des tableaux de suivi des usagers."),
        severity=Severity.HIGH,
        personal_data=True,
        measures_taken="Compte de l'agent désactivé, mots de passe changés, déclaration de perte.",
    )
    incident_save(incident=laptop, acting_user=None)
    laptop.sites.set(list(staff.sites.values())[:1])
    cnil = laptop.clocks.get()
    clock_mark_done(
        clock=cnil,
        done_at=_paris(lost_on + timedelta(days=2), 15, 0),
        reference="Notification en ligne",
        acting_user=None,
    )
    return [phishing, laptop]
