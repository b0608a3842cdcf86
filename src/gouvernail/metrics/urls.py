from django.urls import path

from gouvernail.metrics import views

app_name = "metrics"

urlpatterns = [
    path("tableaux-de-bord/", views.DashboardIndexView.as_view(), name="dashboard_index"),
    path("tableaux-de-bord/indicateurs/", views.CatalogueView.as_view(), name="catalogue"),
    path("tableaux-de-bord/<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
]
