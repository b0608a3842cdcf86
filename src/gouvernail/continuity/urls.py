from gouvernail.continuity import views

app_name = "continuity"

urlpatterns = [
    *views.ContinuityPlanViews.urls("continuite/plans"),
    *views.PlanEntryViews.urls("continuite/applications"),
    *views.ContinuityTestViews.urls("continuite/tests"),
    *views.TestResultViews.urls("continuite/resultats"),
    *views.BackupJobViews.urls("continuite/sauvegardes"),
]
