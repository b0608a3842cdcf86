from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "gouvernail.compliance"
    label = "compliance"
    verbose_name = "Conformité"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.compliance import (
            indicators,  # noqa: F401  (registers « incidents de sécurité »)
            tasks,
        )
        from gouvernail.core import navigation
        from gouvernail.jobs import registry

        # The NIS2 and CNIL clocks count in hours: their reminders are checked every 15 minutes.
        registry.register_periodic(
            "compliance.clock_reminders",
            "Rappels des délais de déclaration des incidents",
            tasks.send_clock_reminders,
            every=timedelta(minutes=15),
        )

        menu = navigation.MenuItem
        navigation.register(
            menu("Conformité", "Tableau de bord conformité", "compliance:dashboard", "compliance", order=60),
            menu("Conformité", "Évaluations", "compliance:assessment_list", "compliance", order=61),
            menu("Conformité", "Référentiels", "compliance:framework_list", "compliance", order=62),
            menu("Conformité", "Incidents de sécurité", "compliance:securityincident_list", "compliance", order=63),
            menu("Conformité", "Éligibilité NIS2", "compliance:nis2profile_list", "compliance", order=64),
        )
