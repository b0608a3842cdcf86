from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    name = "gouvernail.awareness"
    label = "awareness"
    verbose_name = "Sensibilisation (phishing)"

    def ready(self) -> None:
        from gouvernail.core import navigation

        navigation.register(
            navigation.MenuItem("Activité", "Campagnes de phishing", "awareness:phishingcampaign_list", "activity", 20),
        )
