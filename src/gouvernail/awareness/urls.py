from gouvernail.awareness import views

app_name = "awareness"

urlpatterns = [
    *views.PhishingCampaignViews.urls("phishing/campagnes"),
    *views.PhishingServiceResultViews.urls("phishing/resultats"),
]
