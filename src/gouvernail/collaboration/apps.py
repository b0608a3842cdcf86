from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "gouvernail.collaboration"
    label = "collaboration"
    verbose_name = "Nextcloud (usages et espaces partagés)"

    def ready(self) -> None:
        from gouvernail.core import navigation

        navigation.register(
            navigation.MenuItem("Activité", "Espaces partagés", "collaboration:sharedspace_list", "activity", 30),
            navigation.MenuItem(
                "Activité", "Relevés Nextcloud", "collaboration:nextcloudsnapshot_list", "activity", 31
            ),
        )
