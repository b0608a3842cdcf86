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
