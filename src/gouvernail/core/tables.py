import django_tables2 as tables
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_tables2.columns import library

from gouvernail.core.formatting import amount, display
from gouvernail.core.links import linkable_url
from gouvernail.core.models import JournalEntry, Membership, Person, Service, Site

__all__ = (
    "AmountColumn",
    "BaseTable",
    "BooleanColumn",
    "JournalEntryTable",
    "MembershipTable",
    "PersonTable",
    "SafeURLColumn",
    "ServiceTable",
    "SiteTable",
)

# The largest page a list shows.
MAX_PAGE_SIZE = 500


class BaseTable(tables.Table):
    """Sortable list; the first column links to the detail page. Exports use the same columns."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "Aucun élément ne correspond."

    def paginate(self, *args, per_page=None, **kwargs):
        # `?per_page=` comes from the address: out of range (0, negative, twenty digits), the
        # default size rather than an error page; more than a page can hold is an export.
        if per_page is not None and not 1 <= per_page <= MAX_PAGE_SIZE:
            per_page = settings.GOUVERNAIL_PAGE_SIZE if per_page < 1 else MAX_PAGE_SIZE
        return super().paginate(*args, per_page=per_page, **kwargs)


class BooleanColumn(tables.BooleanColumn):
    """Oui / Non in pages and exports, rather than icons a screen reader cannot name."""

    def render(self, value, record, bound_column):
        return "Oui" if self._get_bool_value(record, value, bound_column) else "Non"

    def value(self, record, value, bound_column):
        return "Oui" if self._get_bool_value(record, value, bound_column) else "Non"


@library.register
class SafeURLColumn(tables.URLColumn):
    """The column of every URLField (registered last, so django-tables2 picks it over URLColumn):
    a stored `javascript:` or `data:` address is shown as text, never as a link."""

    def get_url(self, value):
        return linkable_url(value)


def content_type_label(content_type) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


class AmountColumn(tables.Column):
    """An amount in French notation on the page (12 000,00); the raw number in exports."""

    attrs = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}

    def __init__(self, *args, whole: bool = False, **kwargs):
        # `whole`: budgets in whole euros read « 36 000 », not « 36 000,00 » (cents kept when any).
        self.whole = whole
        super().__init__(*args, **kwargs)

    def render(self, value):
        return amount(value) if self.whole else display(value)

    def value(self, value):
        return value


class SiteTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Site
        fields = ("name", "city")


class ServiceTable(BaseTable):
    name = tables.Column(linkify=True)
    parent = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Service
        fields = ("name", "kind", "parent")


class PersonTable(BaseTable):
    last_name = tables.Column(linkify=True)
    service = tables.Column(linkify=True)
    site = tables.Column(linkify=True)
    is_active = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = Person
        fields = ("last_name", "first_name", "kind", "service", "site", "function", "email", "is_active")


class MembershipTable(BaseTable):
    user = tables.Column(
        accessor="user__email", verbose_name="Adresse e-mail", linkify=lambda record: record.get_absolute_url()
    )
    role = tables.Column()
    person = tables.Column()

    class Meta(BaseTable.Meta):
        model = Membership
        fields = ("user", "role", "person", "created")


class JournalEntryTable(BaseTable):
    timestamp = tables.DateTimeColumn(format="d/m/Y H:i:s")
    object_repr = tables.Column(linkify=lambda record: record.object_url)
    content_type = tables.Column(verbose_name="Type d'objet")
    changes = tables.Column(orderable=False)

    class Meta(BaseTable.Meta):
        model = JournalEntry
        fields = ("timestamp", "user_label", "action", "content_type", "object_repr", "changes", "reason")

    def render_content_type(self, value):
        return content_type_label(value)

    def value_content_type(self, value):
        return content_type_label(value)

    def value_timestamp(self, value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")

    def render_changes(self, value):
        if not value:
            return "—"
        items = format_html_join(
            "", "<li><strong>{}</strong> : {} → {}</li>", ((k, v[0] or "∅", v[1] or "∅") for k, v in value.items())
        )
        return format_html('<ul class="list-unstyled small mb-0">{}</ul>', items)

    def value_changes(self, value):
        return "; ".join(f"{k} : {v[0] or '∅'} → {v[1] or '∅'}" for k, v in (value or {}).items())
