from django.urls import path

from gouvernail.epn import views

app_name = "epn"

urlpatterns = [
    path("epn/seances/importer/", views.EpnImportView.as_view(), name="import"),
    *views.EpnSessionViews.urls("epn/seances"),
]
