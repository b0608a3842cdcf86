from django.urls import path

from gouvernail.core.views import objects, pages, search
from gouvernail.core.views.generic import ObjectListView

app_name = "core"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("organisation/", pages.OrganisationSettingsView.as_view(), name="organisation_settings"),
    path("organisation/changer/", pages.switch_organisation, name="switch_organisation"),
    path("recherche/", search.QuickSearchView.as_view(), name="search"),
    path("journal/", ObjectListView.as_view(viewset=objects.JournalViews), name="journalentry_list"),
    *objects.SiteViews.urls("sites"),
    *objects.ServiceViews.urls("services"),
    *objects.PersonViews.urls("personnes"),
    *objects.MembershipViews.urls("habilitations"),
]
