from django.urls import path

from gouvernail.jobs import views

app_name = "jobs"

urlpatterns = [
    path("traitements/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("traitements/<int:pk>/progression/", views.JobProgressView.as_view(), name="job_progress"),
    path("traitements/<int:pk>/annuler/", views.JobCancelView.as_view(), name="job_cancel"),
    path("traitements/<int:pk>/fichier/", views.JobFileView.as_view(), name="job_file"),
]
