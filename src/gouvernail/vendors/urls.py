from gouvernail.vendors import views

app_name = "vendors"

urlpatterns = [
    *views.VendorViews.urls("prestataires"),
    *views.VendorContactViews.urls("contacts-prestataires"),
    *views.ContractViews.urls("contrats"),
]
