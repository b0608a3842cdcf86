"""Writes of the core domain that touch several models or must be journaled as one act."""

from contextlib import contextmanager

from django.apps import apps
from django.db import transaction

from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry, Membership, Organisation, Person, User, is_organisation_scoped


@transaction.atomic
def membership_grant(
    *, organisation: Organisation, email: str, role: str, person: Person | None = None, acting_user: User | None
) -> Membership:
    """Gives `email` a role in the organisation, creating the account (without a usable password) if new."""
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
