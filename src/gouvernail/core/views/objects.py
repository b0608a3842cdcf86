from gouvernail.core import filtersets, forms, tables
from gouvernail.core.models import JournalEntry, Membership, Person, Service, Site
from gouvernail.core.views.generic import ObjectViewSet


class SiteViews(ObjectViewSet):
    model = Site
    table = tables.SiteTable
    filterset = filtersets.SiteFilterSet
    form = forms.SiteForm


class ServiceViews(ObjectViewSet):
    model = Service
    table = tables.ServiceTable
    filterset = filtersets.ServiceFilterSet
    form = forms.ServiceForm
    select_related = ("parent",)


class PersonViews(ObjectViewSet):
    model = Person
    table = tables.PersonTable
    filterset = filtersets.PersonFilterSet
    form = forms.PersonForm
    select_related = ("service", "site")


class MembershipViews(ObjectViewSet):
    model = Membership
    table = tables.MembershipTable
    filterset = filtersets.MembershipFilterSet
    form = forms.MembershipForm
    select_related = ("user", "person")
    detail_fields = ("user", "role", "person", "created")


class JournalViews(ObjectViewSet):
    model = JournalEntry
    table = tables.JournalEntryTable
    filterset = filtersets.JournalEntryFilterSet
    select_related = ("content_type", "user")
