"""The quick search (Ctrl-K): pages of the menu by title, records by name.

Pages come from the user's own menu (so never a page the role cannot open); records come from
every list page served (`list_pages`), through its viewset's `visible_queryset` — the same
organisation scoping and role narrowing as the list itself — and only for the domains the
role may read.
"""

import unicodedata

from django.db import models
from django.views.generic import TemplateView

from gouvernail.core.navigation import navigation_for
from gouvernail.core.permissions import can_read
from gouvernail.core.views.generic import MembershipRequiredMixin, list_pages

MIN_LENGTH = 2
PAGE_LIMIT = 8
RECORDS_PER_LIST = 5
RECORD_LIMIT = 20
# The field that names a record, in order of preference: the first one a model has is searched.
NAME_FIELDS = ("name", "title", "question", "label", "reference", "last_name")


def folded(text: str) -> str:
    """Lower case without accents: « ecole » finds « École »."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matching_pages(membership, query: str) -> list[dict]:
    wanted = folded(query)
    found = []
    for group, items in navigation_for(membership):
        for item in items:
            if wanted in folded(item.label) or wanted in folded(group):
                found.append({"label": item.label, "group": group, "url": item.url})
    return found[:PAGE_LIMIT]


def name_field(model) -> str | None:
    names = {f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))}
    return next((name for name in NAME_FIELDS if name in names), None)


def matching_records(membership, query: str) -> list[dict]:
    found, seen = [], set()
    for _name, _url, viewset, _view in list_pages():
        model = viewset.model
        field = name_field(model)
        if model in seen or field is None or not hasattr(model, "get_absolute_url"):
            continue
        seen.add(model)
        if not can_read(membership, viewset.get_domain()):
            continue
        queryset = viewset.visible_queryset(membership).filter(**{f"{field}__icontains": query}).order_by(field)
        for record in queryset[:RECORDS_PER_LIST]:
            found.append({"label": str(record), "kind": model._meta.verbose_name, "url": record.get_absolute_url()})
        if len(found) >= RECORD_LIMIT:
            break
    return found[:RECORD_LIMIT]


class QuickSearchView(MembershipRequiredMixin, TemplateView):
    """Answers the quick search box (a fragment for htmx) or a full page without JavaScript."""

    # Every role reads the référentiel; what it finds is narrowed by its menu and its domains.
    domain = "referentiel"

    def get_template_names(self):
        if self.request.htmx:
            return ["core/includes/quick_search_results.html"]
        return ["core/quick_search.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        membership = self.request.membership
        long_enough = len(query) >= MIN_LENGTH
        context.update(
            query=query,
            too_short=bool(query) and not long_enough,
            pages=matching_pages(membership, query) if long_enough else [],
            records=matching_records(membership, query) if long_enough else [],
        )
        return context
