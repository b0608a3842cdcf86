from django.urls import path

from gouvernail.connectors.views import antivirus, imports, runs

app_name = "connectors"

urlpatterns = [
    path("imports/nouveau/", imports.UploadView.as_view(), name="import_upload"),
    path("imports/modeles/<slug:kind>.<slug:format>", imports.TemplateDownloadView.as_view(), name="import_template"),
    path("imports/nouveau/<str:token>/colonnes/", imports.MappingView.as_view(), name="import_mapping"),
    path("imports/nouveau/<str:token>/apercu/", imports.PreviewView.as_view(), name="import_preview"),
    path("imports/nouveau/<str:token>/valeurs/", imports.ValuesView.as_view(), name="import_values"),
    path("imports/nouveau/<str:token>/annuler/", imports.CancelView.as_view(), name="import_cancel"),
    path("imports/<int:pk>/rejets.xlsx", imports.RejectsDownloadView.as_view(), name="import_rejects"),
    *imports.ImportRecordViews.urls("imports"),
    *runs.SyncRunViews.urls("collecte/executions"),
    path("collecte/executions/<int:pk>/progression/", runs.SyncRunProgressView.as_view(), name="syncrun_progress"),
    path("collecte/", runs.ConnectorIndexView.as_view(), name="index"),
    path("collecte/antivirus/import/", antivirus.AntivirusImportView.as_view(), name="antivirus_import"),
    path("collecte/gestsup/", runs.ConnectorConfigView.as_view(), {"kind": "gestsup"}, name="gestsup_config"),
    path("collecte/<slug:kind>/", runs.ConnectorConfigView.as_view(), name="config"),
    path("collecte/<slug:kind>/synchroniser/", runs.SyncNowView.as_view(), name="sync_now"),
]
