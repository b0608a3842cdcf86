from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "gouvernail.continuity"
    label = "continuity"
    verbose_name = "Continuité d'activité (PRA / PCA)"

    def ready(self) -> None:
        from gouvernail.core import navigation

        entries = (
            ("Plans de continuité (PRA / PCA)", "continuityplan_list"),
            ("Tests de continuité", "continuitytest_list"),
            ("Sauvegardes", "backupjob_list"),
        )
        navigation.register(
            *(
                navigation.MenuItem("Conformité", label, f"continuity:{name}", "continuity", 20 + index)
                for index, (label, name) in enumerate(entries)
            )
        )
