"""The equipment model: the Windows generation is stored on save, the dates are consistent."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.inventory import make_equipment


@pytest.mark.parametrize(
    ("family", "os_name", "os_version", "expected"),
    [
        ("pc_portable", "Windows 11 Professionnel", "10.0.22631", OsClass.WINDOWS_11),
        ("pc_fixe", "Windows 10 Professionnel", "10.0.19045", OsClass.WINDOWS_10),
        ("serveur", "Windows Server 2025", "10.0.26100", OsClass.OTHER),
        ("serveur", "Windows", "10.0.26100", OsClass.OTHER),
        ("pc_fixe", "Windows 11 Professionnel", "23H2", OsClass.WINDOWS_11),
        ("smartphone", "Android", "14", OsClass.OTHER),
        ("pc_portable", "macOS", "14.5", OsClass.OTHER),
        ("imprimante", "", "", OsClass.UNKNOWN),
    ],
)
def test_the_windows_generation_is_stored_on_save(org, family, os_name, os_version, expected):
    equipment = make_equipment(org, family=family, os_name=os_name, os_version=os_version)

    assert Equipment.objects.get(pk=equipment.pk).os_class == expected


def test_the_windows_generation_follows_an_upgrade(org):
    equipment = make_equipment(org, os_name="Windows 10 Professionnel", os_version="10.0.19045")
    assert equipment.os_class == OsClass.WINDOWS_10

    equipment.os_name, equipment.os_version = "Windows 11 Professionnel", "10.0.26100"
    equipment.save()

    assert Equipment.objects.get(pk=equipment.pk).os_class == OsClass.WINDOWS_11


def test_a_workstation_turned_server_is_no_longer_counted_as_windows_11(org):
    equipment = make_equipment(org, family="pc_fixe", os_name="Windows", os_version="10.0.26100")
    assert equipment.os_class == OsClass.WINDOWS_11

    equipment.family = "serveur"
    equipment.save()

    assert Equipment.objects.get(pk=equipment.pk).os_class == OsClass.OTHER


def test_a_warranty_ending_before_the_purchase_is_refused(org):
    equipment = Equipment(
        organisation=org, family="pc_fixe", name="PC-01", purchase_date=date(2024, 5, 1), warranty_end=date(2024, 4, 30)
    )

    with pytest.raises(ValidationError) as error:
        equipment.full_clean()

    assert error.value.message_dict == {"warranty_end": ["La fin de garantie précède la date d'achat."]}


def test_clean_strips_the_serial_number(org):
    equipment = Equipment(organisation=org, family="pc_fixe", name="PC-01", serial="  SN-42 ")

    equipment.full_clean()

    assert equipment.serial == "SN-42"


def test_an_equipment_is_assigned_when_it_has_a_person(org):
    from gouvernail.testing.factories.core import make_person

    assert not make_equipment(org, "PC-STOCK").is_assigned
    assert make_equipment(org, "PC-DGS", assigned_to=make_person(org)).is_assigned
