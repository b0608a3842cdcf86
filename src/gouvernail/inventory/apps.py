from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "gouvernail.inventory"
    label = "inventory"
    verbose_name = "Parc"

    def ready(self) -> None:
        from gouvernail.core import home, navigation
        from gouvernail.inventory.models import Equipment

        navigation.register(
            navigation.MenuItem(
                "Référentiel SI", "Parc informatique", "inventory:equipment_list", "referentiel", order=10
            ),
        )
        home.register(
            home.Card(
                "Équipements en service",
                "inventory:equipment_list",
                "referentiel",
                lambda m: Equipment.objects.visible_to(m).filter(state="en_service"),
                query="state=en_service",
                singular="Équipement en service",
                order=10,
            ),
            home.Card(
                "Postes encore sous Windows 10",
                "inventory:equipment_list",
                "referentiel",
                lambda m: Equipment.objects.visible_to(m).filter(state="en_service", os_class="windows_10"),
                query="state=en_service&os_class=windows_10",
                singular="Poste encore sous Windows 10",
                order=11,
            ),
        )
