"""One synchronisation of Entra ID / Intune (Graph): the managed devices' operating system onto
the inventory, and the directory accounts onto the people of the référentiel.

Devices update equipment through `inventory.services.equipment_upsert` (serial, then name;
neither is written); an unknown device is counted, never created. A member account matches a
person by its mail, else by its userPrincipalName, among the people's work e-mails and their Gouvernail logins' e-mails
(`core.services.person_ids_by_email`); the person then gets only enabled / MFA registered /
last sign-in date (`core.DirectoryAccount`), for the MFA coverage and dormant-account
indicators. Unmatched accounts (guests included) are counted, never stored; a person the
directory no longer lists goes back to « inconnu ».
"""

from datetime import date

from django.db import transaction

from gouvernail.connectors.graph.client import GraphClient
from gouvernail.connectors.graph.mapper import DirectoryUser, map_device, map_users
from gouvernail.connectors.sync_base import Progress, SyncCounts
from gouvernail.core.models import Organisation
from gouvernail.core.services import AccountState, directory_accounts_replace, person_ids_by_email
from gouvernail.core.upsert import REF
from gouvernail.inventory.choices import EquipmentSource
from gouvernail.inventory.services import equipment_upsert

__all__ = ("ACCOUNTS_SECTION", "GraphCounts", "sync")

ACCOUNTS_SECTION = "Comptes de l'annuaire"


class GraphCounts(SyncCounts):
    """Devices in the inherited counts (the run log's first section, as before), directory
    accounts apart in `accounts`."""

    def __init__(self):
        super().__init__()
        self.accounts = SyncCounts()

    def sections(self, heading: str) -> dict[str, dict[str, int]]:
        return {heading: self.as_dict(), ACCOUNTS_SECTION: self.accounts.as_dict()}


def sync(
    organisation: Organisation,
    client: GraphClient,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    with_mfa: bool = True,
    run=None,
) -> GraphCounts:
    """`with_mfa=False` reads devices only and leaves the directory accounts as they are."""
    counts = GraphCounts()
    with transaction.atomic():
        devices = [device for device in map(map_device, client.managed_devices()) if device is not None]
        if with_mfa:
            listing = client.users()
            users = map_users(listing.items, client.registration_details(), sign_in_available=listing.sign_in_available)
            counts.extra.update(_mfa_coverage(users))
            _accounts_write(organisation, users, counts)
        rows = (
            {
                REF: f"Appareil Intune « {device.name} »",
                "serial": device.serial,
                "name": device.name,
                "os_name": device.os_name[:120],
                "os_version": device.os_version[:60],
            }
            for device in devices
        )
        result = equipment_upsert(
            organisation=organisation,
            source=EquipmentSource.GRAPH,
            rows=rows,
            run=run,
            create=False,
            match_only=("serial", "name"),
        )
        counts.add_result(result)
        if progress:
            progress(len(devices), len(devices))
    return counts


def _accounts_write(organisation: Organisation, users: tuple[DirectoryUser, ...], counts: GraphCounts) -> None:
    people = person_ids_by_email(organisation)
    states: dict[int, AccountState] = {}
    duplicates = 0
    for user in users:
        # A guest's second factor is its home tenant's business: not one of our agents' accounts.
        person_id = None if user.is_guest else people.get(user.email) or people.get(user.upn)
        if person_id is None:
            counts.accounts.add("unmatched")
            continue
        if person_id in states:
            duplicates += 1
            counts.accounts.add("unmatched")
            continue
        states[person_id] = AccountState(
            enabled=user.enabled, mfa_registered=user.mfa_registered, last_sign_in=user.last_sign_in
        )
    for outcome, number in directory_accounts_replace(organisation=organisation, states=states).items():
        counts.accounts.add(outcome, number)
    if duplicates:
        counts.warnings.append(
            f"{duplicates} compte(s) de l'annuaire désignent une personne déjà rapprochée par un autre compte : "
            "seul le premier a été retenu."
        )


def _mfa_coverage(users: tuple[DirectoryUser, ...]) -> dict[str, int]:
    """Enabled member accounts and how many registered MFA, matched or not; « inconnue » when the
    licence hides the registration report (never read as « non »)."""
    members = [user for user in users if user.enabled and not user.is_guest]
    return {
        "comptes actifs": len(members),
        "MFA enregistrée": sum(1 for user in members if user.mfa_registered is True),
        "MFA inconnue": sum(1 for user in members if user.mfa_registered is None),
    }
