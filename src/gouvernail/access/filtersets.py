import django_filters
from django.utils import timezone

from gouvernail.access.models import AccessReview, AccessReviewCampaign, AccountGrant, ChecklistItem, Movement
from gouvernail.core.filtersets import OrganisationFilterSet

__all__ = (
    "AccessReviewCampaignFilterSet",
    "AccessReviewFilterSet",
    "AccountGrantFilterSet",
    "ChecklistItemFilterSet",
    "MovementFilterSet",
)


class AccountGrantFilterSet(OrganisationFilterSet):
    search_fields = ("login", "role", "application__name")

    class Meta:
        model = AccountGrant
        fields = ("q", "application", "is_admin", "is_enabled", "source")


class AccessReviewCampaignFilterSet(OrganisationFilterSet):
    search_fields = ("name",)

    class Meta:
        model = AccessReviewCampaign
        fields = ("q", "year", "status")


class AccessReviewFilterSet(OrganisationFilterSet):
    search_fields = ("account__login", "account__application__name")

    decided = django_filters.BooleanFilter(method="filter_decided", label="Décidée")
    current_year = django_filters.BooleanFilter(method="filter_current_year", label="Revue de l'année")
    application = django_filters.NumberFilter(field_name="account__application", label="Application (n°)")

    class Meta:
        model = AccessReview
        fields = ("q", "campaign", "decision", "decided", "current_year", "application")

    def filter_decided(self, queryset, name, value):
        if value is None:
            return queryset
        pending = queryset.filter(decision="a_revoir")
        return queryset.exclude(pk__in=pending.values("pk")) if value else pending

    def filter_current_year(self, queryset, name, value):
        if value is None:
            return queryset
        this_year = {"campaign__year": timezone.localdate().year}
        return queryset.filter(**this_year) if value else queryset.exclude(**this_year)


class MovementFilterSet(OrganisationFilterSet):
    search_fields = ("person__last_name", "person__first_name")

    class Meta:
        model = Movement
        fields = ("q", "kind")


class ChecklistItemFilterSet(OrganisationFilterSet):
    search_fields = ("label",)

    late = django_filters.BooleanFilter(method="filter_late", label="En retard")

    class Meta:
        model = ChecklistItem
        fields = ("q", "movement", "category", "late")

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = queryset.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        return late if value else queryset.exclude(pk__in=late.values("pk"))
