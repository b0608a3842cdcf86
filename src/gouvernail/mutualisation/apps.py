from django.apps import AppConfig


class MutualisationConfig(AppConfig):
    name = "gouvernail.mutualisation"
    label = "mutualisation"
    verbose_name = "Service mutualisé"

    def ready(self) -> None:
        from gouvernail.core import navigation

        navigation.register(
            navigation.MenuItem(
                "Tableaux de bord", "Vue consolidée des membres", "mutualisation:consolidated", "dashboards", order=998
            )
        )
