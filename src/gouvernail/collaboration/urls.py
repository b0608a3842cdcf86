from gouvernail.collaboration import views

app_name = "collaboration"

urlpatterns = [
    *views.NextcloudSnapshotViews.urls("nextcloud/releves"),
    *views.NextcloudServiceUsageViews.urls("nextcloud/usages"),
    *views.SharedSpaceViews.urls("nextcloud/espaces"),
]
