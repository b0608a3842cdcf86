"""The one write path of référentiel rows that come from outside (imports, syncs).

Each domain wraps it in its own service (`inventory.services.equipment_upsert`,
`core.services.people_upsert`, …) with its `Referential`: how a row is matched, which
fields are unique. For every row it

1. matches an existing row of the organisation, by one rule: the identifier (a serial
   number, a contract reference) first, then the normalised name, then the source's own id
   (`source` + `external_id`, where the model has them). A key held by several rows matches
   none: the row is rejected rather than written onto a guess;
2. applies the values it carries — an empty value (None, "") never erases what is known;
3. validates what it writes (the model's field validation and `clean()`, as the edit form
   does; relations are trusted, the caller resolved them within the organisation);
4. computes the derived fields through the model's `derive()`, which `save()` calls too;
5. then, per batch, writes creations with one bulk insert and changes with one bulk update,
   raising `row_version` (an edit form opened before then gets its 409), and writes the
   journal once: simple-history's records and the global journal's entries, attributed to
   the import or the run through their reason (`core.bulk`: one statement per chunk, not
   the ORM's compilation of every value).

A row that is rejected is reported (`Outcome.errors`, {field: [French messages]}) and not
written; the others are. Callers wanting all or nothing hold a transaction around the call
and roll back when `result.rejected` is not empty (the spreadsheet import in « refuse » mode).
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gouvernail.core import bulk
from gouvernail.core.choices import JournalAction
from gouvernail.core.journal import SKIPPED_FIELDS, _request_user, display_value
from gouvernail.core.memo import remembered

__all__ = ("REF", "Outcome", "Referential", "UpsertResult", "is_blank", "normalise_name", "upsert")

# A row may carry its own label under this key (a spreadsheet's row number): messages name it.
REF = "_ref"
BATCH_SIZE = 500
CLEAN_MEMO_SIZE = 1000  # values remembered per field (`_Upsert.cleaned`)
AMBIGUOUS = "Plusieurs fiches existantes ont le même {label} : impossible de savoir laquelle mettre à jour."


@dataclass(frozen=True)
class Referential:
    """How the rows of one model are matched. `name_keys(values)` gives the keys a stored row is
    found by; `name_key(values)` the key a new row looks up (None: no name to match on)."""

    model: type[models.Model]
    identifier: str = ""  # matched first, case and surrounding spaces ignored
    identifier_label: str = ""
    name_field: str = "name"  # the field an ambiguous name is reported on
    name_label: str = "nom"
    name_keys: Callable[[dict], list] | None = None
    name_key: Callable[[dict], object] | None = None
    loaded: tuple[str, ...] = ("name",)  # fields read to build the index
    unique_fields: tuple[str, ...] = ()  # unique when not blank, besides the identifier

    @cached_property  # read for every row
    def with_source(self) -> bool:
        names = {f.name for f in self.model._meta.concrete_fields}
        return {"source", "external_id"} <= names


@dataclass
class Outcome:
    """What happened to one row: created, updated, unchanged, unmatched (no creation allowed)
    or rejected (`errors`). `changes` is {field label: [before, after]} as the journal shows it."""

    ref: object
    action: str
    instance: models.Model | None = None
    changes: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: int = 0
    rejected: list[Outcome] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int]:
        return self.created, self.updated, self.unchanged


@lru_cache(maxsize=8192)  # a row's name is matched, then indexed: read two or three times
def normalise_name(text) -> str:
    """« Éq. N°1 » → « eq n 1 »: case, accents and punctuation ignored, the name a match reads."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class _Ambiguous(Exception):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field_name, self.message = field_name, message


class _New:
    """The handle of a row created earlier in the same call (a model without pk is unhashable).
    Once written, it keeps only the pk: a long import does not hold every row it created."""

    __slots__ = ("instance", "pk")

    def __init__(self, instance):
        self.instance, self.pk = instance, None

    def written(self) -> None:
        self.pk, self.instance = self.instance.pk, None


def identifier_key(value) -> str:
    return str(value or "").strip().casefold()


class _Index:
    """The organisation's rows by identifier, name key and source id. A handle is a pk, or the
    `_New` of a row created earlier in the same call."""

    def __init__(self, spec: Referential, organisation, source: str):
        self.spec, self.source = spec, source
        self.by_identifier: dict[str, set] = defaultdict(set)
        self.by_name: dict[object, set] = defaultdict(set)
        self.by_source: dict[str, set] = defaultdict(set)
        self.owners: dict[str, dict[str, object]] = {name: {} for name in spec.unique_fields}
        names = {"pk", *spec.loaded, *spec.unique_fields}
        if spec.identifier:
            names.add(spec.identifier)
        if spec.with_source:
            names |= {"source", "external_id"}
        for values in spec.model.objects.filter(organisation=organisation).values(*names):
            self.add(values, values["pk"])

    def add(self, values: dict, handle) -> None:
        spec = self.spec
        if spec.identifier and (key := identifier_key(values.get(spec.identifier))):
            self.by_identifier[key].add(handle)
        for key in spec.name_keys(values) if spec.name_keys else ():
            if key:
                self.by_name[key].add((handle, bool(spec.identifier and values.get(spec.identifier))))
        if spec.with_source and values.get("external_id") and values.get("source") == self.source:
            self.by_source[str(values["external_id"])].add(handle)
        for name in spec.unique_fields:
            if value := identifier_key(values.get(name)):
                self.owners[name].setdefault(value, handle)

    def find(self, values: dict):
        spec = self.spec
        identifier = identifier_key(values.get(spec.identifier)) if spec.identifier else ""
        if identifier and (found := self.by_identifier.get(identifier)):
            return self._one(found, spec.identifier, spec.identifier_label)
        name_key = spec.name_key(values) if spec.name_key else None
        if name_key:
            # A stored row with another identifier is another thing of the same name.
            found = {
                handle
                for handle, has_identifier in self.by_name.get(name_key, ())
                if not (identifier and has_identifier)
            }
            if found:
                return self._one(found, spec.name_field, spec.name_label)
        external_id = str(values.get("external_id") or "")
        if spec.with_source and external_id and (found := self.by_source.get(external_id)):
            return self._one(found, "external_id", "identifiant dans la source")
        return None

    @staticmethod
    def _one(found: set, field_name: str, label: str):
        if len(found) > 1:
            raise _Ambiguous(field_name, AMBIGUOUS.format(label=label))
        return next(iter(found))


def _clean(f, raw, instance) -> tuple:
    try:
        return f.clean(raw, instance), None
    except ValidationError as error:
        return None, error.error_list


def _snapshot(instance, fields) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in fields}


def is_blank(value) -> bool:
    """None, "" or spaces: a value that never erases what is known (rule 2 above)."""
    return value is None or (isinstance(value, str) and not value.strip())


class _Upsert:
    def __init__(
        self,
        spec,
        *,
        organisation,
        source,
        acting_user,
        reason,
        create,
        defaults,
        dry_run,
        keep,
        on_outcome,
        match_only,
        create_only,
    ):
        self.spec, self.model = spec, spec.model
        self.organisation, self.source = organisation, source
        self.acting_user, self.reason = acting_user, reason
        self.create, self.defaults, self.dry_run, self.keep = create, defaults or {}, dry_run, keep
        self.on_outcome, self.match_only, self.create_only = on_outcome, set(match_only), set(create_only)
        self.index = _Index(spec, organisation, source)
        self.fields = [f for f in self.model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]
        self.fk_names = [f.name for f in self.model._meta.concrete_fields if f.is_relation]
        self.checked = [f for f in self.model._meta.fields if not f.is_relation and not f.generated]
        self.clean_memo: dict[str, dict] = defaultdict(dict)
        self.labels = {f.attname: str(f.verbose_name) for f in self.fields}
        self.attnames: dict[str, str] = {}
        self.unique_refs: dict[tuple[str, str], object] = {}
        self.result = UpsertResult()
        self.seen = 0
        self.updated: set[int] = set()
        self.content_type = ContentType.objects.get_for_model(self.model)

    def attname(self, name: str) -> str:
        try:
            return self.attnames[name]
        except KeyError:
            found = self.attnames[name] = self.model._meta.get_field(name).attname
            return found

    @cached_property
    def new_instance(self):
        defaults = {self.attname(name): value for name, value in self.defaults.items()}
        return bulk.maker(self.model, organisation=self.organisation, **defaults)

    def batch(self, rows: list[dict]) -> None:
        rows = [dict(row) for row in rows]
        refs = [row.pop(REF, self.seen + number) for number, row in enumerate(rows, start=1)]
        self.seen += len(rows)
        # The stored rows the batch touches, in one query.
        handles = set()
        for row in rows:
            try:
                handles.add(self.index.find(row))
            except _Ambiguous:
                continue
        pks = [handle.pk if isinstance(handle, _New) else handle for handle in handles if handle is not None]
        stored = self.model.objects.in_bulk([pk for pk in pks if pk is not None])
        self.created_handles: list[_New] = []
        planned: dict[int, tuple[models.Model, dict | None]] = {}  # id(instance) → (instance, before)
        self.updated = set()
        outcomes = [self.plan(ref, row, stored, planned) for ref, row in zip(refs, rows, strict=True)]
        creates = [instance for instance, before in planned.values() if before is None]
        updates = []
        for instance, before in planned.values():
            if before is not None and (changed := self.changed(instance, before)):
                updates.append((instance, before, changed))
        # Computed once: the outcomes and the journal show the same changes.
        changes = self.journal_changes([(i, None, None) for i in creates] + updates)
        if not self.dry_run and (creates or updates):
            self.write(creates, updates, changes)
            for new in self.created_handles:
                if new.instance.pk is not None:
                    new.written()
        for outcome in outcomes:
            if outcome.action in ("created", "updated"):
                outcome.changes = changes.get(id(outcome.instance), {})
            if outcome.action == "rejected":
                self.result.rejected.append(outcome)
            else:
                setattr(self.result, outcome.action, getattr(self.result, outcome.action) + 1)
            if self.keep:
                self.result.outcomes.append(outcome)
            if self.on_outcome is not None:
                self.on_outcome(outcome)

    def plan(self, ref, row: dict, stored: dict, planned: dict) -> Outcome:
        try:
            handle = self.index.find(row)
        except _Ambiguous as problem:
            return Outcome(ref, "rejected", errors={problem.field_name: [problem.message]})
        if handle is None:
            if not self.create:
                return Outcome(ref, "unmatched")
            instance = self.new_instance()
        else:
            if isinstance(handle, _New):
                instance = handle.instance if handle.instance is not None else stored.get(handle.pk)
            else:
                instance = stored.get(handle)
            if instance is None:
                return Outcome(ref, "rejected", errors={"": ["La fiche a été supprimée entre-temps."]})
        if problems := self.unique_problems(ref, row, handle):
            return Outcome(ref, "rejected", errors=problems)
        key = id(instance)
        if key in planned:
            previous = planned[key][1]
        else:
            previous = None if handle is None else _snapshot(instance, self.fields)
        # A new row that fails is dropped; a stored one keeps what it had.
        restore = _snapshot(instance, self.fields) if handle is not None else {}
        written = self.apply(instance, row, creating=handle is None)
        try:
            self.validate(instance, written, creating=instance.pk is None and key not in planned)
        except ValidationError as error:
            for attname, value in restore.items():
                setattr(instance, attname, value)
            return Outcome(ref, "rejected", errors=error.message_dict)
        if hasattr(instance, "derive"):
            instance.derive()
        if handle is None:
            handle = _New(instance)
            self.created_handles.append(handle)
        self.index.add({name: getattr(instance, name) for name in self.index_names()}, handle)
        if key not in planned:
            planned[key] = (instance, previous)
            if previous is None:
                return Outcome(ref, "created", instance)
            return Outcome(ref, "updated" if self.changed(instance, previous) else "unchanged", instance)
        # A second row for a row already planned in this batch (a source listing it twice).
        if previous is not None and key not in self.updated and self.changed(instance, previous):
            self.updated.add(key)
            return Outcome(ref, "updated", instance)
        return Outcome(ref, "unchanged", instance)

    def apply(self, instance, row: dict, *, creating: bool) -> list[str]:
        written = []
        for name, value in row.items():
            if is_blank(value) or name == "source" or name in self.match_only:
                continue
            if name in self.create_only and not creating:
                continue
            if name == "external_id" and getattr(instance, "source", "") not in ("", self.source):
                continue  # the row keeps the id of the source that first gave one
            if isinstance(value, models.Model):
                value = value.pk
            setattr(instance, self.attname(name), value)
            written.append(name)
        if self.spec.with_source and "external_id" in written:
            instance.source = self.source
        return written

    def validate(self, instance, written: list[str], *, creating: bool) -> None:
        """The model's validation of what is written (all of a new row), as `full_clean` without
        the unique checks does it (`clean_fields`, then `clean`); relations are resolved by the
        caller within the organisation, only their presence is checked."""
        checked = self.checked if creating else [f for f in self.checked if f.name in written or f.attname in written]
        errors = {}
        for f in checked:
            raw = getattr(instance, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            cleaned, problems = self.cleaned(f, raw, instance)
            if problems is not None:
                errors[f.name] = problems
            else:
                setattr(instance, f.attname, cleaned)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        missing = {
            name: ["Ce champ est obligatoire."]
            for name in self.fk_names
            if name != "organisation"
            and not self.model._meta.get_field(name).null
            and getattr(instance, self.attname(name)) is None
        }
        if missing:
            raise ValidationError(missing)

    def cleaned(self, f, raw, instance) -> tuple:
        """(`f.clean(raw)`, None) or (None, its errors). A field's cleaning depends on the value
        alone (relations, which read the database, are not cleaned here): an import repeats the
        same type, site or date in thousands of rows, each cleaned once. A field seen with many
        distinct values (a name, a serial) stops being remembered."""
        return remembered(self.clean_memo[f.attname], raw, _clean, f, raw, instance, limit=CLEAN_MEMO_SIZE)

    def index_names(self) -> set[str]:
        spec = self.spec
        names = {*spec.loaded, *spec.unique_fields, *([spec.identifier] if spec.identifier else [])}
        return names | ({"source", "external_id"} if spec.with_source else set())

    def unique_problems(self, ref, row: dict, handle) -> dict[str, list[str]]:
        problems = {}
        for name in self.spec.unique_fields:
            value = identifier_key(row.get(name))
            if not value:
                continue
            earlier = self.unique_refs.get((name, value))
            if earlier is not None and (handle is None or earlier[1] != handle):
                problems[name] = [f"« {row[name]} » figure déjà à la ligne {earlier[0]}."]
                continue
            owner = self.index.owners[name].get(value)
            if owner is not None and (handle is None or owner != handle):
                problems[name] = [f"« {row[name]} » : {self.unique_message(name)}"]
                continue
            self.unique_refs[(name, value)] = (ref, handle)
        return problems

    def unique_message(self, name: str) -> str:
        for constraint in self.model._meta.constraints:
            if name in getattr(constraint, "fields", ()):
                return str(constraint.violation_error_message)
        return "valeur déjà utilisée par une autre fiche de l'organisation."

    def changed(self, instance, before: dict | None) -> list[models.Field]:
        result = []
        for f in self.fields:
            after = getattr(instance, f.attname)
            old = before.get(f.attname) if before is not None else None
            if (None if old == "" else old) != (None if after == "" else after):
                result.append(f)
        return result

    def write(self, creates: list, updates: list, changes: dict[int, dict]) -> None:
        now = timezone.now()
        history = {"date": now, "user": self.acting_user, "reason": self.reason}
        with transaction.atomic():
            if creates:
                bulk.insert(self.model, creates)
                bulk.insert_history(self.model, creates, **history)
            if updates:
                names = {f.attname for _, _, changed in updates for f in changed}
                instances = [instance for instance, _, _ in updates]
                for instance in instances:
                    # An edit form opened before this write must get its conflict, not overwrite it.
                    instance.row_version += 1
                    instance.last_updated = now
                bulk.update(self.model, instances, [*sorted(names), "row_version", "last_updated"])
                bulk.insert_history(self.model, instances, history_type="~", **history)
            self.journal(creates, updates, now, changes)

    def journal_changes(self, rows: list) -> dict[int, dict]:
        """{id(instance): {field label: [before, after]}} for rows of (instance, values before,
        fields changed), a creation given as (instance, None, None): every field with a value.
        Related rows are named with one query per model."""
        relations = [f for f in self.fields if f.is_relation]
        wanted: dict[models.Field, set] = defaultdict(set)
        for instance, before, changed in rows:
            for f in relations if changed is None else changed:
                if f.is_relation:
                    wanted[f] |= {getattr(instance, f.attname), (before or {}).get(f.attname)} - {None}
        labels = {
            f: {obj.pk: str(obj) for obj in f.related_model._base_manager.filter(pk__in=pks)}
            for f, pks in wanted.items()
        }

        # An import repeats the same few values (a site, a date, a type) in thousands of rows:
        # each is shown once per field (keyed by attname: a field hashes in Python, slowly).
        memo: dict[str, dict] = defaultdict(dict)
        relation_labels = {f.attname: labels.get(f, {}) for f in self.fields if f.is_relation}

        def shown(f, raw):
            if raw is None or raw == "":
                return None
            if f.attname in relation_labels:
                return relation_labels[f.attname].get(raw, f"#{raw}")
            seen = memo[f.attname]
            try:
                return seen[raw]
            except KeyError:
                seen[raw] = text = display_value(None, f, raw)
                return text
            except TypeError:  # an unhashable value
                return display_value(None, f, raw)

        names = self.labels
        labelled = [(f, f.attname, names[f.attname]) for f in self.fields]
        return {
            id(instance): (
                {
                    label: [None, shown(f, value)]
                    for f, attname, label in labelled
                    if (value := getattr(instance, attname)) is not None and value != ""
                }
                if before is None  # a creation: nothing before, what `changed` finds against None
                else {
                    names[f.attname]: [shown(f, before.get(f.attname)), shown(f, getattr(instance, f.attname))]
                    for f in changed
                }
            )
            for instance, before, changed in rows
        }

    def journal(self, creates: list, updates: list, now, changes: dict[int, dict]) -> None:
        from gouvernail.core.models import JournalEntry

        user = self.acting_user
        fixed = {
            "organisation_id": self.organisation.pk,
            "timestamp": now,
            "user_id": user.pk if user is not None else None,
            "user_label": user.email if user is not None else "système",
            "content_type_id": self.content_type.pk,
            "reason": self.reason,
        }
        # Rows of values, not JournalEntry instances: an import of 20 000 devices writes as many
        # entries, and building a model instance for each cost more than writing it.
        names = ["action", "object_id", "object_repr", "changes", *fixed]
        entries = [
            [action, str(instance.pk), str(instance)[:300], changes[id(instance)], *fixed.values()]
            for action, instances in (
                (JournalAction.CREATED, creates),
                (JournalAction.UPDATED, [instance for instance, _, _ in updates]),
            )
            for instance in instances
        ]
        bulk.insert_rows(JournalEntry, names, entries)


def run_reason(run) -> str:
    """How the journal names a sync run's writes."""
    return f"Synchronisation {run.config.get_kind_display()} n° {run.pk}"


def upsert(
    spec: Referential,
    *,
    organisation,
    source: str,
    rows: Iterable[dict],
    acting_user=None,
    run=None,
    reason: str = "",
    create: bool = True,
    defaults: dict | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    outcomes: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    match_only: tuple[str, ...] = (),
    create_only: tuple[str, ...] = (),
) -> UpsertResult:
    """Writes `rows` ({field: value}, relations as ids) into the organisation's rows of `spec`.

    `source` names where the rows come from (stored with an `external_id` on models that have
    both); `run`, a sync run, names the journal's reason and its user; `create=False` only
    updates (a source that must not add rows counts the others as unmatched); `defaults` are
    set on a created row before its values; `match_only` fields find the row but are not
    written (an antivirus console's host name matches a device, it does not rename it);
    `create_only` fields are written on a new row only (GLPI names a computer it adds, it does
    not rename one the référent named); `dry_run` plans without writing (a preview);
    `outcomes` keeps every row's outcome in the result, `on_outcome` receives each after its
    batch (a long import keeps none in memory).
    """
    if run is not None:
        reason = reason or run_reason(run)
        acting_user = acting_user or run.triggered_by
    # Without one (a page's action), the journal names the request's user, as `save_as` does.
    acting_user = acting_user or _request_user()
    job = _Upsert(
        spec,
        organisation=organisation,
        source=source,
        acting_user=acting_user,
        reason=reason,
        create=create,
        defaults=defaults,
        dry_run=dry_run,
        keep=outcomes,
        on_outcome=on_outcome,
        match_only=match_only,
        create_only=create_only,
    )
    iterator = iter(rows)
    # A preview writes nothing and opens no transaction: on SQLite, where a transaction takes the
    # write lock at once (IMMEDIATE), every edit would wait for as long as the preview reads.
    with nullcontext() if dry_run else transaction.atomic():
        while True:
            with bulk.collector_paused():
                if not (batch := list(islice(iterator, batch_size))):
                    break
                job.batch(batch)
    return job.result
