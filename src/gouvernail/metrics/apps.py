import importlib
import pkgutil
from dataclasses import dataclass

from django.apps import AppConfig

from gouvernail.core.navigation import MenuItem, menu_reverse


@dataclass(frozen=True)
class DashboardMenuItem(MenuItem):
    """A menu entry opening one dashboard (its URL carries the slug)."""

    slug: str = ""

    @property
    def url(self) -> str:
        return menu_reverse(self.url_name, slug=self.slug)


class MetricsConfig(AppConfig):
    name = "gouvernail.metrics"
    label = "metrics"
    verbose_name = "Tableaux de bord"

    def ready(self) -> None:
        from gouvernail.core import navigation
        from gouvernail.jobs import registry as jobs
        from gouvernail.metrics import indicators, registry, tasks

        jobs.register_handler(tasks.HISTORY, tasks.history_handler)
        # Every module of metrics/indicators/ registers its indicators and dashboard at import.
        for module in pkgutil.iter_modules(indicators.__path__):
            importlib.import_module(f"{indicators.__name__}.{module.name}")
        navigation.register(
            navigation.MenuItem(
                "Tableaux de bord", "Tous les tableaux de bord", "metrics:dashboard_index", "dashboards", order=1
            ),
            navigation.MenuItem(
                "Tableaux de bord", "Catalogue des indicateurs", "metrics:catalogue", "referentiel", order=999
            ),
            *(
                DashboardMenuItem("Tableaux de bord", d.title, "metrics:dashboard", "dashboards", 2 + d.order, d.slug)
                for d in registry.dashboards()
            ),
        )
