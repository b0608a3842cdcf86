"""French sort order of names on every database: « École » among the E, before « Urbanisme »,
capitals and accents set aside as a French reader expects.

PostgreSQL sorts with the ICU root collation; SQLite with a collation this module registers on
each new connection (a key that strips accents and case, then the text itself to break ties).
Lists, filter choices and form choices apply it to the text fields of the model's ordering.
"""

import unicodedata

from django.db import models
from django.db.models import Func

SQLITE_COLLATION = "gouvernail_fr"
POSTGRES_COLLATION = "und-x-icu"
TEXT_FIELDS = (models.CharField, models.TextField)


def french_key(text: str | None) -> str:
    """A locale-free sort key: accents stripped (NFKD, combining marks dropped), case folded."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _compare(left: str, right: str) -> int:
    a, b = (french_key(left), left), (french_key(right), right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """Receiver of `connection_created`: SQLite knows the French collation on every connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class FrenchOrder(Func):
    """A text expression sorted in French order (plain binary order on other databases)."""

    template = "%(expressions)s"
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"%(expressions)s COLLATE {SQLITE_COLLATION}", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f'%(expressions)s COLLATE "{POSTGRES_COLLATION}"', **extra)


def french_ordered(queryset):
    """The queryset in its model's default ordering, its text fields sorted in French order;
    unchanged when it already has an explicit ordering."""
    if queryset.query.order_by or not queryset.query.default_ordering:
        return queryset
    ordering = queryset.model._meta.ordering or ()
    terms, changed = [], False
    for term in ordering:
        if not isinstance(term, str):
            terms.append(term)
            continue
        name = term.lstrip("-")
        try:
            field = queryset.model._meta.get_field(name)
        except Exception:  # noqa: BLE001 — a related path or an annotation: kept as it is
            terms.append(term)
            continue
        if isinstance(field, TEXT_FIELDS):
            expression = FrenchOrder(name)
            terms.append(expression.desc() if term.startswith("-") else expression.asc())
            changed = True
        else:
            terms.append(term)
    return queryset.order_by(*terms) if changed else queryset
