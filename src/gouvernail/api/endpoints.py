"""Which list pages the API serves, found where the apps mount them.

Every list page an app mounts (an `ObjectListView` of an `ObjectViewSet`) is an endpoint at
`/api/<the page's path>/`: a list added to an app is in the API without a line here. The
référentiel and the action plan also take writes (WRITABLE); every other list is read-only.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import URLPattern, URLResolver
from django.utils.module_loading import module_has_submodule

from gouvernail.core.views.generic import ObjectListView, ObjectViewSet

# The référentiel (sites, services, people, fleet, applications, vendors, their contacts,
# contracts and service levels) and the action plan.
WRITABLE = frozenset(
    {
        "sites",
        "services",
        "personnes",
        "parc",
        "applications",
        "prestataires",
        "contacts-prestataires",
        "contrats",
        "contrats/niveaux-de-service",
        "contrats/mesures-de-service",
        "plan-action",
    }
)


@dataclass(frozen=True)
class Endpoint:
    prefix: str  # the list page's path, without its slashes: « plan-action », « marches/lots »
    page: type[ObjectViewSet]

    @property
    def writable(self) -> bool:
        return self.prefix in WRITABLE and not self.page.read_only and self.page.form is not None

    @property
    def basename(self) -> str:
        return self.prefix.replace("/", "-")


def _list_routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _list_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            route = prefix + str(pattern.pattern)
            # A list needing an argument in its address (<int:pk>…) is not a whole list.
            if view_class and issubclass(view_class, ObjectListView) and "<" not in route:
                yield route.strip("/"), pattern.callback.view_initkwargs["viewset"]


def endpoints() -> list[Endpoint]:
    """The served lists of every Gouvernail app, in path order (each app mounts its pages at the
    root of the site, see gouvernail/urls.py)."""
    found: dict[str, Endpoint] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("gouvernail.") or config.name == "gouvernail.api":
            continue
        if not module_has_submodule(config.module, "urls"):
            continue
        module = import_module(f"{config.name}.urls")
        for prefix, page in _list_routes(getattr(module, "urlpatterns", [])):
            found.setdefault(prefix, Endpoint(prefix, page))
    return sorted(found.values(), key=lambda endpoint: endpoint.prefix)
