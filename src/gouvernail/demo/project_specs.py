"""The six synthetic projects of the demo: dates (in days from the reference date), budgets,
milestones, status reports and decisions expected from the COPIL. Invented, and labelled so."""

from dataclasses import dataclass

from gouvernail.steering.choices import ProjectStatus, StructuringKind

#
# The synthetic projects
#


@dataclass(frozen=True)
class ReportSpec:
    """A status report, `days` before the reference date."""

    days: int
    status: str
    summary: str
    blockers: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class MilestoneSpec:
    """A milestone due `days` after the reference date (negative: before); `done` if reached."""

    name: str
    days: int
    done: bool = False


@dataclass(frozen=True)
class DecisionSpec:
    """A decision the project expects from the COPIL, needed `days` after the reference date."""

    question: str
    options: tuple[str, ...]
    days: int
    settled: bool = False


@dataclass(frozen=True)
class ProjectSpec:
    """A synthetic project derived from the roadmap. `start` and `end` are in months from the
    first day of the reference month; `sponsor` and `lead` are keys of `people_of()`; the
    budget spent and committed are shares of the planned budget, drawn from the demo's random
    generator; `roadmap_items` are titles of roadmap items the project carries."""

    name: str
    description: str
    axis: str
    kind: str
    is_structuring: bool
    sponsor: str
    lead: str
    start: int
    end: int
    budget: str
    started: bool
    actions: tuple[int, ...]
    roadmap_items: tuple[str, ...]
    milestones: tuple[MilestoneSpec, ...]
    reports: tuple[ReportSpec, ...]
    decisions: tuple[DecisionSpec, ...] = ()


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        name="Migration Windows 11",
        description="Migrer ou renouveler les postes encore sous Windows 10 (fin de support), "
        "en commençant par les sites les plus exposés.",
        axis="Postes & environnement de travail",
        kind=StructuringKind.WORKPLACE,
        is_structuring=True,
        sponsor="dgs",
        lead="referent",
        start=-3,
        end=3,
        budget="48000.00",
        started=True,
        actions=(2,),
        roadmap_items=(
            "Migration / renouvellement postes Windows 11",
            "Renouvellement ou migration des postes utilisateurs (Windows 11 Pro)",
        ),
        milestones=(
            MilestoneSpec("Inventaire des postes incompatibles", -75, done=True),
            MilestoneSpec("Commande des postes de renouvellement", -40, done=True),
            MilestoneSpec("Siège et Pôle Ressources migrés", -10),
            MilestoneSpec("Derniers postes Windows 10 retirés", 85),
        ),
        reports=(
            ReportSpec(
                70,
                ProjectStatus.ON_TRACK,
                "Inventaire terminé : environ la moitié des postes doit être migrée ou renouvelée.",
                next_steps="Commander les postes de renouvellement ; planifier les migrations par site.",
            ),
            ReportSpec(
                35,
                ProjectStatus.ON_TRACK,
                "Postes commandés ; premières migrations au siège.",
                next_steps="Migrer le siège et le Pôle Ressources.",
            ),
            ReportSpec(
                7,
                ProjectStatus.AT_RISK,
                "Migrations du siège en retard : le Référent SI est seul pour installer les postes.",
                blockers="Disponibilité du Référent SI (1 ETP SI) ; livraison partielle des postes.",
                next_steps="Faire intervenir le prestataire d'infogérance sur les migrations restantes.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "Renouveler les postes de plus de cinq ans plutôt que les migrer",
                ("Renouveler les postes non compatibles", "Migrer tout ce qui peut l'être, renouveler le reste"),
                -30,
                settled=True,
            ),
        ),
    ),
    ProjectSpec(
        name="Téléphonie IP unifiée",
        description="Une téléphonie IP commune à tous les sites et à tous les agents, en remplacement des "
        "lignes et standards de chaque site.",
        axis="Outils collaboratifs & messagerie",
        kind=StructuringKind.TELECOMS,
        is_structuring=True,
        sponsor="dga",
        lead="ressources",
        start=-1,
        end=4,
        budget="36000.00",
        started=True,
        actions=(),
        roadmap_items=(
            "Mise en œuvre d'une téléphonie IP unifiée (sites & agents)",
            "Formations agents (sécurité, M365, téléphonie)",
        ),
        milestones=(
            MilestoneSpec("Recensement des lignes et des usages par site", -20, done=True),
            MilestoneSpec("Choix de l'offre en COPIL", 21),
            MilestoneSpec("Bascule du siège", 75),
            MilestoneSpec("Bascule des autres sites", 120),
        ),
        reports=(
            ReportSpec(
                30,
                ProjectStatus.ON_TRACK,
                "Lancement : recensement des lignes fixes et mobiles de chaque site.",
                next_steps="Demander les offres aux opérateurs.",
            ),
            ReportSpec(
                5,
                ProjectStatus.AT_RISK,
                "Deux offres reçues, non comparables en l'état ; le contrat mobile historique arrive à échéance.",
                blockers="Choix de l'offre attendu du COPIL avant la fin du mois.",
                next_steps="Présenter l'analyse comparée des offres au prochain COPIL.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "Choix de l'offre de téléphonie IP unifiée",
                (
                    "Offre de l'opérateur titulaire (Orange)",
                    "Offre alternative (SFR)",
                    "Nouvelle consultation par un marché dédié",
                ),
                21,
            ),
        ),
    ),
    ProjectSpec(
        name="Firewall centralisé et réseau intersites",
        description="Un pare-feu central et des liaisons intersites sécurisées, supervisés par le prestataire.",
        axis="Cybersécurité",
        kind=StructuringKind.CYBER,
        is_structuring=True,
        sponsor="dgs",
        lead="referent",
        start=-2,
        end=2,
        budget="27500.00",
        started=True,
        actions=(13,),
        roadmap_items=(
            "Firewall centralisé",
            "Sécurisation réseau intersites",
            "Déploiement et sécurisation du réseau intersites",
            "Déploiement d'un firewall centralisé",
            "EDR sur postes",
        ),
        milestones=(
            MilestoneSpec("Liaisons intersites sécurisées", -15, done=True),
            MilestoneSpec("Pare-feu central en service", 30),
            MilestoneSpec("Supervision confiée au prestataire", 60),
        ),
        reports=(
            ReportSpec(
                50,
                ProjectStatus.ON_TRACK,
                "Architecture validée avec le prestataire ; matériel commandé.",
                next_steps="Sécuriser les liaisons intersites.",
            ),
            ReportSpec(
                12,
                ProjectStatus.ON_TRACK,
                "Liaisons intersites sécurisées ; configuration du pare-feu central en cours.",
                next_steps="Mettre le pare-feu en service ; préparer le budget EDR 2027.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "Budget EDR sur les postes pour 2027",
                (
                    "Inscrire l'EDR au budget primitif 2027",
                    "L'inclure au marché d'infogérance",
                    "Reporter à 2028",
                ),
                60,
            ),
        ),
    ),
    ProjectSpec(
        name="Déploiement M365",
        description="Teams, SharePoint et la messagerie Exchange Online pour tous les agents, avec les règles "
        "de gouvernance des espaces et des droits.",
        axis="Outils collaboratifs & messagerie",
        kind=StructuringKind.BUSINESS_TOOLS,
        is_structuring=True,
        sponsor="dga",
        lead="referent",
        start=1,
        end=8,
        budget="32000.00",
        started=False,
        actions=(9, 17),
        roadmap_items=(
            "Gouvernance M365 (droits, espaces, usages)",
            "Déploiement Teams / SharePoint / Messagerie",
            "Déploiement d'outils collaboratifs M365 (Teams / SharePoint / messagerie 365)",
            "Gouvernance M365 & cloud documentaire",
            "Ajustements usages M365",
            "Préparation migration des messageries et données Drive vers OneDrive",
        ),
        milestones=(
            MilestoneSpec("Cadrage validé en COPIL", 20),
            MilestoneSpec("Pilote avec la Direction générale", 90),
            MilestoneSpec("Messageries migrées", 180),
        ),
        reports=(
            ReportSpec(
                20,
                ProjectStatus.ON_TRACK,
                "Cadrage : licences, gouvernance des espaces, migration depuis OVH MX Plan et le Drive.",
                next_steps="Arrêter le calendrier de migration avec le COPIL.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "Calendrier de la migration M365 (messagerie, Drive vers OneDrive)",
                ("Bascule de tous les services en une fois", "Bascule service par service sur trois mois"),
                45,
            ),
        ),
    ),
    ProjectSpec(
        name="Outillage GestSup",
        description="GestSup pour les demandes et incidents des agents, l'inventaire du parc et les tutoriels.",
        axis="Support & exploitation SI",
        kind="",
        is_structuring=False,
        sponsor="dgs",
        lead="referent",
        start=-2,
        end=3,
        budget="6000.00",
        started=True,
        actions=(1,),
        roadmap_items=(
            "Outillage GestSup",
            "Structuration des processus SI (incidents, demandes)",
            "Mise à jour des processus SI (incidents, demandes…) – GestSup",
        ),
        milestones=(
            MilestoneSpec("Catégories de demandes paramétrées", -25, done=True),
            MilestoneSpec("Ouverture aux agents du siège", 15),
            MilestoneSpec("Ouverture à tous les sites", 70),
        ),
        reports=(
            ReportSpec(
                45,
                ProjectStatus.ON_TRACK,
                "Paramétrage en cours (base de données sur l'hébergement OVH).",
                next_steps="Définir les catégories de demandes avec les services.",
            ),
            ReportSpec(
                10,
                ProjectStatus.ON_TRACK,
                "Catégories validées ; import de l'inventaire du parc préparé.",
                next_steps="Ouvrir GestSup aux agents du siège.",
            ),
        ),
    ),
    ProjectSpec(
        name="Sensibilisation phishing",
        description="Campagnes de phishing simulé, lettre interne et quiz pour tous les agents et les élus.",
        axis="Cybersécurité",
        kind=StructuringKind.CYBER,
        is_structuring=False,
        sponsor="elu",
        lead="communication",
        start=-1,
        end=9,
        budget="4500.00",
        started=True,
        actions=(7,),
        roadmap_items=(
            "Sensibilisation utilisateurs continue",
            "Plan de sensibilisation continu (phishing, communication, sensibilisation)",
            "Sensibilisation continue",
        ),
        milestones=(
            MilestoneSpec("Première rubrique dans la lettre interne", -5, done=True),
            MilestoneSpec("Première campagne de phishing simulé", 10),
            MilestoneSpec("Quiz de fin d'année", 240),
        ),
        reports=(
            ReportSpec(
                25,
                ProjectStatus.ON_TRACK,
                "Rubrique cybersécurité ouverte dans la lettre interne.",
                next_steps="Préparer la première campagne de phishing simulé.",
            ),
            ReportSpec(
                3,
                ProjectStatus.ALERT,
                "Campagne de phishing bloquée : le domaine d'envoi ne peut pas être configuré chez OVH.",
                blockers="Problème de domaine OVH (enregistrements DNS de l'expéditeur).",
                next_steps="Ouvrir un ticket chez OVH ou utiliser un domaine dédié aux campagnes.",
            ),
        ),
    ),
)
