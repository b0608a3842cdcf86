from gouvernail.applications import views

app_name = "applications"

urlpatterns = [*views.ApplicationViews.urls("applications")]
