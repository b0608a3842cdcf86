"""Builders for the rows of the `servicedesk` app: a valid row with sensible defaults, overridable."""

from django.utils import timezone

from gouvernail.core.models import Organisation
from gouvernail.servicedesk.models import AssignmentGroup, CategoryMapping, Request


def make_request(organisation: Organisation, external_id: str = "1", **fields) -> Request:
    defaults = {"source": "gestsup", "opened_at": timezone.now(), "status": "nouvelle", "family": "support"}
    return Request.objects.create(organisation=organisation, external_id=external_id, **{**defaults, **fields})


def make_category_mapping(organisation: Organisation, category: str = "Téléphonie", **fields) -> CategoryMapping:
    return CategoryMapping.objects.create(organisation=organisation, category=category, **{"family": "sites", **fields})


def make_assignment_group(organisation: Organisation, vendor, group: str = "Infogérance N2") -> AssignmentGroup:
    return AssignmentGroup.objects.create(organisation=organisation, vendor=vendor, group=group)
