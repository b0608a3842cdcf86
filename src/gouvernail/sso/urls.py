from django.urls import path

from gouvernail.sso import views

app_name = "sso"

urlpatterns = [
    path("organisation/entra-id/", views.EntraSignInView.as_view(), name="entra"),
]
