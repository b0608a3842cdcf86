from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "gouvernail.steering"
    label = "steering"
    verbose_name = "Pilotage"

    def ready(self) -> None:

        from gouvernail.core import home, navigation
        from gouvernail.steering.home import register as register_home
        from gouvernail.steering.models import Project

        register_home()
        menu = navigation.MenuItem
        navigation.register(
            menu("Pilotage", "Plan d'action", "steering:actionitem_list", "governance", order=40),
            menu("Pilotage", "Tableau des actions", "steering:action_board", "governance", order=41),
            menu("Pilotage", "Projets", "steering:project_list", "governance", order=42),
            menu("Pilotage", "Arbitrages attendus", "steering:expecteddecision_list", "governance", order=44),
            menu("Pilotage", "Feuille de route", "steering:roadmap", "governance", order=46),
            menu("Pilotage", "Gantt de l'année", "steering:roadmap_gantt_current", "governance", order=47),
            menu("Pilotage", "Axes de la feuille de route", "steering:roadmapaxis_list", "governance", order=48),
            menu("Pilotage", "Thèmes annuels", "steering:roadmaptheme_list", "governance", order=49),
        )
        home.register(
            home.Card(
                "Projets en cours",
                "steering:project_list",
                "governance",
                lambda m: Project.objects.visible_to(m).running(),
                query="running=true",
                singular="Projet en cours",
                order=41,
            ),
        )
