"""The register of processing activities of the demo intercommunality (RGPD art. 30).

The activities are the ones such an authority runs (état civil stays with the communes): each is
tied to the study's application that carries it and to that application's vendor as processor.
Purposes, legal bases and retention periods follow common practice; the dates of review, the
data-protection clause of each contract and the impact assessments are synthetic (labelled as
such). Review dates are relative to the load date, so that the statuses (à jour, à revoir, à
compléter) read the same whatever the day.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation, Service
from gouvernail.dataprotection.models import ImpactAssessment, ProcessingActivity, ProcessorEngagement, Register
from gouvernail.demo.records import persist, synthetic_note

ALL_MEASURES = ["controle_acces", "tracabilite", "protection_logiciels", "sauvegarde"]


@dataclass(frozen=True)
class ActivitySpec:
    reference: str
    name: str
    service: str
    applications: tuple[str, ...]
    purpose: str
    legal_basis: str
    data_subjects: str
    data_categories: tuple[str, ...]
    retention: str
    recipients_internal: str = ""
    recipients_external: str = ""
    sensitive: str = ""  # the sensitive data, if any
    reviewed_days_ago: int | None = 60
    role: str = "responsable"
    controllers_served: str = ""
    measures: tuple[str, ...] = tuple(ALL_MEASURES)
    # (WP248 criteria, CNIL list item, status) of the impact assessment, if examined.
    assessment: tuple | None = None
    clauses: dict = field(default_factory=dict)  # vendor → clause


ACTIVITIES: tuple[ActivitySpec, ...] = (
    ActivitySpec(
        "T-01",
        "Gestion administrative et paie des agents",
        "Ressources humaines",
        ("Berger-Levrault",),
        "Gestion des carrières, calcul et versement de la paie, déclarations sociales (DSN).",
        "obligation_legale",
        "Agents titulaires et contractuels, stagiaires",
        ("etat_civil", "vie_personnelle", "vie_professionnelle", "economique_financier"),
        "Dossier de l'agent : 80 ans après la naissance ; bulletins de paie : 5 ans (versement), "
        "50 ans pour les éléments de carrière",
        "Service RH, direction générale",
        "URSSAF, DGFiP, CNRACL, centre de gestion",
        sensitive="NIR, données de santé liées aux arrêts de travail",
        assessment=(("crit_sensitive_data", "crit_vulnerable"), "", "a_realiser"),
        clauses={"Berger-Levrault": "presente"},
    ),
    ActivitySpec(
        "T-02",
        "Comptabilité, budget et gestion des tiers",
        "Finances et comptabilité",
        ("Berger-Levrault",),
        "Exécution du budget, mandatement, titres de recettes, gestion des fournisseurs et redevables.",
        "obligation_legale",
        "Fournisseurs, redevables, élus et agents bénéficiaires de remboursements",
        ("etat_civil", "economique_financier"),
        "10 ans après la clôture de l'exercice",
        "Service finances",
        "Trésorerie (DGFiP), Chambre régionale des comptes",
        reviewed_days_ago=400,
        clauses={"Berger-Levrault": "presente"},
    ),
    ActivitySpec(
        "T-03",
        "Facturation de la redevance d'enlèvement des ordures ménagères",
        "Environnement et déchets",
        (),
        "Constitution du fichier des foyers redevables, facturation et recouvrement de la redevance.",
        "mission_publique",
        "Usagers du service (foyers, professionnels)",
        ("etat_civil", "economique_financier", "localisation"),
        "",  # to complete: the service has not fixed its retention yet
        "Service environnement, finances",
        "Trésorerie (DGFiP)",
        reviewed_days_ago=None,
    ),
    ActivitySpec(
        "T-04",
        "Inscriptions et facturation de l'enfance-jeunesse (portail familles)",
        "Pôle enfance-jeunesse",
        ("iNoé",),
        "Inscriptions aux accueils de loisirs et périscolaires, réservations, facturation aux familles.",
        "mission_publique",
        "Enfants accueillis, responsables légaux",
        ("etat_civil", "vie_personnelle", "economique_financier", "connexion"),
        "Dossier : durée de l'inscription + 1 an ; factures : 10 ans",
        "Pôle enfance-jeunesse, finances",
        "CAF (prestation de service), Trésorerie",
        sensitive="Informations de santé des enfants (allergies, PAI)",
        assessment=(("crit_sensitive_data", "crit_vulnerable", "crit_large_scale"), "", "en_cours"),
        clauses={"AÏGA": "a_verifier"},
    ),
    ActivitySpec(
        "T-05",
        "Scolarité de l'école de musique communautaire",
        "École de musique communautaire",
        ("iMuse",),
        "Inscriptions, emplois du temps, facturation des familles et suivi pédagogique des élèves.",
        "mission_publique",
        "Élèves (dont mineurs), responsables légaux, professeurs",
        ("etat_civil", "vie_personnelle", "economique_financier"),
        "Durée de la scolarité + 3 ans ; factures : 10 ans",
        "École de musique, finances",
        "Trésorerie",
        clauses={"AÏGA": "a_verifier"},
    ),
    ActivitySpec(
        "T-06",
        "Examens et cursus du conservatoire (enseignement artistique)",
        "École de musique communautaire",
        ("iMuse",),
        "Évaluation des élèves, jurys d'examens de fin de cycle, délivrance des attestations.",
        "mission_publique",
        "Élèves, membres des jurys",
        ("etat_civil", "vie_professionnelle"),
        "Résultats : durée de la scolarité + 5 ans",
        "École de musique",
        reviewed_days_ago=420,
        clauses={"AÏGA": "a_verifier"},
    ),
    ActivitySpec(
        "T-07",
        "Accueil des usagers de l'espace public numérique",
        "Cybercentre",
        ("SurfPass",),
        "Gestion des comptes des usagers, réservation des postes, statistiques de fréquentation.",
        "mission_publique",
        "Usagers de l'EPN",
        ("etat_civil", "connexion", "internet"),
        "Compte : 1 an après la dernière visite ; journaux de connexion : 1 an (obligation des opérateurs)",
        "Animateurs du cybercentre",
        clauses={"COGILAB": "absente"},
    ),
    ActivitySpec(
        "T-08",
        "Instruction des autorisations d'urbanisme (ADS) pour les communes membres",
        "Urbanisme et habitat",
        (),
        "Instruction des permis de construire, déclarations préalables et certificats d'urbanisme déposés "
        "dans les communes ; le maire reste l'autorité qui délivre.",
        "mission_publique",
        "Pétitionnaires, propriétaires, architectes",
        ("etat_civil", "localisation", "economique_financier"),
        "Dossiers : conservation définitive des arrêtés, 10 ans pour les pièces d'instruction",
        "Service urbanisme",
        "Services de l'État consultés, gestionnaires de réseaux",
        role="sous_traitant",
        controllers_served="Les communes membres, par convention de service commun ADS",
    ),
    ActivitySpec(
        "T-09",
        "Espace de travail collaboratif Nextcloud",
        "Direction générale des services",
        ("Nextcloud",),
        "Stockage et partage des documents de travail, édition collaborative, agendas.",
        "mission_publique",
        "Agents et élus utilisateurs, personnes citées dans les documents",
        ("etat_civil", "vie_professionnelle", "connexion"),
        "Compte : désactivé au départ, supprimé 3 mois après ; journaux : 1 an",
        "Tous les services",
        clauses={"NG Analytics": "presente"},
    ),
    ActivitySpec(
        "T-10",
        "Campagnes de sensibilisation à l'hameçonnage",
        "Direction générale des services",
        (),
        "Mesurer l'exposition des services au hameçonnage et cibler la sensibilisation ; résultats "
        "présentés par service, jamais par agent.",
        "interets_legitimes",
        "Agents et élus destinataires des courriels de test",
        ("etat_civil", "connexion"),
        "Résultats individuels : 3 mois ; agrégats par service : durée du plan de sensibilisation",
        "Référent SI",
        assessment=(("crit_scoring", "crit_vulnerable"), "", "en_cours"),
    ),
    ActivitySpec(
        "T-11",
        "Contrôle de légalité et signature électronique des actes",
        "Direction générale des services",
        ("AWS", "i-Parapheur"),
        "Circuit de signature des actes et transmission à la préfecture.",
        "obligation_legale",
        "Élus et agents signataires, personnes citées dans les actes",
        ("etat_civil", "vie_professionnelle"),
        "Actes : conservation définitive (archives) ; traces de signature : 10 ans",
        "Direction générale, secrétariat des assemblées",
        "Préfecture",
        clauses={"Libriciel SCOP": "presente"},
    ),
    ActivitySpec(
        "T-12",
        "Demandes d'assistance informatique et inventaire du parc",
        "Direction générale des services",
        ("GestSup",),
        "Suivi des demandes d'assistance des agents et de l'affectation des équipements.",
        "mission_publique",
        "Agents",
        ("etat_civil", "vie_professionnelle", "connexion"),
        "Demandes : 3 ans après clôture",
        "Référent SI",
        "Prestataire d'infogérance",
        assessment=((), "", "non_requise"),
    ),
)


def build_register(organisation: Organisation, reference_date: date) -> int:
    applications = {a.name: a for a in Application.objects.filter(organisation=organisation)}
    services = {s.name: s for s in Service.objects.filter(organisation=organisation)}
    persist(
        Register(
            organisation=organisation,
            controller_name=organisation.name,
            controller_contact="Hôtel communautaire — adresse fonctionnelle rgpd@ (synthétique)",
            representative="Le président de la communauté de communes",
            dpo_name="DPO mutualisé (organisme à désigner dans la démonstration)",
            dpo_contact="dpo@exemple.invalid",
            notes=synthetic_note("L'étude renvoie au DPO (action 14 « voir avec le DPO ») sans le nommer."),
        )
    )
    for spec in ACTIVITIES:
        activity = persist(
            ProcessingActivity(
                organisation=organisation,
                reference=spec.reference,
                name=spec.name,
                role=spec.role,
                controllers_served=spec.controllers_served,
                responsible_service=services.get(spec.service),
                purpose=spec.purpose,
                legal_basis=spec.legal_basis,
                data_subjects=spec.data_subjects,
                data_categories=list(spec.data_categories),
                sensitive_data=bool(spec.sensitive),
                sensitive_details=spec.sensitive,
                retention=spec.retention,
                recipients_internal=spec.recipients_internal,
                recipients_external=spec.recipients_external,
                security_measures=list(spec.measures),
                reviewed_on=(
                    reference_date - timedelta(days=spec.reviewed_days_ago) if spec.reviewed_days_ago else None
                ),
                notes=synthetic_note("Finalités et durées usuelles ; dates de revue fictives."),
            )
        )
        carried = [applications[name] for name in spec.applications if name in applications]
        activity.applications.set(carried)
        for application in carried:
            vendor = application.vendor
            if vendor is None or ProcessorEngagement.objects.filter(activity=activity, vendor=vendor).exists():
                continue
            persist(
                ProcessorEngagement(
                    organisation=organisation,
                    activity=activity,
                    vendor=vendor,
                    contract=application.contract,
                    clause=spec.clauses.get(vendor.name, "a_verifier"),
                    notes=synthetic_note(),
                )
            )
        if spec.assessment is not None:
            criteria, listed, status = spec.assessment
            persist(
                ImpactAssessment(
                    organisation=organisation,
                    activity=activity,
                    cnil_list_item=listed,
                    status=status,
                    conclusion=synthetic_note(),
                    **dict.fromkeys(criteria, True),
                )
            )
    return len(ACTIVITIES)
