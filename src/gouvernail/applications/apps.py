from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gouvernail.applications"
    label = "applications"
    verbose_name = "Cartographie applicative"

    def ready(self) -> None:
        from gouvernail.applications.models import Application
        from gouvernail.core import home, navigation

        navigation.register(
            navigation.MenuItem(
                "Référentiel SI", "Cartographie applicative", "applications:application_list", "referentiel", order=20
            ),
        )
        home.register(
            home.Card(
                "Applications",
                "applications:application_list",
                "referentiel",
                lambda m: Application.objects.visible_to(m),
                singular="Application",
                order=20,
            ),
        )
