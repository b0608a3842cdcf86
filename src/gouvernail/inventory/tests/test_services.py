"""`equipment_upsert`: the one matching rule, derived fields, versions, journal, batches."""

import datetime as dt

import pytest

from gouvernail.core import upsert as upsert_module
from gouvernail.core.choices import JournalAction
from gouvernail.core.models import JournalEntry
from gouvernail.core.upsert import REF
from gouvernail.inventory.choices import EquipmentSource, OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.inventory.services import equipment_name_key, equipment_upsert
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.vendors import make_vendor
from gouvernail.vendors.services import contracts_upsert

pytestmark = pytest.mark.django_db


def upsert(org, rows, **options):
    return equipment_upsert(organisation=org, source=EquipmentSource.GLPI, rows=rows, **options)


def test_a_host_name_is_matched_without_its_domain_its_netbios_prefix_or_its_case():
    assert equipment_name_key("PC-COMPTA-01.mairie.local") == equipment_name_key("MAIRIE\\pc-compta-01")
    assert equipment_name_key("Copieur R+1 (v2.0)") != equipment_name_key("Copieur R+1 (v2.1)")
    assert equipment_name_key("192.168.1.20") == "192 168 1 20"


def test_the_serial_wins_over_the_name(org):
    renamed = make_equipment(org, "ANCIEN-NOM", serial="SN-1")
    make_equipment(org, "PC-01")

    result = upsert(org, [{"name": "PC-01", "serial": "sn-1", "model": "OptiPlex"}])

    assert result.counts() == (0, 1, 0)
    renamed.refresh_from_db()
    assert (renamed.name, renamed.model) == ("PC-01", "OptiPlex")


def test_a_name_does_not_match_a_device_with_another_serial(org):
    make_equipment(org, "PC-01", serial="SN-1")

    result = upsert(org, [{"name": "PC-01", "serial": "SN-2", "family": "pc_fixe"}])

    assert result.created == 1 and Equipment.objects.filter(name="PC-01").count() == 2


def test_the_source_id_finds_a_device_renamed_in_the_source(org):
    upsert(org, [{"name": "PC-01", "external_id": "17", "family": "pc_fixe"}])

    result = upsert(org, [{"name": "PC-ACCUEIL", "external_id": "17"}])

    (device,) = Equipment.objects.filter(organisation=org)
    assert result.updated == 1 and (device.name, device.source, device.external_id) == ("PC-ACCUEIL", "glpi", "17")


def test_a_name_shared_by_two_devices_is_rejected_rather_than_guessed(org):
    make_equipment(org, "PC-01")
    make_equipment(org, "pc-01.mairie.local")

    result = upsert(org, [{REF: "ligne 4", "name": "PC-01", "os_name": "Windows"}])

    (rejected,) = result.rejected
    assert rejected.ref == "ligne 4"
    assert rejected.errors == {
        "name": ["Plusieurs fiches existantes ont le même nom : impossible de savoir laquelle mettre à jour."]
    }
    assert not Equipment.objects.exclude(os_name="").exists()


def test_an_empty_value_erases_nothing_and_the_windows_generation_is_derived(org):
    device = make_equipment(org, "PC-01", manufacturer="Dell")

    upsert(org, [{"name": "PC-01", "manufacturer": "", "os_name": "Windows 11 Pro", "os_version": "10.0.22631"}])

    device.refresh_from_db()
    assert (device.manufacturer, device.os_class) == ("Dell", OsClass.WINDOWS_11)


def test_each_batch_writes_its_rows_history_and_journal_in_bulk(org, django_assert_max_num_queries):
    rows = [{"name": f"PC-{n}", "serial": f"SN-{n}", "family": "pc_fixe"} for n in range(40)]

    with django_assert_max_num_queries(4 * 12):
        result = upsert(org, rows, batch_size=10)

    assert result.created == 40
    assert JournalEntry.objects.filter(action=JournalAction.CREATED, object_repr__startswith="PC-").count() == 40


def test_a_row_written_twice_in_one_run_is_one_device(org):
    rows = [{"name": "PC-01", "serial": "SN-1", "family": "pc_fixe"}, {"name": "pc-01", "serial": "SN-1", "model": "X"}]

    result = upsert(org, rows, batch_size=1)

    (device,) = Equipment.objects.filter(organisation=org)
    assert device.model == "X" and result.created == 1


def test_a_failure_on_the_last_batch_leaves_the_data_untouched(org, monkeypatch):
    stored = make_equipment(org, "PC-0", serial="SN-0")
    rows = [{"name": f"PC-{n}", "serial": f"SN-{n}", "family": "pc_fixe", "model": "Neuf"} for n in range(6)]
    original, calls = upsert_module._Upsert.write, []

    def write(self, creates, updates, changes):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("coupure")
        original(self, creates, updates, changes)

    monkeypatch.setattr(upsert_module._Upsert, "write", write)

    with pytest.raises(RuntimeError):
        upsert(org, rows, batch_size=2)

    assert list(Equipment.objects.values_list("pk", "model", "row_version")) == [(stored.pk, "", 1)]
    assert not JournalEntry.objects.filter(organisation=org).exclude(action=JournalAction.CREATED).exists()
    assert stored.history.count() == 1


def test_a_contract_gets_its_derived_dates_like_the_form_gives_them(org):
    vendor = make_vendor(org)
    row = {"reference": "C-1", "subject": "Maintenance", "vendor": vendor.pk, "start_date": dt.date(2025, 1, 1)}

    contracts_upsert(organisation=org, source="import", rows=[{**row, "duration_months": 12, "notice_months": 3}])

    (contract,) = vendor.contracts.all()
    assert (contract.end_date, contract.notice_deadline) == (dt.date(2025, 12, 31), dt.date(2025, 9, 30))


class TestAnEditFormOpenedBeforeASync:
    def test_gets_the_conflict_instead_of_overwriting_it(self, org, editor):
        device = make_equipment(org, "PC-01")
        url = f"/parc/{device.pk}/modifier/"
        form = editor.get(url).context["form"]
        data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}

        upsert(org, [{"name": "PC-01", "os_name": "Windows 11 Pro", "os_version": "10.0.22631"}])
        response = editor.post(url, {**data, "notes": "saisi pendant la synchronisation"})

        assert response.status_code == 409
        device.refresh_from_db()
        assert (device.os_name, device.notes, device.row_version) == ("Windows 11 Pro", "", 2)


def test_a_preview_opens_no_transaction_and_writes_nothing(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_equipment(org, "PC-01", serial="SN-1")

    with CaptureQueriesContext(connection) as queries:
        rows = [{"name": "PC-01", "serial": "SN-1", "model": "OptiPlex"}, {"name": "PC-02", "family": "pc_portable"}]
        result = upsert(org, rows, dry_run=True)

    assert result.counts() == (1, 1, 0)
    # On SQLite a transaction takes the write lock at once: a preview must not hold it.
    assert not [query["sql"] for query in queries if "SAVEPOINT" in query["sql"] or query["sql"].startswith("BEGIN")]
    assert Equipment.objects.filter(organisation=org).count() == 1
    assert Equipment.objects.get(organisation=org).model == ""
