from django.urls import include, path

# No Django admin: every task has a page of the application, behind its login, MFA and
# organisation scoping; the admin's own login would bypass all three.
urlpatterns = [
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
    path("", include("gouvernail.dataprotection.urls")),
    path("", include("gouvernail.continuity.urls")),
    path("", include("gouvernail.access.urls")),
    path("", include("gouvernail.finance.urls")),
    path("", include("gouvernail.metrics.urls")),
    path("", include("gouvernail.connectors.urls")),
    path("", include("gouvernail.reports.urls")),
    path("", include("gouvernail.compliance.urls")),
    path("", include("gouvernail.mutualisation.urls")),
    path("", include("gouvernail.sso.urls")),
    path("", include("gouvernail.core.urls")),
    path("", include("gouvernail.jobs.urls")),
    path("", include("gouvernail.api.urls")),
]
