from django.urls import path

from gouvernail.connectors.views import imports

app_name = "connectors"

urlpatterns = [
    path("imports/nouveau/", imports.UploadView.as_view(), name="import_upload"),
    path("imports/nouveau/<str:token>/colonnes/", imports.MappingView.as_view(), name="import_mapping"),
    path("imports/nouveau/<str:token>/apercu/", imports.PreviewView.as_view(), name="import_preview"),
    path("imports/<int:pk>/rejets.xlsx", imports.RejectsDownloadView.as_view(), name="import_rejects"),
    *imports.ImportRecordViews.urls("imports"),
]
