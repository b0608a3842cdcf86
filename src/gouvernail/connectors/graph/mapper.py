"""Graph JSON → directory users and managed devices, as little personal data as serves.

A user keeps what the indicators need — enabled, department, guest or member, the *date* of
the last sign-in, MFA registered — and an e-mail used only to match a person of the
référentiel. A device keeps what identifies it in the fleet (serial, name, Entra device id)
and its OS, compliance and last sync; not its user.
"""

from dataclasses import dataclass
from datetime import date, datetime

from gouvernail.connectors.values import as_bool, as_text, clean_serial, normalise_email, read_datetime, to_date
from gouvernail.inventory.os_rules import classify_os


@dataclass(frozen=True)
class DirectoryUser:
    remote_id: str
    email: str  # for matching only; "" when neither mail nor a UPN with @ is known
    upn: str  # the lower-cased userPrincipalName, tried when `email` (the mail) matches nobody
    enabled: bool
    department: str
    is_guest: bool
    last_sign_in: date | None  # None: never signed in, or unknown (see sign_in_known)
    sign_in_known: bool  # False when the tenant's licence hides sign-in activity
    mfa_registered: bool | None  # None: registration report unavailable or user absent from it


@dataclass(frozen=True)
class ManagedDevice:
    remote_id: str
    name: str
    serial: str  # "" for a missing or placeholder serial
    manufacturer: str
    model: str
    os_name: str
    os_version: str
    os_class: str  # inventory.choices.OsClass
    compliance: str  # compliant, noncompliant, inGracePeriod, unknown…
    last_sync: datetime | None
    encrypted: bool | None
    entra_device_id: str
    personal: bool  # managedDeviceOwnerType == "personal" (BYOD)


def last_sign_in(activity) -> datetime | None:
    """The latest successful sign-in, or failing that (before Dec. 2023, when the field did not
    exist) the latest interactive or non-interactive attempt."""
    if not isinstance(activity, dict):
        return None
    successful = read_datetime(activity.get("lastSuccessfulSignInDateTime"))
    if successful is not None:
        return successful
    attempts = [read_datetime(activity.get(key)) for key in ("lastSignInDateTime", "lastNonInteractiveSignInDateTime")]
    return max(filter(None, attempts), default=None)


def map_users(
    items: list[dict], registrations: list[dict] | None, *, sign_in_available: bool
) -> tuple[DirectoryUser, ...]:
    registered = {}
    for row in registrations or []:
        if isinstance(row, dict) and as_text(row.get("id")):
            registered[as_text(row.get("id"))] = as_bool(row.get("isMfaRegistered"))
    users = []
    for item in items:
        remote_id = as_text(item.get("id"))
        if not remote_id:
            continue
        upn = normalise_email(item.get("userPrincipalName"))
        users.append(
            DirectoryUser(
                remote_id=remote_id,
                email=normalise_email(item.get("mail")) or upn,
                upn=upn,
                # accountEnabled is only returned when selected; absent means we do not know → enabled.
                enabled=as_bool(item.get("accountEnabled")) is not False,
                department=as_text(item.get("department")),
                is_guest=as_text(item.get("userType")).lower() == "guest",
                last_sign_in=to_date(last_sign_in(item.get("signInActivity"))) if sign_in_available else None,
                sign_in_known=sign_in_available,
                mfa_registered=registered.get(remote_id) if registrations is not None else None,
            )
        )
    return tuple(users)


def map_device(item: dict) -> ManagedDevice | None:
    remote_id = as_text(item.get("id"))
    if not remote_id:
        return None
    os_name, os_version = as_text(item.get("operatingSystem")), as_text(item.get("osVersion"))
    return ManagedDevice(
        remote_id=remote_id,
        name=as_text(item.get("deviceName")),
        serial=clean_serial(item.get("serialNumber")),
        manufacturer=as_text(item.get("manufacturer")),
        model=as_text(item.get("model")),
        os_name=os_name,
        os_version=os_version,
        os_class=classify_os(os_name, os_version),
        compliance=as_text(item.get("complianceState")) or "unknown",
        last_sync=read_datetime(item.get("lastSyncDateTime")),
        encrypted=as_bool(item.get("isEncrypted")),
        entra_device_id=as_text(item.get("azureADDeviceId")).replace("00000000-0000-0000-0000-000000000000", ""),
        personal=as_text(item.get("managedDeviceOwnerType")).lower() == "personal",
    )


__all__ = ("DirectoryUser", "ManagedDevice", "last_sign_in", "map_device", "map_users")
