from django.apps import AppConfig


class EpnConfig(AppConfig):
    name = "gouvernail.epn"
    label = "epn"
    verbose_name = "Espace public numérique"

    def ready(self) -> None:
        from gouvernail.core import navigation
        from gouvernail.epn import tasks
        from gouvernail.jobs import registry

        registry.register_handler(tasks.EPN_IMPORT, tasks.epn_import_handler)

        navigation.register(
            navigation.MenuItem("Activité", "Séances de l'EPN", "epn:epnsession_list", "activity", 40),
            # The import writes: offered to those who may run it (the « collecte » roles are the activity editors).
            navigation.MenuItem("Activité", "Importer des séances EPN", "epn:import", "collecte", 41),
        )
