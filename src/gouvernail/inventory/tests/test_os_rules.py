"""Windows 11 / Windows 10 / other, from what an inventory or an MDM reports."""

import pytest

from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.os_rules import build_number, classify_os


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [
        ("Windows 11 Professionnel", "10.0.22631", OsClass.WINDOWS_11),
        ("Microsoft Windows 11 Entreprise", "10.0.26100.2314", OsClass.WINDOWS_11),
        ("Windows", "10.0.22000", OsClass.WINDOWS_11),
        ("", "10.0.22631", OsClass.WINDOWS_11),
        ("", "22631", OsClass.WINDOWS_11),
        ("Windows 10 Professionnel", "10.0.19045", OsClass.WINDOWS_10),
        ("Windows", "10.0.21999", OsClass.WINDOWS_10),
        ("Windows 10 Famille", "10.0.10240", OsClass.WINDOWS_10),
        ("Windows 11 Professionnel", "23H2", OsClass.WINDOWS_11),
        ("Windows 10 Pro", "22H2", OsClass.WINDOWS_10),
        ("Windows 11 Professionnel", "", OsClass.WINDOWS_11),
        # The build decides over a mislabelled name: 19045 is a Windows 10 build.
        ("Windows 11 Professionnel", "10.0.19045", OsClass.WINDOWS_10),
        ("Windows 7 Professionnel", "6.1.7601", OsClass.OTHER),
        ("Windows Server 2025", "10.0.26100", OsClass.OTHER),
        ("Windows Server 2019 Standard", "10.0.17763", OsClass.OTHER),
        ("macOS Sonoma", "14.5", OsClass.OTHER),
        ("macOS", "10.0.22631", OsClass.OTHER),
        ("Android", "14", OsClass.OTHER),
        ("iOS", "17.4.1", OsClass.OTHER),
        ("Ubuntu", "24.04", OsClass.OTHER),
        ("", "", OsClass.UNKNOWN),
        (None, None, OsClass.UNKNOWN),
    ],
)
def test_it_classifies_an_os_by_its_build_then_its_name(name, version, expected):
    assert classify_os(name, version) == expected


@pytest.mark.parametrize(("name", "version"), [("Windows 11 Professionnel", "10.0.26100"), ("", "10.0.22631")])
def test_a_server_is_never_counted_as_a_windows_11_workstation(name, version):
    assert classify_os(name, version, is_server=True) == OsClass.OTHER


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("10.0.22631", 22631),
        ("10.0.22631.4317", 22631),
        (" 10.0.19045 ", 19045),
        ("22631", 22631),
        ("22631.4317", 22631),
        ("23H2", None),
        ("", None),
        (None, None),
        ("10.0", None),
        ("6.1.7601", None),
    ],
)
def test_it_reads_the_build_number_from_a_version(version, expected):
    assert build_number(version) == expected
