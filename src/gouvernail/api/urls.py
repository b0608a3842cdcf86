from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from gouvernail.api import docs, views
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


urlpatterns = [
    path("api/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/docs/", docs.swagger, name="docs"),
    path("api/redoc/", docs.redoc, name="redoc"),
    path("api/", include(router.urls)),
    path("jetons-api/", views.TokenListView.as_view(), name="tokens"),
    path("jetons-api/<int:pk>/revoquer/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
