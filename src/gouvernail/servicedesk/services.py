"""How a request's family is decided, and the writes that keep stored families in step."""

import re

from django.db import connections, transaction

from gouvernail.core import bulk
from gouvernail.core.models import Organisation
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.models import CategoryMapping, Request

__all__ = ("default_family", "family_resolver", "requests_refamily", "requests_remove", "requests_upsert")

# The fields a source writes; what a connector passes per row (with `external_id`).
SOURCE_FIELDS = (
    "opened_at",
    "resolved_at",
    "source_modified_at",
    "status",
    "request_type",
    "category",
    "subcategory",
    "family",
    "service_id",
    "site_id",
    "time_spent_minutes",
    "assigned_group",
    "taken_at",
)
# Fields a source may leave out (a file import without assignment): their value when absent.
OPTIONAL_DEFAULTS = {"assigned_group": "", "taken_at": None}


def _field(row: dict, name: str):
    return row[name] if name in row or name not in OPTIONAL_DEFAULTS else OPTIONAL_DEFAULTS[name]


# The default when an organisation has not mapped a category: words GestSup and GLPI
# installations commonly use in their category names. Security wins over the others.
_DEFAULT_RULES = (
    (RequestFamily.SECURITY, r"s[ée]curit|incident|virus|phishing|hame[çc]onnage|cyber|piratage|sauvegarde"),
    (RequestFamily.PROJECTS, r"projet|d[ée]ploiement|migration|[ée]volution"),
    (RequestFamily.SITES, r"\bsites?\b|r[ée]seau|t[ée]l[ée]phon|internet|wi-?fi|fibre|b[âa]timent|locaux|c[âa]blage"),
)


def default_family(category: str, subcategory: str = "") -> str:
    text = f"{category} {subcategory}".lower()
    for family, pattern in _DEFAULT_RULES:
        if re.search(pattern, text):
            return family
    return RequestFamily.USER_SUPPORT


def family_resolver(organisation: Organisation):
    """A function (category, subcategory) → family, reading the organisation's mappings once.

    A mapping on the sub-category wins over one on the whole category, which wins over the
    default rule. Connectors call it once per run, not once per request.
    """
    mappings = {
        (m.category.strip().lower(), m.subcategory.strip().lower()): m.family
        for m in CategoryMapping.objects.filter(organisation=organisation)
    }

    found: dict[tuple[str, str], str] = {}  # a helpdesk has a few dozen pairs for its thousands of tickets

    def resolve(category: str, subcategory: str = "") -> str:
        family = found.get((category, subcategory))
        if family is None:
            category_key, subcategory_key = (category or "").strip().lower(), (subcategory or "").strip().lower()
            family = found[(category, subcategory)] = (
                mappings.get((category_key, subcategory_key))
                or mappings.get((category_key, ""))
                or default_family(category or "", subcategory or "")
            )
        return family

    return resolve


@transaction.atomic
def requests_refamily(*, organisation: Organisation) -> int:
    """Rewrites the stored family of the organisation's requests after a mapping change.

    One UPDATE per distinct (category, sub-category) pair, not one per request. Returns how
    many requests changed family.
    """
    resolve = family_resolver(organisation)
    requests = Request.objects.filter(organisation=organisation)
    changed = 0
    pairs = requests.values_list("category", "subcategory").distinct().order_by()
    for category, subcategory in pairs:
        family = resolve(category, subcategory)
        changed += (
            requests.filter(category=category, subcategory=subcategory).exclude(family=family).update(family=family)
        )
    return changed


@transaction.atomic
def requests_upsert(
    *, organisation: Organisation, source: str, rows: list[dict], none_stored: bool = False
) -> tuple[int, int, int]:
    """Creates or updates one batch of a source's requests, matched on `external_id`.

    `rows` hold `external_id` and the SOURCE_FIELDS (values already valid: connectors map
    them). A row equal to the stored one is not written, so that a second run over the same
    data writes nothing. One query reads the batch's stored rows, then one `executemany`
    inserts and one updates (`core.bulk`): the ORM's bulk_update builds a CASE per field and
    row, which at a helpdesk's size costs minutes. Returns (created, updated, unchanged). Callers keep
    batches to a few thousand rows.

    `none_stored`: the caller knows no row of the batch is stored (a source's first run: the
    organisation had none of its requests when the run began, and a source lists each ticket
    once), and the read of the stored rows is skipped. Wrong, the unique constraint on the
    source's id fails the write, and the caller's transaction undoes the run.
    """
    if not rows:
        return 0, 0, 0
    stored = {}
    if not none_stored:
        stored = {
            values[0]: values[1:]
            for values in Request.objects.filter(
                organisation=organisation, source=source, external_id__in=[row["external_id"] for row in rows]
            ).values_list("external_id", "pk", *SOURCE_FIELDS)
        }
    to_create, to_update = [], []
    for row in rows:
        current = stored.get(row["external_id"])
        if current is None:
            to_create.append(row)
        elif tuple(current[1:]) != tuple(_field(row, name) for name in SOURCE_FIELDS):
            to_update.append((current[0], row))
    fields = {field.attname: field for field in Request._meta.concrete_fields}
    prepare = bulk.preparer([fields[name] for name in SOURCE_FIELDS], connections[Request.objects.db])

    def prepared(row: dict) -> list:
        # `_field` inlined: this runs for each row of a sync, thirteen times.
        return prepare([row[name] if name in row else OPTIONAL_DEFAULTS[name] for name in SOURCE_FIELDS])

    bulk.insert_values(
        Request,
        ("organisation_id", "source", "external_id", *SOURCE_FIELDS),
        [[organisation.pk, source, row["external_id"], *prepared(row)] for row in to_create],
    )
    bulk.update_values(Request, SOURCE_FIELDS, [[*prepared(row), pk] for pk, row in to_update])
    return len(to_create), len(to_update), len(rows) - len(to_create) - len(to_update)


@transaction.atomic
def requests_remove(*, organisation: Organisation, source: str, external_ids) -> int:
    """Deletes a source's requests by external id (deleted or disabled in the source)."""
    removed = 0
    external_ids = list(external_ids)
    for start in range(0, len(external_ids), 1000):
        chunk = external_ids[start : start + 1000]
        removed += Request.objects.filter(organisation=organisation, source=source, external_id__in=chunk).delete()[0]
    return removed
