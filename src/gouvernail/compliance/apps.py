from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "gouvernail.compliance"
    label = "compliance"
    verbose_name = "Conformité"

    def ready(self) -> None:
        from gouvernail.compliance import indicators  # noqa: F401  (registers « incidents de sécurité »)
        from gouvernail.core import navigation

        menu = navigation.MenuItem
        navigation.register(
            menu("Conformité", "Tableau de bord conformité", "compliance:dashboard", "compliance", order=60),
            menu("Conformité", "Évaluations", "compliance:assessment_list", "compliance", order=61),
            menu("Conformité", "Référentiels", "compliance:framework_list", "compliance", order=62),
            menu("Conformité", "Incidents de sécurité", "compliance:securityincident_list", "compliance", order=63),
            menu("Conformité", "Éligibilité NIS2", "compliance:nis2profile_list", "compliance", order=64),
        )
