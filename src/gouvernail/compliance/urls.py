from django.urls import path

from gouvernail.compliance.views import assessments, dashboard, frameworks, incidents

app_name = "compliance"

urlpatterns = [
    path("conformite/", dashboard.ComplianceDashboardView.as_view(), name="dashboard"),
    path("conformite/referentiels/importer/", frameworks.FrameworkImportView.as_view(), name="framework_import"),
    *frameworks.FrameworkViews.urls("conformite/referentiels"),
    path(
        "conformite/evaluations/<int:pk>/actualiser/",
        assessments.AssessmentRefreshView.as_view(),
        name="assessment_refresh",
    ),
    path(
        "conformite/evaluations/<int:pk>/applicabilite.<str:fmt>",
        assessments.AssessmentExportView.as_view(),
        name="assessment_export",
    ),
    *assessments.AssessmentViews.urls("conformite/evaluations"),
    path(
        "conformite/mesures/<int:pk>/creer-action/",
        assessments.MeasureCreateActionView.as_view(),
        name="measure_create_action",
    ),
    *assessments.MeasureAssessmentViews.urls("conformite/mesures"),
    path("conformite/incidents/delais/<int:pk>/fait/", incidents.ClockDoneView.as_view(), name="clock_done"),
    *incidents.SecurityIncidentViews.urls("conformite/incidents"),
    *incidents.Nis2ProfileViews.urls("conformite/nis2"),
]
