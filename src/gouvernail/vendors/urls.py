from gouvernail.vendors import views

app_name = "vendors"

urlpatterns = [
    *views.VendorViews.urls("prestataires"),
    *views.VendorContactViews.urls("contacts-prestataires"),
    *views.ServiceLevelViews.urls("contrats/niveaux-de-service"),
    *views.ServiceLevelMeasurementViews.urls("contrats/mesures-de-service"),
    *views.ContractViews.urls("contrats"),
    *views.ProcurementViews.urls("marches"),
    *views.LotViews.urls("marches/lots"),
    *views.ProcedureStepViews.urls("marches/etapes"),
    *views.CriterionViews.urls("marches/criteres"),
    *views.CandidateViews.urls("marches/candidats"),
    *views.ScoreViews.urls("marches/notes"),
]
