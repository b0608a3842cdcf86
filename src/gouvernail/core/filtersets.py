from datetime import date
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q

from gouvernail.core.choices import JournalAction
from gouvernail.core.collation import french_ordered
from gouvernail.core.forms import style_widgets
from gouvernail.core.models import JournalEntry, Membership, Person, Service, Site, is_organisation_scoped

__all__ = (
    "JournalEntryFilterSet",
    "MembershipFilterSet",
    "OrganisationFilterSet",
    "PersonFilterSet",
    "ServiceFilterSet",
    "SiteFilterSet",
)


ALL_LABEL = "Tous"
BOOLEAN_CHOICES = [("", ALL_LABEL), ("true", "Oui"), ("false", "Non")]

# What a filter accepts, so that an out-of-range value is a message on the form rather than an
# overflow in the database layer (a year -1, a date in year 10000, an id of twenty digits). The
# last date leaves room for « jusqu'au » filters that look at the day after.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(9998, 12, 31)
FIRST_YEAR, LAST_YEAR = 1900, 9999
LARGEST_NUMBER = 2**31 - 1
DATE_RANGE_MESSAGE = "Indiquez une date entre le 01/01/1900 et le 31/12/9998."
YEAR_RANGE_MESSAGE = "Indiquez une année entre 1900 et 9999."
NUMBER_RANGE_MESSAGE = "Indiquez un nombre entre -2 147 483 647 et 2 147 483 647."


def validate_filter_date(value) -> None:
    day = value.date() if hasattr(value, "date") else value
    if day is not None and not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(DATE_RANGE_MESSAGE, code="out_of_range")


def bound_filter_field(field: forms.Field, filter_) -> None:
    """Adds the range checks to one field of a filter form (and to the parts of a range field)."""
    if isinstance(field, forms.MultiValueField):
        for part in field.fields:
            bound_filter_field(part, filter_)
        return
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        field.validators.append(validate_filter_date)
    elif isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        lookup = str(getattr(filter_, "lookup_expr", "") or "")
        if lookup.split("__")[-1] in {"year", "iso_year"} or lookup.split("__")[0] in {"year", "iso_year"}:
            low, high, message = FIRST_YEAR, LAST_YEAR, YEAR_RANGE_MESSAGE
        else:
            low, high, message = -LARGEST_NUMBER, LARGEST_NUMBER, NUMBER_RANGE_MESSAGE
        field.validators += [MinValueValidator(low, message), MaxValueValidator(high, message)]
    elif isinstance(field, forms.ModelChoiceField):
        # A row id beyond any column's range is simply not a choice.
        field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]


class OrganisationFilterSet(django_filters.FilterSet):
    """Base of every list filter: a full-text `q` over `search_fields`, related choices scoped
    to the current organisation."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label="Recherche")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        membership = getattr(request, "membership", None)
        for filter_ in self.filters.values():
            # A form field built on the class's filter (the API schema reads `base_filters[…].field`)
            # has no label (the model is set per instance) and the class's choices: each filterset
            # builds its own, with its model's labels and the choices its __init__ sets.
            filter_.__dict__.pop("_field", None)
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and hasattr(queryset, "model") and is_organisation_scoped(queryset.model):
                filter_.queryset = (
                    french_ordered(queryset.model.objects.visible_to(membership)) if membership else queryset.none()
                )

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for name, filter_field in form.fields.items():
                if isinstance(filter_field, forms.NullBooleanField):
                    filter_field.widget = forms.Select(choices=BOOLEAN_CHOICES)
                elif getattr(filter_field, "empty_label", None) is not None:
                    # Every filter reads « Tous » when nothing is chosen, never « --------- ».
                    filter_field.empty_label = ALL_LABEL
                elif isinstance(filter_field, forms.ChoiceField) and not isinstance(
                    filter_field, forms.MultipleChoiceField
                ):
                    filter_field.choices = [
                        (value, ALL_LABEL if value == "" else label) for value, label in filter_field.choices
                    ]
                bound_filter_field(filter_field, self.filters.get(name))
            style_widgets(form)
            form._styled = True
        return form

    def search(self, queryset, name, value):
        terms = value.split()
        if not terms or not self.search_fields:
            return queryset
        for term in terms:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            )
        return queryset


class SiteFilterSet(OrganisationFilterSet):
    search_fields = ("name", "city")

    class Meta:
        model = Site
        fields = ("q",)


class ServiceFilterSet(OrganisationFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Service
        fields = ("q", "kind", "parent")


class PersonFilterSet(OrganisationFilterSet):
    search_fields = ("last_name", "first_name", "function", "email")

    service_missing = django_filters.BooleanFilter(field_name="service", lookup_expr="isnull", label="Sans service")
    # The directory account (Entra ID), for the MFA and dormant-account indicators' drill-downs.
    account_enabled = django_filters.BooleanFilter(
        field_name="directory_account__enabled", label="Compte de l'annuaire activé"
    )
    mfa_registered = django_filters.BooleanFilter(
        field_name="directory_account__mfa_registered", label="MFA enregistrée"
    )
    mfa_known = django_filters.BooleanFilter(method="filter_mfa_known", label="État MFA connu")
    signed_in_before = django_filters.DateFilter(
        field_name="directory_account__last_sign_in", lookup_expr="lt", label="Dernière connexion avant le"
    )

    class Meta:
        model = Person
        fields = (
            "q",
            "kind",
            "service",
            "service_missing",
            "site",
            "is_active",
            "account_enabled",
            "mfa_registered",
            "mfa_known",
            "signed_in_before",
        )

    def filter_mfa_known(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(directory_account__mfa_registered__isnull=not value)


class MembershipFilterSet(OrganisationFilterSet):
    search_fields = ("user__email", "user__first_name", "user__last_name")

    class Meta:
        model = Membership
        fields = ("q", "role")


class JournalEntryFilterSet(OrganisationFilterSet):
    search_fields = ("object_repr", "user_label")

    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label="Depuis le")
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label="Jusqu'au")
    user_label = django_filters.CharFilter(lookup_expr="icontains", label="Auteur (e-mail)")
    action = django_filters.ChoiceFilter(choices=JournalAction.choices, label="Action")
    content_type = django_filters.ChoiceFilter(method="filter_content_type", label="Type d'objet", choices=[])

    class Meta:
        model = JournalEntry
        fields = ("q", "since", "until", "user_label", "action", "content_type")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.apps import apps

        choices = []
        for model in apps.get_models():
            if hasattr(model, "history") and not model._meta.label.startswith("simple_history"):
                choices.append((model._meta.label_lower, str(model._meta.verbose_name).capitalize()))
        self.filters["content_type"].extra["choices"] = sorted(choices, key=lambda c: c[1])

    def filter_content_type(self, queryset, name, value):
        app_label, _, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
