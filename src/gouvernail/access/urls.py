from gouvernail.access import views

app_name = "access"

urlpatterns = [
    *views.AccountGrantViews.urls("acces/comptes"),
    *views.AccessReviewCampaignViews.urls("acces/revues"),
    *views.AccessReviewViews.urls("acces/decisions"),
    *views.MovementViews.urls("acces/arrivees-departs"),
    *views.ChecklistItemViews.urls("acces/etapes"),
]
