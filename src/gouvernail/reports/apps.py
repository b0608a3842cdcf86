from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gouvernail.reports"
    label = "reports"
    verbose_name = "Documents, agendas et rappels"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.core import navigation
        from gouvernail.jobs import registry
        from gouvernail.reports import tasks
        from gouvernail.reports.home import register as register_home

        register_home()
        registry.register_handler(tasks.COPIL_PACK, tasks.copil_pack_handler)
        registry.register_periodic(
            "reports.reminders", "Rappels par e-mail", tasks.send_due_reminders, every=timedelta(minutes=15)
        )

        # Every role reads the governance domain: each user manages their own feeds and reminders.
        navigation.register(
            navigation.MenuItem(
                "Organisation", "Mes agendas et rappels", "reports:my_calendars", "governance", order=95
            ),
        )
