from django.apps import AppConfig


class ServicedeskConfig(AppConfig):
    name = "gouvernail.servicedesk"
    label = "servicedesk"
    verbose_name = "Demandes SI"

    def ready(self) -> None:
        from gouvernail.core import navigation

        navigation.register(
            navigation.MenuItem("Activité", "Demandes SI", "servicedesk:request_list", "activity", order=10),
            navigation.MenuItem(
                "Activité", "Familles de demandes", "servicedesk:categorymapping_list", "activity", order=11
            ),
            navigation.MenuItem(
                "Activité", "Groupes des prestataires", "servicedesk:assignmentgroup_list", "activity", order=12
            ),
        )
