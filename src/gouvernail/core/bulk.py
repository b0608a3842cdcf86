"""Inserts of many rows at once, without the ORM's per-value compilation.

`QuerySet.bulk_create` compiles every value through the field's whole preparation chain
(`pre_save`, `get_db_prep_save`, `get_prep_value`, the SQL of each placeholder): for an
import of 20 000 devices with their history and journal, that is over a million calls and
most of the run. Here each column gets its adapter once: text, numbers, booleans and integer
keys already hold what the driver takes and pass as they are; every other type keeps the
field's own preparation. The SQL is built once per chunk size.

`insert` sets the primary keys (`RETURNING`, which SQLite and PostgreSQL both have) when
asked; `insert_history` has the database copy the rows just written into simple-history's
records, as `bulk_history_create` would store them, without a historical instance per row.
"""

import gc
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from django.conf import settings
from django.db import connections, models, router
from django.db.models import signals
from django.db.models.base import ModelState

__all__ = (
    "adapters",
    "collector_paused",
    "insert",
    "insert_history",
    "insert_rows",
    "insert_values",
    "maker",
    "preparer",
    "update",
    "update_values",
)

# Exact classes whose preparation returns a value of the right Python type unchanged.
_TEXT = {models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField}
_NUMBERS = {
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
}
_RELATIONS = {models.ForeignKey, models.OneToOneField}


def adapters(fields: Sequence[models.Field], connection) -> list[Callable]:
    """One function per field, turning an attribute's value into the driver's parameter."""
    return [_adapter(field, connection) for field in fields]


def preparer(fields: Sequence[models.Field], connection) -> Callable[[Sequence], list]:
    """A function turning one row of values (in the order of `fields`) into the driver's
    parameters, as `adapters` do, without calling an adapter for a value the driver takes as it
    is (a `str` for a text column, an `int` for a number or a key, None): a sync of 200 000
    tickets would otherwise make millions of calls that return their argument."""
    plan = [(_passing(field), adapt) for field, adapt in zip(fields, adapters(fields, connection), strict=True)]

    def prepare(values: Sequence) -> list:
        return [
            value if value.__class__ in passing else adapt(value)
            for (passing, adapt), value in zip(plan, values, strict=True)
        ]

    return prepare


def maker(model: type[models.Model], **values) -> Callable[[], models.Model]:
    """A function returning a new unsaved instance of `model`, as `model(**values)` would:
    `Model.__init__` walks every field for each instance (a tenth of a 20 000-row import);
    here one instance is built and its attributes copied, a callable default called for each.
    A model whose instances a signal receiver watches on creation is built the usual way."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return lambda: model(**values)
    template = model(**values)
    attributes = {name: value for name, value in template.__dict__.items() if name != "_state"}
    cached = template._state.fields_cache
    fresh = [(f.attname, f.get_default) for f in model._meta.concrete_fields if f.has_default() and callable(f.default)]

    def make() -> models.Model:
        instance = model.__new__(model)
        instance.__dict__.update(attributes)
        instance._state = ModelState()
        instance._state.fields_cache = dict(cached)
        for attname, default in fresh:
            instance.__dict__[attname] = default()
        return instance

    return make


@contextmanager
def collector_paused():
    """Python's cycle collector paused while one batch is read, planned and written, and let
    run between batches. A batch allocates hundreds of thousands of objects (instances, their
    dicts, rows of parameters), none of them in a cycle; the collector, run every 700
    allocations, walked them over and over: a quarter of a 20 000-row import. Between batches,
    what the batch left is collected as usual, so memory stays bounded by one batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _kind(field: models.Field) -> type:
    kind = type(field)
    if kind in _RELATIONS:
        kind = type(field.target_field)
        if kind in (models.AutoField, models.BigAutoField):
            kind = models.IntegerField
    return kind


def _passing(field: models.Field) -> frozenset:
    """The classes of the values `field`'s adapter returns unchanged."""
    kind = _kind(field)
    if kind in _TEXT:
        return frozenset((str, type(None)))
    if kind in _NUMBERS:
        return frozenset((int, bool, type(None)))
    if kind in (models.DateField, models.DateTimeField):
        return frozenset((type(None),))
    return frozenset()


def _adapter(field: models.Field, connection) -> Callable:
    def prepared(value):
        return field.get_db_prep_save(value, connection)

    kind = _kind(field)
    if kind in _TEXT:
        # A choice (TextChoices member) is written as its value, as CharField.to_python does.
        return lambda value: (
            value
            if value is None or value.__class__ is str
            else str(value)
            if isinstance(value, str)
            else prepared(value)
        )
    if kind in _NUMBERS:
        return lambda value: value if value is None or value.__class__ in (int, bool) else prepared(value)
    if kind is models.DateField:
        adapt_date = connection.ops.adapt_datefield_value
        return lambda value: (
            None if value is None else adapt_date(value) if value.__class__ is date else prepared(value)
        )
    if kind is models.DateTimeField and connection.vendor == "sqlite" and settings.USE_TZ:
        zone = connection.timezone
        last = [None, None]  # the last value adapted, and its parameter

        # SQLite's own adaptation (make_naive in the connection's zone, then str), without its
        # checks on each value: a sync writes three dates for each of its thousands of rows,
        # and an insert gives all its rows the same creation moment (adapted once).
        def adapt_moment(value):
            if value is last[0]:
                return last[1]
            if value.__class__ is datetime and value.tzinfo is zone:
                adapted = str(value.replace(tzinfo=None))
            elif value.__class__ is datetime and value.tzinfo is not None:
                adapted = str(value.astimezone(zone).replace(tzinfo=None))
            else:
                adapted = prepared(value)
            last[:] = value, adapted
            return adapted

        return adapt_moment
    if kind is models.DateTimeField:
        adapt_moment = connection.ops.adapt_datetimefield_value
        return lambda value: (
            None
            if value is None
            else adapt_moment(value)
            if value.__class__ is datetime and value.tzinfo is not None
            else prepared(value)
        )
    return prepared


def _table(model, connection, columns: Sequence[models.Field]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ", f"({', '.join(['%s'] * len(columns))})"


def _chunks(rows: list, size: int):
    for start in range(0, len(rows), size):
        yield start, rows[start : start + size]


def insert(model: type[models.Model], objs: Sequence[models.Model], *, returning: bool = True) -> None:
    """Inserts unsaved `objs` of `model`; with `returning`, sets each one's primary key.

    Fields that fill themselves on creation (`auto_now`, `auto_now_add`) are filled as `save()`
    would, with one moment for the whole call; defaults are already on the instances. The
    instances' state is marked saved.
    """
    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    # The key is the database's to give, unless the instances carry one.
    columns = [
        field for field in meta.concrete_fields if not (field.primary_key and getattr(objs[0], field.attname) is None)
    ]
    filled = [field for field in columns if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    for field in filled:
        moment = field.pre_save(objs[0], add=True)
        for obj in objs:
            setattr(obj, field.attname, moment)
    prepare = preparer(columns, connection)
    names = [field.attname for field in columns]
    rows = [prepare([obj.__dict__[name] for name in names]) for obj in objs]
    if not returning:
        insert_values(model, names, rows)
        _saved(objs, using)
        return
    head, placeholders = _table(model, connection, columns)
    # SQLite's limit on parameters (Django's count), PostgreSQL's 65 535.
    size = max(1, min(connection.ops.bulk_batch_size(columns, objs), 60_000 // len(columns)))
    pk = meta.pk
    suffix = f" RETURNING {connection.ops.quote_name(pk.column)}"
    with connection.cursor() as cursor:
        for start, chunk in _chunks(rows, size):
            cursor.execute(head + ", ".join([placeholders] * len(chunk)) + suffix, [v for row in chunk for v in row])
            for obj, (key,) in zip(objs[start : start + len(chunk)], cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, key)
    _saved(objs, using)


def _saved(objs: Sequence[models.Model], using: str) -> None:
    for obj in objs:
        obj._state.adding, obj._state.db = False, using


def insert_values(model: type[models.Model], names: Sequence[str], rows: list[list]) -> None:
    """Inserts `rows` of values already adapted (`adapters`) for the fields `names` (attnames):
    one `executemany`."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    head, placeholders = _table(model, connection, [model._meta.get_field(name) for name in names])
    with connection.cursor() as cursor:
        cursor.executemany(head + placeholders, rows)


def insert_rows(model: type[models.Model], names: Sequence[str], rows: list[list]) -> None:
    """Inserts `rows` of raw values for the fields `names` (attnames), each adapted by its
    field (`preparer`): what `insert` writes, without an instance per row."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    prepare = preparer([model._meta.get_field(name) for name in names], connection)
    insert_values(model, names, [prepare(row) for row in rows])


def update_values(model: type[models.Model], names: Sequence[str], rows: list[list]) -> None:
    """Writes the fields `names` (attnames) from `rows` of adapted values, each row ending with
    the primary key it updates: one `executemany`, where the ORM's `bulk_update` builds a CASE
    per field and row."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote, meta = connection.ops.quote_name, model._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s", rows)


def insert_history(
    model: type[models.Model], objs: Sequence[models.Model], *, date, user, reason: str, history_type: str = "+"
) -> None:
    """simple-history's records of `objs` as they are stored (just written, in this
    transaction): what `bulk_history_create` stores, copied by the database from the model's
    table (`INSERT … SELECT`, one statement per chunk of keys) rather than sent back to it, row
    by row, from the instances."""
    if not objs:
        return
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    extras = {
        "history_date": date,
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    copied = [f for f in history._meta.concrete_fields if not f.primary_key and f.attname not in extras]
    source = {f.attname: f.column for f in model._meta.concrete_fields}
    targets = ", ".join(quote(f.column) for f in [*copied, *(history._meta.get_field(name) for name in extras)])
    selected = ", ".join([*(quote(source[f.attname]) for f in copied), *(["%s"] * len(extras))])
    fixed = preparer([history._meta.get_field(name) for name in extras], connection)(list(extras.values()))
    key = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for _, chunk in _chunks([obj.pk for obj in objs], 900):
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({targets}) SELECT {selected} "
                f"FROM {quote(model._meta.db_table)} WHERE {key} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {key}",
                [*fixed, *chunk],
            )


def update(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """Writes the fields `names` (attnames) of saved `objs` (`update_values`)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    prepare = preparer([model._meta.get_field(name) for name in names], connection)
    update_values(model, names, [[*prepare([getattr(obj, name) for name in names]), obj.pk] for obj in objs])
