"""`core.bulk`: the rows, history and journal it writes are the ORM's, in a few statements."""

import datetime as dt
import warnings

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from gouvernail.core import bulk
from gouvernail.core.choices import JournalAction
from gouvernail.core.models import JournalEntry
from gouvernail.inventory.choices import EquipmentFamily, EquipmentState
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.inventory import make_equipment

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=1))


def device(org, name: str, **values) -> Equipment:
    return Equipment(
        organisation=org,
        name=name,
        family=EquipmentFamily.DESKTOP,
        purchase_date=dt.date(2021, 3, 31),
        state=EquipmentState.IN_SERVICE,
        **values,
    )


def stored(instance) -> dict:
    values = model_to_dict(Equipment.objects.get(pk=instance.pk))
    return {name: value for name, value in values.items() if name not in ("id", "created", "last_updated")}


def test_it_stores_what_save_stores_and_gives_each_row_its_key(org):
    saved = device(org, "PC-ORM", serial=41)
    saved.save()
    inserted = [device(org, "PC-BULK", serial=42), device(org, "PC-BULK-2", notes="é « » ' ; --")]

    bulk.insert(Equipment, inserted)

    assert all(instance.pk for instance in inserted) and not inserted[0]._state.adding
    assert {**stored(saved), "name": "PC-BULK", "serial": "42"} == stored(inserted[0])
    assert Equipment.objects.get(pk=inserted[1].pk).notes == "é « » ' ; --"
    assert Equipment.objects.get(pk=inserted[0].pk).created is not None


def test_it_gives_each_of_many_rows_its_own_key_in_chunks_the_database_accepts(org):
    rows = [device(org, f"PC-{number}") for number in range(1200)]

    bulk.insert(Equipment, rows)

    assert len({row.pk for row in rows}) == 1200
    assert dict(Equipment.objects.filter(name="PC-1199").values_list("pk", "name")) == {rows[-1].pk: "PC-1199"}


def test_an_aware_moment_is_stored_as_the_same_instant(org):
    moment = dt.datetime(2026, 3, 29, 2, 30, tzinfo=PARIS)
    entry = JournalEntry(
        organisation=org,
        timestamp=moment,
        action=JournalAction.CREATED,
        content_type=ContentType.objects.get_for_model(Equipment),
        object_id="1",
        changes={"nom": [None, "PC"]},
    )

    bulk.insert(JournalEntry, [entry], returning=False)

    (found,) = JournalEntry.objects.filter(organisation=org, timestamp=moment)
    assert found.changes == {"nom": [None, "PC"]}


def test_the_history_it_writes_is_simple_historys_record(org, users):
    user = users["referent_si"]
    first = make_equipment(org, "PC-01", serial="SN-1")
    first.model = "OptiPlex"
    now = timezone.now()

    bulk.update(Equipment, [first], ["model"])
    bulk.insert_history(Equipment, [first], date=now, user=user, reason="Import n° 3", history_type="~")

    latest = first.history.first()
    assert (latest.model, latest.history_type, latest.history_user, latest.history_change_reason) == (
        "OptiPlex",
        "~",
        user,
        "Import n° 3",
    )
    assert latest.history_date == now and latest.serial == "SN-1"
    assert Equipment.objects.get(pk=first.pk).model == "OptiPlex"


VALUES = (
    None,
    "",
    "PC-01",
    EquipmentFamily.LAPTOP,  # a choice: written as its value
    0,
    42,
    True,
    dt.date(2024, 2, 29),
    dt.datetime(2026, 3, 29, 2, 30, tzinfo=PARIS),
    dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC),
)


@pytest.mark.parametrize("field", Equipment._meta.concrete_fields, ids=lambda field: field.name)
def test_the_preparer_gives_the_drivers_parameters_the_adapters_give(field):
    from django.db import connection

    (adapt,) = bulk.adapters([field], connection)
    prepare = bulk.preparer([field], connection)
    for value in VALUES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a date for a moment: Django warns, and guesses
                expected = adapt(value)
        except (TypeError, ValueError, AttributeError, ValidationError, RuntimeWarning):
            continue  # a value this field cannot hold
        (prepared,) = prepare([value])
        assert (prepared, type(prepared)) == (expected, type(expected)), value


def test_an_insert_gives_all_its_rows_one_creation_moment(org):
    rows = [device(org, f"PC-{number}") for number in range(3)]

    bulk.insert(Equipment, rows)

    assert len({row.created for row in rows}) == 1
    assert set(Equipment.objects.filter(organisation=org).values_list("created", flat=True)) == {rows[0].created}


def test_the_history_of_an_insert_is_what_simple_history_records(org, users):
    from simple_history.utils import bulk_create_with_history

    values = {
        "manufacturer": "Dell",
        "notes": "é « »",
        "warranty_end": dt.date(2029, 2, 28),
        "model": "OptiPlex",
    }
    ours, theirs = (
        [device(org, "PC-A", **values), device(org, "PC-B")],
        [device(org, "PC-A", **values), device(org, "PC-B")],
    )
    moment = timezone.now()
    bulk.insert(Equipment, ours)
    bulk.insert_history(Equipment, ours, date=moment, user=users["referent_si"], reason="Import n° 3")
    bulk_create_with_history(
        theirs, Equipment, default_user=users["referent_si"], default_change_reason="Import n° 3", default_date=moment
    )

    def recorded(rows) -> list[dict]:
        found = Equipment.history.filter(id__in=[row.pk for row in rows]).order_by("id").values()
        return [{k: v for k, v in row.items() if k not in ("history_id", "id", "created")} for row in found]

    assert recorded(ours) == recorded(theirs) and len(recorded(ours)) == 2
    in_order = Equipment.history.filter(id__in=[row.pk for row in ours]).order_by("history_id")
    assert list(in_order.values_list("id", flat=True)) == [row.pk for row in ours]


def test_a_maker_builds_what_the_model_builds(org, django_assert_num_queries):
    make = bulk.maker(Equipment, organisation=org, family=EquipmentFamily.LAPTOP)

    made, built = make(), Equipment(organisation=org, family=EquipmentFamily.LAPTOP)

    assert model_to_dict(made) == model_to_dict(built)
    assert made._state.adding and made._state.db is None and made is not make()
    with django_assert_num_queries(0):
        assert made.organisation is org  # known, as after `Equipment(organisation=org)`


def test_a_maker_calls_a_callable_default_for_each_instance(org):
    make = bulk.maker(JournalEntry, organisation=org)

    first, second = make(), make()
    first.changes["nom"] = [None, "PC"]

    assert second.changes == {} and first.changes is not second.changes


def test_a_maker_builds_the_usual_way_a_model_a_receiver_watches():
    from django.db.models.signals import post_init

    seen = []

    def watch(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(watch, sender=JournalEntry)
    try:
        made = bulk.maker(JournalEntry, object_id="7")()
    finally:
        post_init.disconnect(watch, sender=JournalEntry)

    assert seen[-1] is made and made.object_id == "7"


def test_the_collector_is_paused_within_and_as_it_was_after():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with bulk.collector_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()  # paused by someone else: left so
    finally:
        gc.enable()


def test_a_history_written_by_no_one_names_no_one(org):
    rows = [device(org, "PC-SYSTÈME")]
    bulk.insert(Equipment, rows)

    bulk.insert_history(Equipment, rows, date=timezone.now(), user=None, reason="", history_type="~")

    (record,) = Equipment.history.filter(id=rows[0].pk)
    assert (record.history_user, record.history_type, record.name) == (None, "~", "PC-SYSTÈME")
