"""Writes of the data-protection domain that touch several rows or must be journaled as one act."""

from dataclasses import dataclass

from django.db import transaction

from gouvernail.applications.models import Application
from gouvernail.core.models import Organisation, Service, User
from gouvernail.core.services import save_as
from gouvernail.dataprotection.models import ProcessingActivity, ProcessorEngagement
from gouvernail.dataprotection.register_io import PLAIN_FIELDS, row_changes
from gouvernail.vendors.models import Vendor


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def activities_import(*, organisation: Organisation, rows: list[dict], acting_user: User | None) -> ImportResult:
    """Creates or updates the activities of `rows` (plain values read by `register_io`), matched by
    reference; activities absent from the file are left as they are. A row whose values equal
    the stored ones is not written (no journal entry, no new version): an export imported back
    changes nothing. Relations are checked against the organisation again, as the file may
    have waited between preview and confirmation."""
    result = ImportResult()
    existing = {a.reference.casefold(): a for a in ProcessingActivity.objects.filter(organisation=organisation)}
    application_ids = set(Application.objects.filter(organisation=organisation).values_list("pk", flat=True))
    vendor_ids = set(Vendor.objects.filter(organisation=organisation).values_list("pk", flat=True))
    service_ids = set(Service.objects.filter(organisation=organisation).values_list("pk", flat=True))
    for values in rows:
        if (
            not set(values.get("applications", ())) <= application_ids
            or not set(values.get("processors", ())) <= vendor_ids
            or (values.get("responsible_service") not in service_ids | {None})
        ):
            raise ValueError(f"L'activité « {values['reference']} » cite un élément supprimé depuis l'aperçu.")
        activity = existing.get(values["reference"].casefold())
        if activity is not None and not row_changes(activity, values):
            result.unchanged += 1
            continue
        if activity is None:
            activity = ProcessingActivity(organisation=organisation)
            result.created += 1
        else:
            activity.row_version += 1
            result.updated += 1
        for name in PLAIN_FIELDS:
            if name in values:
                target = "responsible_service_id" if name == "responsible_service" else name
                setattr(activity, target, values[name])
        save_as(activity, acting_user)
        if "applications" in values:
            activity.applications.set(values["applications"])
        if "processors" in values:
            activity_processors_set(activity=activity, vendor_ids=values["processors"], acting_user=acting_user)
    return result


@transaction.atomic
def activity_processors_set(*, activity: ProcessingActivity, vendor_ids, acting_user: User | None) -> None:
    """Makes the activity's processors exactly `vendor_ids`: a vendor kept keeps its contract and
    clause, a new one starts « clause à vérifier », a vendor no longer named is removed."""
    wanted = set(vendor_ids)
    current = {engagement.vendor_id: engagement for engagement in activity.processors.all()}
    for vendor_id, engagement in current.items():
        if vendor_id not in wanted:
            if acting_user is not None:
                engagement._history_user = acting_user
            engagement.delete()
    for vendor_id in sorted(wanted - set(current)):
        save_as(
            ProcessorEngagement(organisation_id=activity.organisation_id, activity=activity, vendor_id=vendor_id),
            acting_user,
        )
