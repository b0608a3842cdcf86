"""The governance roles and the RACI matrix of the demo.

From the study (« Accompagnement SI », TGS France):
- the Référent SI's missions are the study's own words for its target position (scenario 1,
  « Positionnement cible du Référent SI »), quoted;
- the COPIL SI's role and the decisions that fall to it (« Proposition de gouvernance »), quoted;
- the outsourcing vendor's missions (scenario 1, « Rééquilibrage entre pilotage et exécution »),
  quoted;
- the RSSI: the study asks to « identifier un Responsable de la sécurité informatique » without
  naming one nor listing missions: nobody holds the role and its missions are illustrative;
- the DPO: the study refers to him (action 14) without naming him; his missions are the GDPR's
  (article 39).
The study sums the split up as « Direction qui pilote – Référent SI qui coordonne – prestataire
qui opère et accompagne »; it does not say who does what per domain of the roadmap: the cells
that follow from one of its sentences carry it as their note, every other one is « illustratif ».
"""

from gouvernail.core.models import Organisation
from gouvernail.demo.records import persist
from gouvernail.demo.vendors import OUTSOURCER
from gouvernail.governance.models import Committee, RaciAssignment, Role
from gouvernail.steering.models import RoadmapAxis
from gouvernail.vendors.models import Vendor

STUDY = "Étude « Accompagnement SI » (TGS France)"
MOTTO = "Direction qui pilote – Référent SI qui coordonne – prestataire qui opère et accompagne."

REFERENT_MISSIONS = (
    "la coordination des prestataires et le suivi opérationnel des interventions,",
    "l'interface entre la direction, les services et les prestataires,",
    "le suivi des indicateurs clés (disponibilité, incidents, cybersécurité),",
    "l'appui technique de proximité aux sites et aux agents,",
    "la contribution à la feuille de route SI, en lien avec la direction,",
    "la diffusion des bonnes pratiques numériques et de cybersécurité.",
)
COPIL_MISSIONS = (
    "Instance stratégique et décisionnelle",
    "Valide les orientations, arbitrages structurants et budgets SI",
    "Suit l'avancement des projets majeurs et des risques (cyber, continuité)",
    "Lancement ou arrêt de projets SI structurants",
    "Validation des marchés publics SI",
    "Validation des documents cadres (charte informatique, feuille de route)",
    "Arbitrages budgétaires et priorisation des actions",
)
OUTSOURCER_MISSIONS = (
    "L'administration opérationnelle du système d'information (infrastructures, serveurs, réseau, sauvegardes, "
    "supervision, sécurité)",
    "des engagements de service formalisés (SLA),",
    "un reporting régulier sur les incidents, la disponibilité et les indicateurs de sécurité,",
    "une gouvernance contractuelle partagée avec la collectivité.",
)
RSSI_MISSIONS = (
    "Piloter la politique de sécurité du système d'information et son plan d'action",
    "Suivre les incidents de sécurité et les notifications (NIS2, CNIL)",
    "Conduire l'évaluation de l'hygiène informatique (guide ANSSI)",
)
DPO_MISSIONS = (
    "Informer et conseiller le responsable de traitement et les agents",
    "Contrôler le respect du RGPD, tenir compte du registre des traitements",
    "Conseiller sur les analyses d'impact (AIPD)",
    "Coopérer avec la CNIL et être son point de contact",
)

# (name, short name, missions, source of the missions)
ROLES = (
    (
        "Référent SI",
        "Référent SI",
        REFERENT_MISSIONS,
        f"{STUDY}, scénario 1 : « Le Référent SI serait recentré sur un rôle de coordination et d'appui, "
        "comprenant notamment : » (citation). « " + MOTTO + " »",
    ),
    (
        "Membre du COPIL SI",
        "COPIL SI",
        COPIL_MISSIONS,
        f"{STUDY}, « Proposition de gouvernance du Système d'Information », 2. Comité de pilotage SI : rôle et "
        "décisions relevant du COPIL (citation).",
    ),
    (
        "Prestataire d'infogérance",
        "Prestataire",
        OUTSOURCER_MISSIONS,
        f"{STUDY}, scénario 1 : administration opérationnelle « progressivement confiée à un prestataire, dans le "
        "cadre d'un contrat d'infogérance structuré » (citation).",
    ),
    (
        "Responsable de la sécurité des systèmes d'information (RSSI)",
        "RSSI",
        RSSI_MISSIONS,
        "Illustratif : l'étude demande d'« identifier un Responsable de la sécurité informatique » sans le nommer "
        "ni décrire ses missions.",
    ),
    (
        "Délégué à la protection des données (DPO)",
        "DPO",
        DPO_MISSIONS,
        "RGPD, article 39 (missions du délégué). L'étude renvoie au DPO (action 14) sans le nommer.",
    ),
)

GOVERNANCE = "Gouvernance & pilotage SI"
CYBER = "Cybersécurité"
RGPD = "RGPD & conformité"
# (axis, role short name, letter, note from the study — empty: illustrative)
RACI = (
    (GOVERNANCE, "COPIL SI", "A", "« Valide les orientations, arbitrages structurants et budgets SI » (étude)."),
    (
        GOVERNANCE,
        "Référent SI",
        "R",
        "« la contribution à la feuille de route SI, en lien avec la direction » (étude).",
    ),
    (GOVERNANCE, "Prestataire", "I", ""),
    (GOVERNANCE, "RSSI", "C", ""),
    (GOVERNANCE, "DPO", "C", ""),
    ("Identités & accès (cloud-only)", "COPIL SI", "A", ""),
    ("Identités & accès (cloud-only)", "Référent SI", "R", ""),
    ("Identités & accès (cloud-only)", "Prestataire", "R", ""),
    ("Identités & accès (cloud-only)", "RSSI", "C", ""),
    (CYBER, "COPIL SI", "A", "« Suit l'avancement des projets majeurs et des risques (cyber, continuité) » (étude)."),
    (CYBER, "Prestataire", "R", "Administration opérationnelle confiée au prestataire, « sécurité » comprise (étude)."),
    (CYBER, "Référent SI", "C", ""),
    (CYBER, "RSSI", "R", ""),
    (CYBER, "DPO", "I", ""),
    (RGPD, "COPIL SI", "A", ""),
    (RGPD, "DPO", "C", ""),
    (RGPD, "Référent SI", "R", ""),
    (RGPD, "RSSI", "C", ""),
    ("Postes & environnement de travail", "COPIL SI", "A", ""),
    ("Postes & environnement de travail", "Prestataire", "R", ""),
    ("Postes & environnement de travail", "Référent SI", "C", ""),
    ("Outils collaboratifs & messagerie", "COPIL SI", "A", ""),
    ("Outils collaboratifs & messagerie", "Référent SI", "R", ""),
    ("Outils collaboratifs & messagerie", "Prestataire", "C", ""),
)


def build_roles(organisation: Organisation, referent) -> dict[str, Role]:
    """The five roles, their holders (the Référent SI, the COPIL's members, the outsourcer) and the
    RACI matrix over the roadmap's axes."""
    roles = {}
    for position, (name, short_name, missions, source) in enumerate(ROLES, start=1):
        roles[short_name] = persist(
            Role(
                organisation=organisation,
                name=name,
                short_name=short_name,
                position=position,
                missions="\n".join(missions),
                missions_source=source,
            )
        )
    roles["Référent SI"].holder_people.add(referent)
    copil = Committee.objects.filter(organisation=organisation, name="COPIL SI").first()
    if copil is not None:
        roles["COPIL SI"].holder_people.add(*(member.person for member in copil.members.all()))
    outsourcer = Vendor.objects.filter(organisation=organisation, name=OUTSOURCER).first()
    if outsourcer is not None:
        roles["Prestataire"].holder_vendors.add(outsourcer)
    axes = {axis.name: axis for axis in RoadmapAxis.objects.filter(organisation=organisation)}
    for axis_name, short_name, letter, note in RACI:
        if axis_name in axes:
            persist(
                RaciAssignment(
                    organisation=organisation,
                    axis=axes[axis_name],
                    role=roles[short_name],
                    responsibility=letter,
                    is_illustrative=not note,
                    note=note,
                )
            )
    return roles
