from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "gouvernail.governance"
    label = "governance"
    verbose_name = "Gouvernance"

    def ready(self) -> None:
        from gouvernail.core import navigation, references
        from gouvernail.governance.home import register as register_home

        register_home()
        # « Voir scénarios » in a remark (the study's action plan) opens the scenario analyses.
        references.register(
            references.Reference(
                r"voir (?:les |l'analyse des )?scénarios|analyses? (?:des )?scénarios",
                "governance:scenarioanalysis_list",
                "governance",
            )
        )
        menu = navigation.MenuItem
        navigation.register(
            menu("Gouvernance", "Instances", "governance:committee_list", "governance", order=50),
            menu("Gouvernance", "Réunions", "governance:meeting_list", "governance", order=51),
            menu("Gouvernance", "Décisions", "governance:decision_list", "governance", order=52),
            menu("Gouvernance", "Registre des décisions", "governance:decision_register", "governance", order=53),
            menu("Gouvernance", "Registre — vérification", "governance:register_verification", "journal", order=54),
            menu("Gouvernance", "Analyses de scénarios", "governance:scenarioanalysis_list", "governance", order=55),
            menu("Gouvernance", "Documents cadres", "governance:frameworkdocument_list", "governance", order=56),
            menu("Gouvernance", "Rôles et RACI", "governance:raci_matrix", "roles", order=58),
            menu(
                "Gouvernance",
                "Prises de connaissance",
                "governance:acknowledgementcampaign_list",
                "governance",
                order=57,
            ),
        )
