from gouvernail.servicedesk import views

app_name = "servicedesk"

urlpatterns = [
    *views.RequestViews.urls("demandes"),
    *views.CategoryMappingViews.urls("demandes/familles"),
    *views.AssignmentGroupViews.urls("demandes/groupes-prestataires"),
]
