"""Feeds the global journal from django-simple-history's records.

Every journaled model gets a simple-history table; each new historical record is mirrored
into one `JournalEntry` row holding the fields that changed (before → after, as displayed).
"""

import functools
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from gouvernail.core.choices import JournalAction
from gouvernail.core.formatting import display
from gouvernail.core.models import JournalEntry, OrganisationScopedModel

# Set by core.services.journal_suspended() while an organisation is purged.
SUSPENDED: ContextVar[bool] = ContextVar("gouvernail_journal_suspended", default=False)

SKIPPED_FIELDS = {"id", "created", "last_updated", "row_version", "organisation"}


def display_value(instance: models.Model, field: models.Field, raw: Any) -> str | None:
    """The value as a reader of the journal expects it: choice labels, related names, French booleans."""
    if raw is None or raw == "":
        return None
    if field.choices:
        return str(_choice_labels(field).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=raw).first()
        return str(related) if related is not None else f"#{raw} (supprimé)"
    return display(raw)


@functools.cache
def _choice_labels(field: models.Field) -> dict:
    # An import journals thousands of values of the same few fields.
    return dict(field.flatchoices)


def _tracked_fields(history_instance) -> list[models.Field]:
    return [f for f in history_instance.instance_type._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _raw(record, field: models.Field) -> Any:
    value = getattr(record, field.attname)
    return None if value == "" else value


def compute_changes(history_instance) -> dict[str, list[str | None]]:
    """{field verbose name: [before, after]} for the fields this record changed."""
    fields = _tracked_fields(history_instance)
    action = history_instance.history_type
    previous = history_instance.prev_record if action == JournalAction.UPDATED else None
    changes = {}
    for field in fields:
        after = None if action == JournalAction.DELETED else _raw(history_instance, field)
        if action == JournalAction.UPDATED:
            before = _raw(previous, field) if previous is not None else None
        elif action == JournalAction.DELETED:
            before = _raw(history_instance, field)
        else:
            before = None
        if before == after:
            continue
        changes[str(field.verbose_name)] = [
            display_value(history_instance, field, before),
            display_value(history_instance, field, after),
        ]
    return changes


@receiver(post_create_historical_record)
def mirror_into_journal(sender, instance, history_instance, history_user=None, **kwargs) -> None:
    if SUSPENDED.get():
        return
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is None and instance._meta.label == "core.Organisation":
        organisation_id = instance.pk
    if organisation_id is None:
        return
    changes = compute_changes(history_instance)
    if history_instance.history_type == JournalAction.UPDATED and not changes:
        return  # a save that changed nothing a reader cares about
    JournalEntry.objects.create(
        organisation_id=organisation_id,
        timestamp=history_instance.history_date,
        user=history_user,
        user_label=history_user.email if history_user is not None else "système",
        action=history_instance.history_type,
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
        reason=history_instance.history_change_reason or "",
    )


@receiver(m2m_changed)
def journal_many_to_many(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Links (which sites use an application, which accounts operate a vendor) are journaled too.

    simple-history does not see them; one entry per add or remove names the links before/after.
    """
    if SUSPENDED.get() or reverse or action not in {"post_add", "post_remove", "pre_clear", "post_clear"}:
        return
    if not isinstance(instance, OrganisationScopedModel):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    manager = getattr(instance, field.name)
    if action == "pre_clear":
        instance._journal_cleared = {obj.pk for obj in manager.all()}
        return
    after = set(manager.values_list("pk", flat=True))
    changed = instance.__dict__.pop("_journal_cleared", set()) if action == "post_clear" else set(pk_set or ())
    before = after - changed if action == "post_add" else after | changed
    if before == after:
        return
    labels = {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=before | after)}
    user = _request_user()
    JournalEntry.objects.create(
        organisation_id=instance.organisation_id,
        timestamp=timezone.now(),
        user=user,
        user_label=user.email if user is not None else "système",
        action=JournalAction.UPDATED,
        content_type=ContentType.objects.get_for_model(instance.__class__),
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes={
            str(field.verbose_name): [
                ", ".join(sorted(labels.get(pk, f"#{pk}") for pk in before)) or None,
                ", ".join(sorted(labels.get(pk, f"#{pk}") for pk in after)) or None,
            ]
        },
    )


def _request_user():
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
