from django.urls import path

from gouvernail.mutualisation import views

app_name = "mutualisation"

urlpatterns = [
    path("mutualisation/", views.ConsolidatedView.as_view(), name="consolidated"),
]
