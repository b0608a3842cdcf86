"""Writes of the vendors domain that check several rows or must be journaled as one act."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.core.models import User
from gouvernail.core.services import save_as
from gouvernail.core.upsert import Referential, UpsertResult, normalise_name, upsert
from gouvernail.vendors.choices import ProcurementStatus
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    ProcedureStep,
    Procurement,
    Score,
    ServiceLevel,
    ServiceLevelMeasurement,
    Vendor,
)


@transaction.atomic
def procurement_award(
    *, procurement: Procurement, candidate: Candidate, contract: Contract | None = None, acting_user: User | None
) -> Procurement:
    """Awards the procurement to a candidate: its vendor becomes the awardee, `contract` the
    resulting contract, and the status « attribué ». Journaled as one change of the procurement."""
    if candidate.procurement_id != procurement.pk:
        raise ValidationError({"candidate": "Ce candidat a répondu à un autre marché."})
    if not candidate.is_admissible:
        raise ValidationError({"candidate": "L'offre de ce candidat n'a pas été admise : elle ne peut être retenue."})
    if candidate.vendor_id is None:
        raise ValidationError(
            {"candidate": "Ce candidat n'est relié à aucun prestataire du référentiel : reliez-le d'abord."}
        )
    if contract is not None:
        if contract.organisation_id != procurement.organisation_id:
            raise ValidationError({"contract": "Ce contrat appartient à une autre organisation."})
        if contract.vendor_id != candidate.vendor_id:
            raise ValidationError(
                {"contract": f"Ce contrat est passé avec « {contract.vendor} », pas avec ce candidat."}
            )
    procurement.awarded_vendor = candidate.vendor
    procurement.awarded_contract = contract
    procurement.status = ProcurementStatus.AWARDED
    procurement.row_version += 1  # an edit form opened before the award must not overwrite it
    save_as(procurement, acting_user)
    return procurement


@transaction.atomic
def score_set(
    *, candidate: Candidate, criterion: Criterion, score: Decimal, justification: str = "", acting_user: User | None
) -> Score:
    """Creates or updates the score of a candidate on a criterion, validated (0 to 20, same procurement)."""
    row = Score.objects.filter(candidate=candidate, criterion=criterion).first()
    if row is None:
        row = Score(organisation_id=candidate.organisation_id, candidate=candidate, criterion=criterion)
    else:
        row.row_version += 1
    row.score = Decimal(score)
    row.justification = justification
    row.full_clean(exclude=["organisation"], validate_constraints=False)
    return save_as(row, acting_user)


@transaction.atomic
def sla_measurement_record(
    *, service_level: ServiceLevel, month, value: Decimal, request_count: int, source: str, acting_user: User | None
) -> ServiceLevelMeasurement:
    """Writes the month's computed measurement of a service level (met and penalty derive on
    save). It replaces the month's previous value, computed or entered before the vendor's
    groups were known: the journal keeps the one replaced."""
    row = ServiceLevelMeasurement.objects.filter(service_level=service_level, month=month).first()
    if row is None:
        row = ServiceLevelMeasurement(organisation_id=service_level.organisation_id, service_level=service_level)
        row.month = month
    elif (row.value, row.request_count, row.is_computed, row.source) == (value, request_count, True, source):
        return row  # a second run over the same requests writes nothing
    else:
        row.row_version += 1
    row.value = value
    row.request_count = request_count
    row.is_computed = True
    row.source = source
    return save_as(row, acting_user)


#
# The one upsert imports go through
#

# A vendor is found by its normalised name; a contract by its reference, read the same way.
VENDORS = Referential(
    model=Vendor,
    name_keys=lambda values: [normalise_name(values.get("name"))],
    name_key=lambda values: normalise_name(values.get("name")),
)
CONTRACTS = Referential(
    model=Contract,
    name_field="reference",
    name_label="référence",
    name_keys=lambda values: [normalise_name(values.get("reference"))],
    name_key=lambda values: normalise_name(values.get("reference")),
    loaded=("reference",),
)


def vendors_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's vendors (see `core.upsert.upsert`)."""
    return upsert(
        VENDORS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


def contracts_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's contracts (see `core.upsert.upsert`); end date and
    notice deadline are derived by `Contract.derive()`."""
    return upsert(
        CONTRACTS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )


def _step_key(values: dict):
    position = values.get("position")
    return (values.get("procurement_id", values.get("procurement")), position) if position is not None else None


# A step of a procedure's calendar is found by its procurement and position (unique together).
PROCEDURE_STEPS = Referential(
    model=ProcedureStep,
    name_field="position",
    name_label="marché et ordre",
    name_keys=lambda values: [_step_key(values)],
    name_key=_step_key,
    loaded=("procurement_id", "position"),
)


def procedure_steps_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the steps of the organisation's procurements (see `core.upsert.upsert`)."""
    return upsert(
        PROCEDURE_STEPS,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )
