from django.contrib import admin
from django.urls import include, path


def _superusers_only(request) -> bool:
    # The Django admin is a maintenance tool, not part of the product: superusers only.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
admin.site.site_header = "Gouvernail — maintenance"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("", include("gouvernail.inventory.urls")),
    path("", include("gouvernail.applications.urls")),
    path("", include("gouvernail.vendors.urls")),
    path("", include("gouvernail.servicedesk.urls")),
    path("", include("gouvernail.awareness.urls")),
    path("", include("gouvernail.collaboration.urls")),
    path("", include("gouvernail.epn.urls")),
    path("", include("gouvernail.steering.urls")),
    path("", include("gouvernail.governance.urls")),
    path("", include("gouvernail.metrics.urls")),
    path("", include("gouvernail.connectors.urls")),
    path("", include("gouvernail.reports.urls")),
    path("", include("gouvernail.core.urls")),
]
