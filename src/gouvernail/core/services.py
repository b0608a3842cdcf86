"""Writes of the core domain that touch several models or must be journaled as one act."""

from contextlib import contextmanager
from datetime import date
from typing import NamedTuple

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.core.choices import Role
from gouvernail.core.models import (
    DirectoryAccount,
    JournalEntry,
    Membership,
    Organisation,
    Person,
    Service,
    Site,
    User,
    is_organisation_scoped,
    normalise_person_email,
)
from gouvernail.core.upsert import Referential, UpsertResult, normalise_name, upsert

EXISTING_ACCOUNT_REFUSED = (
    "Un compte Gouvernail existe déjà pour cette adresse : un administrateur d'organisation ne peut créer "
    "que de nouveaux comptes. Pour qu'une personne déjà inscrite travaille aussi dans votre organisation, "
    "adressez-vous à l'exploitant de l'instance."
)


@transaction.atomic
def membership_grant(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    person: Person | None = None,
    acting_user: User | None,
    new_account_only: bool = False,
) -> Membership:
    """Gives `email` a role in the organisation, creating the account (without a usable password) if new.

    `new_account_only` is for an organisation's administrator: attaching an existing account
    would pull a user of another organisation into theirs without the user's consent. Only
    the instance's operator (`createadmin`, the demo) reuses an existing account.
    """
    if new_account_only and User.objects.filter(email=email.lower()).exists():
        raise ValidationError({"email": EXISTING_ACCOUNT_REFUSED})
    user, created = User.objects.get_or_create(email=email.lower())
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership(organisation=organisation, user=user, role=role, person=person)
    save_as(membership, acting_user)
    return membership


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, acting_user: User | None, admin: User | None = None, **fields
) -> Organisation:
    organisation = Organisation(name=name, slug=slug, **fields)
    organisation.full_clean()
    save_as(organisation, acting_user)
    if admin is not None:
        save_as(Membership(organisation=organisation, user=admin, role=Role.ADMIN), acting_user)
    return organisation


@transaction.atomic
def organisation_purge(*, organisation: Organisation) -> None:
    """Deletes an organisation with all its rows, their history and its journal (used by `demo --reset`).

    The journal is silenced while rows are cascaded away: it would otherwise record each
    deletion against an organisation that is disappearing.
    """
    organisation_id = organisation.pk
    with journal_suspended():
        organisation.delete()
    for model in apps.get_models():
        if not hasattr(model, "instance_type"):  # only simple-history's historical models have it
            continue
        if model.instance_type is Organisation:
            model.objects.filter(id=organisation_id).delete()
        elif is_organisation_scoped(model):
            model.objects.filter(organisation_id=organisation_id).delete()
    JournalEntry.objects.filter(organisation_id=organisation_id).delete()


def save_as(instance, acting_user: User | None):
    """Saves with the journal naming `acting_user`.

    Without one (a command, a sync), the journal names the request's user, or « système ».
    """
    if acting_user is not None:
        instance._history_user = acting_user
    instance.save()
    return instance


@contextmanager
def journal_suspended():
    from gouvernail.core import journal

    token = journal.SUSPENDED.set(True)
    try:
        yield
    finally:
        journal.SUSPENDED.reset(token)


class AccountState(NamedTuple):
    """What the directory says of one person's account; None is « inconnu »."""

    enabled: bool | None
    mfa_registered: bool | None
    last_sign_in: date | None


ACCOUNT_FIELDS = AccountState._fields


def person_ids_by_email(organisation: Organisation) -> dict[str, int]:
    """Lower-cased e-mail → person id: the person's work e-mail, then the e-mail of the
    Gouvernail login linked to the person (most agents have no login; those who have may sign
    in with another address). A person with both is found by either; where an address is one
    person's work e-mail and another's login, the work e-mail wins. Two queries."""
    logins = Membership.objects.filter(
        organisation=organisation, person__isnull=False, person__organisation=organisation
    ).values_list("user__email", "person_id")
    found = {normalise_person_email(email): person_id for email, person_id in logins if email}
    own = Person.objects.filter(organisation=organisation).exclude(email="").values_list("email", "pk")
    found.update((normalise_person_email(email), person_id) for email, person_id in own)
    return found


@transaction.atomic
def directory_accounts_replace(*, organisation: Organisation, states: dict[int, AccountState]) -> dict[str, int]:
    """Makes the organisation's directory accounts exactly `states` (person id → state).

    A person absent from `states` loses its row: everything about its account becomes unknown.
    A bounded number of queries whatever the number of people; returns the counts written
    (`created`, `updated`, `unchanged`, `deleted`).
    """
    valid = set(Person.objects.filter(organisation=organisation, pk__in=list(states)).values_list("pk", flat=True))
    if len(valid) != len(states):
        raise ValueError("Des personnes n'appartiennent pas à l'organisation : aucun compte n'a été écrit.")
    existing = {account.person_id: account for account in DirectoryAccount.objects.filter(organisation=organisation)}
    created, changed = [], []
    for person_id, state in states.items():
        account = existing.get(person_id)
        if account is None:
            created.append(DirectoryAccount(organisation=organisation, person_id=person_id, **state._asdict()))
        elif tuple(getattr(account, name) for name in ACCOUNT_FIELDS) != tuple(state):
            for name, value in state._asdict().items():
                setattr(account, name, value)
            changed.append(account)
    DirectoryAccount.objects.bulk_create(created, batch_size=500)
    DirectoryAccount.objects.bulk_update(changed, ACCOUNT_FIELDS, batch_size=500)
    gone = [account.pk for person_id, account in existing.items() if person_id not in states]
    if gone:
        DirectoryAccount.objects.filter(pk__in=gone).delete()
    return {
        "created": len(created),
        "updated": len(changed),
        "unchanged": len(states) - len(created) - len(changed),
        "deleted": len(gone),
    }


#
# People: the one upsert imports go through
#


def _person_keys(values: dict) -> list[tuple]:
    last, first = normalise_name(values.get("last_name")), normalise_name(values.get("first_name"))
    return [(last, first), (last, first, values.get("service_id"))]


def _person_key(values: dict) -> tuple | None:
    """A person is found by last and first name, and by service too when the row gives one (two
    agents of the same name work in two services)."""
    last = normalise_name(values.get("last_name"))
    if not last:
        return None
    first = normalise_name(values.get("first_name"))
    if "service" in values or "service_id" in values:
        return (last, first, values.get("service_id", values.get("service")))
    return (last, first)


PEOPLE = Referential(
    model=Person,
    name_field="last_name",
    name_label="nom et prénom (et service s'il est fourni)",
    name_keys=_person_keys,
    name_key=_person_key,
    loaded=("last_name", "first_name", "service_id"),
    unique_fields=("email",),
)


def people_upsert(
    *, organisation: Organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's people (see `core.upsert.upsert`); the e-mail stays
    unique in the organisation: a row giving another person's address is rejected."""
    return upsert(
        PEOPLE,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


#
# Sites and services: found by their normalised name (imports create them, on request, from the
# names a file gives)
#

SITES = Referential(
    model=Site,
    name_keys=lambda values: [normalise_name(values.get("name"))],
    name_key=lambda values: normalise_name(values.get("name")),
)
SERVICES = Referential(
    model=Service,
    name_keys=lambda values: [normalise_name(values.get("name"))],
    name_key=lambda values: normalise_name(values.get("name")),
)


def sites_upsert(
    *, organisation: Organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's sites (see `core.upsert.upsert`)."""
    return upsert(
        SITES,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


def services_upsert(
    *, organisation: Organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's services (see `core.upsert.upsert`); the parent
    (« rattaché à ») is resolved by the caller within the organisation."""
    return upsert(
        SERVICES,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )
