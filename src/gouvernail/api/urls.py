from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView, DefaultRouter

from gouvernail.api import views
from gouvernail.api.endpoints import endpoints
from gouvernail.api.indicators import IndicatorEndpoint, MeasurementEndpoint
from gouvernail.api.viewsets import ApiView, endpoint_viewset

app_name = "api"


class RootView(ApiView, APIRootView):
    """/api/: the address of every endpoint, for any member."""

    schema = None

    def get_domain(self) -> str:
        return "referentiel"


class Router(DefaultRouter):
    include_format_suffixes = False
    root_view_name = "index"
    APIRootView = RootView


router = Router()
router.register("indicateurs", IndicatorEndpoint, basename="indicators")
router.register("mesures", MeasurementEndpoint, basename="measurements")
for endpoint in endpoints():
    router.register(endpoint.prefix, endpoint_viewset(endpoint), basename=endpoint.basename)


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"


# Redoc's search index runs in a web worker its bundle creates from a blob: (nothing remote).
redoc = csp_update({"worker-src": ["'self'", "blob:"]})(RedocView.as_view(url_name="api:schema"))

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script to allow.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("api/redoc/", redoc, name="redoc"),
    path("api/", include(router.urls)),
    path("jetons-api/", views.TokenListView.as_view(), name="tokens"),
    path("jetons-api/<int:pk>/revoquer/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
