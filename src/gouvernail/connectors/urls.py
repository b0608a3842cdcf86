from django.urls import path

from gouvernail.connectors import views

app_name = "connectors"

urlpatterns = [
    *views.SyncRunViews.urls("collecte/executions"),
    path("collecte/executions/<int:pk>/progression/", views.SyncRunProgressView.as_view(), name="syncrun_progress"),
    # The menu links to the GestSup page by name; other sources will get theirs.
    path("collecte/gestsup/", views.ConnectorConfigView.as_view(), {"kind": "gestsup"}, name="gestsup_config"),
    path("collecte/<slug:kind>/", views.ConnectorConfigView.as_view(), name="config"),
    path("collecte/<slug:kind>/synchroniser/", views.SyncNowView.as_view(), name="sync_now"),
]
