from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "gouvernail.connectors"
    label = "connectors"
    verbose_name = "Collecte"

    def ready(self) -> None:
        from datetime import timedelta

        from gouvernail.connectors import (
            checks,  # noqa: F401 — registers the system checks
            tasks,
        )
        from gouvernail.connectors.sources import register_all
        from gouvernail.core import navigation
        from gouvernail.jobs import registry

        registry.register_handler(tasks.SYNC, tasks.sync_handler)
        registry.register_handler(tasks.IMPORT, tasks.import_handler)
        registry.register_handler(tasks.ANTIVIRUS_IMPORT, tasks.antivirus_handler)
        # Each pass queues the syncs whose interval has elapsed (intervals are in minutes).
        registry.register_periodic(
            "connectors.due_syncs", "Synchronisations planifiées", tasks.start_due_syncs, every=timedelta(minutes=1)
        )

        from gouvernail.connectors.home import register as register_home

        register_home()
        register_all()
        navigation.register(
            navigation.MenuItem("Collecte", "Importer un tableur", "connectors:import_upload", "collecte", order=10),
            navigation.MenuItem("Collecte", "Imports réalisés", "connectors:importrecord_list", "collecte", order=11),
            navigation.MenuItem("Collecte", "Connecteurs", "connectors:index", "connectors", order=20),
            navigation.MenuItem(
                "Collecte", "Importer un état antivirus", "connectors:antivirus_import", "collecte", order=12
            ),
            navigation.MenuItem(
                "Collecte", "Journal des synchronisations", "connectors:syncrun_list", "connectors", order=21
            ),
        )
