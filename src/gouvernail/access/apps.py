from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "gouvernail.access"
    label = "access"
    verbose_name = "Comptes, droits et revues d'accès"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.access import tasks
        from gouvernail.core import navigation
        from gouvernail.jobs import registry

        registry.register_periodic(
            "access.review_reminders",
            "Rappels des revues d'accès",
            tasks.send_review_reminders,
            every=timedelta(hours=6),
        )

        entries = (
            ("Comptes et droits", "accountgrant_list"),
            ("Revues des accès", "accessreviewcampaign_list"),
            ("Arrivées et départs", "movement_list"),
        )
        navigation.register(
            *(
                navigation.MenuItem("Conformité", label, f"access:{name}", "access", 30 + index)
                for index, (label, name) in enumerate(entries)
            )
        )
