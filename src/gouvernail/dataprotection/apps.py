from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "gouvernail.dataprotection"
    label = "dataprotection"
    verbose_name = "Protection des données (RGPD)"

    def ready(self) -> None:
        from gouvernail.core import navigation

        entries = (
            ("Registre des traitements", "processingactivity_list"),
            ("Analyses d'impact (AIPD)", "impactassessment_list"),
            ("Responsable et DPO", "register_list"),
        )
        navigation.register(
            *(
                navigation.MenuItem("Conformité", label, f"dataprotection:{name}", "dataprotection", 10 + index)
                for index, (label, name) in enumerate(entries)
            )
        )
