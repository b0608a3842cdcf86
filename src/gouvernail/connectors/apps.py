from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    name = "gouvernail.connectors"
    label = "connectors"
    verbose_name = "Collecte"

    def ready(self) -> None:
        from gouvernail.connectors.sources import register_all
        from gouvernail.core import navigation

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
