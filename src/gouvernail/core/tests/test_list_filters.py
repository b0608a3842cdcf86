"""Every list page, every numeric and date filter, out-of-range values: never a 500.

The lists are found through the URL resolver (every view built on `ObjectListView`), and their
parameters through each list's filterset, so a new list or a new filter is fuzzed without a
line here.
"""

import pytest
from django import forms
from django.urls import URLResolver, get_resolver

from gouvernail.core.choices import Role
from gouvernail.core.views.generic import ObjectListView

NUMBERS = (
    "-1",
    "0",
    "9999",
    "10000",
    "99999999999999999999",
    "-99999999999999999999",
    "1e400",
    "NaN",
    "Infinity",
    "1.5",
    "abc",
)
DATES = (
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "10000-01-01",
    "-1",
    "99999999999999999999",
    "31/02/2026",
    "abc",
)
# Paging is a numeric parameter of every list too.
PAGING = {"page": NUMBERS, "per_page": NUMBERS}


def list_pages(patterns=None, prefix=""):
    """(path, viewset) of every list page mounted in the URL configuration."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from list_pages(pattern.url_patterns, prefix + str(pattern.pattern))
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ObjectListView):
            yield "/" + prefix + str(pattern.pattern), pattern.callback.view_initkwargs["viewset"]


def fuzzed_parameters(filterset_class) -> dict[str, tuple[str, ...]]:
    """Each query parameter of a numeric, date or row-choice filter, with the values to try."""
    parameters = dict(PAGING)
    for name, field in filterset_class().form.fields.items():
        base = field.fields[0] if isinstance(field, forms.MultiValueField) else field
        if isinstance(base, (forms.DateField, forms.DateTimeField)):
            values = DATES
        elif isinstance(base, (forms.DecimalField, forms.IntegerField, forms.FloatField, forms.ModelChoiceField)):
            values = NUMBERS
        else:
            continue
        widget = field.widget
        names = [f"{name}{suffix}" for suffix in widget.widgets_names] if hasattr(widget, "widgets_names") else [name]
        parameters.update(dict.fromkeys(names, values))
    return parameters


LIST_PAGES = dict(list_pages())


def test_the_resolver_finds_the_lists_including_the_register():
    assert "/decisions/registre/" in LIST_PAGES
    assert "/journal/" in LIST_PAGES
    assert len(LIST_PAGES) >= 40


@pytest.mark.parametrize("url", ["/decisions/registre/?year=-1", "/decisions/registre/?year=99999999999999999999"])
def test_an_out_of_range_year_in_the_register_is_a_french_filter_error(url, ref, client_for):
    response = client_for(Role.ADMIN).get(url)

    assert response.status_code == 200
    assert "entre 1900 et 9999" in response.content.decode()
    assert list(response.context["table"].data) == []


@pytest.mark.parametrize("url", sorted(LIST_PAGES))
def test_no_numeric_or_date_filter_value_breaks_a_list(url, ref, client, users):
    client.force_login(users[Role.ADMIN])
    client.raise_request_exception = False
    broken = []
    for parameter, values in fuzzed_parameters(LIST_PAGES[url].filterset).items():
        for value in values:
            response = client.get(url, {parameter: value})
            if response.status_code >= 500:
                broken.append(f"{parameter}={value}")

    assert broken == [], f"{url}: {len(broken)} × 500: {', '.join(broken)}"


@pytest.mark.django_db
def test_every_list_filter_says_all_rather_than_dashes():
    dashed = []
    for url, viewset in LIST_PAGES.items():
        if viewset.filterset is None:
            continue
        for name, field in viewset.filterset().form.fields.items():
            if isinstance(field, forms.MultipleChoiceField) or not hasattr(field, "choices"):
                continue
            labels = [str(label) for _, label in field.choices]
            if any(label.startswith("---") for label in labels):
                dashed.append(f"{url} {name}")

    assert dashed == []


def test_a_field_built_on_the_class_filters_leaks_into_no_list(org, rf, users):
    """The API schema (drf-spectacular) reads `base_filters[…].field`, building the field before any
    model is set: a filterset built afterwards keeps its model's labels and its own choices."""
    from gouvernail.applications.filtersets import ApplicationFilterSet
    from gouvernail.applications.models import Application
    from gouvernail.core.filtersets import JournalEntryFilterSet
    from gouvernail.core.models import JournalEntry

    for filterset_class in (ApplicationFilterSet, JournalEntryFilterSet):
        for filter_ in filterset_class.base_filters.values():
            filter_.field  # noqa: B018 — what the schema generation does
    request = rf.get("/")
    request.user, request.organisation = users[Role.ADMIN], org
    request.membership = users[Role.ADMIN].memberships.get(organisation=org)

    applications = ApplicationFilterSet({}, queryset=Application.objects.none(), request=request)
    journal = JournalEntryFilterSet({}, queryset=JournalEntry.objects.none(), request=request)

    assert applications.form.fields["criticality"].label == "Criticité"
    content_types = journal.form.fields["content_type"].choices
    assert ("core.site", "Site") in [(value, str(label)) for value, label in content_types]
