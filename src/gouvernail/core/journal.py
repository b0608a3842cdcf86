"""Feeds the global journal from django-simple-history's records.

Every journaled model gets a simple-history table; each new historical record is mirrored
into one `JournalEntry` row holding the fields that changed (before → after, as displayed).
"""

from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from gouvernail.core.choices import JournalAction
from gouvernail.core.formatting import display
from gouvernail.core.models import JournalEntry

# Set by core.services.journal_suspended() while an organisation is purged.
SUSPENDED: ContextVar[bool] = ContextVar("gouvernail_journal_suspended", default=False)

SKIPPED_FIELDS = {"id", "created", "last_updated", "row_version", "organisation"}


def display_value(instance: models.Model, field: models.Field, raw: Any) -> str | None:
    """The value as a reader of the journal expects it: choice labels, related names, French booleans."""
    if raw is None or raw == "":
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._base_manager.filter(pk=raw).first()
        return str(related) if related is not None else f"#{raw} (supprimé)"
    return display(raw)


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
