from gouvernail.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    *views.ProcessingActivityViews.urls("rgpd/traitements"),
    *views.ProcessorEngagementViews.urls("rgpd/sous-traitance"),
    *views.ImpactAssessmentViews.urls("rgpd/aipd"),
    *views.RegisterViews.urls("rgpd/responsable"),
]
