from django.urls import path

from gouvernail.finance import views

app_name = "finance"

urlpatterns = [
    path("finances/trajectoire/", views.TrajectoryView.as_view(), name="trajectory"),
    path("finances/cout-par-application/", views.ApplicationCostView.as_view(), name="application_costs"),
    path("finances/execution/importer/", views.ExecutionImportView.as_view(), name="execution_import"),
    path(
        "finances/execution/importer/<str:token>/",
        views.ExecutionImportPreviewView.as_view(),
        name="execution_import_preview",
    ),
    *views.BudgetLineViews.urls("finances/lignes"),
    *views.AccountViews.urls("finances/comptes"),
    *views.ProgrammeViews.urls("finances/autorisations-de-programme"),
    *views.PaymentCreditViews.urls("finances/credits-de-paiement"),
    *views.ExecutionEntryViews.urls("finances/execution"),
    *views.TrajectoryEntryViews.urls("finances/trajectoire/montants"),
    *views.FinanceSettingsViews.urls("finances/parametres"),
]
