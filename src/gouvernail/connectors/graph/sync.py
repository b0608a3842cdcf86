"""One synchronisation of Intune (Graph): the managed devices' operating system onto the
inventory, and, for the indicators to come, the MFA coverage of the directory as counts.

Devices match equipment by serial, then by name (`EquipmentMatcher`); an unknown device is
counted, never created. No person is created nor named: directory users only feed numbers.
"""

from datetime import date

from django.db import transaction

from gouvernail.connectors.graph.client import GraphClient
from gouvernail.connectors.graph.mapper import map_device, map_users
from gouvernail.connectors.sync_base import EquipmentMatcher, Progress, SyncCounts, write_fields
from gouvernail.core.models import Organisation

__all__ = ("sync",)


def sync(
    organisation: Organisation,
    client: GraphClient,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    with_mfa: bool = True,
) -> SyncCounts:
    counts = SyncCounts()
    with transaction.atomic():
        devices = [device for device in map(map_device, client.managed_devices()) if device is not None]
        if with_mfa:
            counts.extra.update(_mfa_coverage(client))
        matcher = EquipmentMatcher(organisation)
        for done, device in enumerate(devices, start=1):
            equipment = matcher.find(serial=device.serial, name=device.name)
            if equipment is None:
                counts.add("unmatched")
            else:
                values = {"os_name": device.os_name[:120], "os_version": device.os_version[:60]}
                write_fields(equipment, values, counts)
            if progress:
                progress(done, len(devices))
    return counts


def _mfa_coverage(client: GraphClient) -> dict[str, int]:
    """Enabled member accounts and how many registered MFA; « inconnue » when the licence
    hides the registration report (never read as « non »)."""
    listing = client.users()
    users = map_users(listing.items, client.registration_details(), sign_in_available=listing.sign_in_available)
    members = [user for user in users if user.enabled and not user.is_guest]
    return {
        "comptes actifs": len(members),
        "MFA enregistrée": sum(1 for user in members if user.mfa_registered is True),
        "MFA inconnue": sum(1 for user in members if user.mfa_registered is None),
    }
