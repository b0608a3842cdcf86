from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gouvernail.reports"
    label = "reports"
    verbose_name = "Documents, agendas et rappels"

    def ready(self) -> None:
        from gouvernail.core import navigation

        # Every role reads the governance domain: each user manages their own feeds and reminders.
        navigation.register(
            navigation.MenuItem(
                "Organisation", "Mes agendas et rappels", "reports:my_calendars", "governance", order=95
            ),
        )
