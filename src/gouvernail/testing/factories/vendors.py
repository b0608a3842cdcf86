"""Builders for the rows of the `vendors` app: a valid row with sensible defaults, overridable."""

from datetime import date
from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.vendors.models import (
    Candidate,
    Contract,
    Criterion,
    Lot,
    ProcedureStep,
    Procurement,
    Score,
    Vendor,
    VendorContact,
)


def make_vendor(organisation: Organisation, name: str = "Infogérance Ouest", **fields) -> Vendor:
    return Vendor.objects.create(organisation=organisation, name=name, **fields)


def make_contact(organisation: Organisation, vendor: Vendor, **fields) -> VendorContact:
    return VendorContact.objects.create(
        organisation=organisation, vendor=vendor, **{"label": "Hotline", "email": "support@example.org", **fields}
    )


def make_contract(organisation: Organisation, vendor: Vendor, reference: str = "2025-INF-01", **fields) -> Contract:
    defaults = {
        "subject": "Infogérance du parc",
        "start_date": date(2025, 1, 1),
        "duration_months": 36,
        "notice_months": 3,
        "annual_amount_ht": Decimal("12000.00"),
    }
    return Contract.objects.create(
        organisation=organisation, vendor=vendor, reference=reference, **{**defaults, **fields}
    )


def make_procurement(organisation: Organisation, reference: str = "2025-SI-01", **fields) -> Procurement:
    defaults = {"subject": "Accompagnement / infogérance SI", "estimated_amount_ht": Decimal("168000.00")}
    return Procurement.objects.create(organisation=organisation, reference=reference, **{**defaults, **fields})


def make_lot(procurement: Procurement, number: int = 1, **fields) -> Lot:
    return Lot.objects.create(
        organisation=procurement.organisation,
        procurement=procurement,
        number=number,
        **{"title": "Infogérance", **fields},
    )


def make_step(procurement: Procurement, position: int = 1, **fields) -> ProcedureStep:
    defaults = {"name": "Publication de la consultation", "planned_start": date(2025, 12, 3)}
    return ProcedureStep.objects.create(
        organisation=procurement.organisation, procurement=procurement, position=position, **{**defaults, **fields}
    )


def make_criterion(procurement: Procurement, name: str = "Prix", weight: str = "100", **fields) -> Criterion:
    return Criterion.objects.create(
        organisation=procurement.organisation, procurement=procurement, name=name, weight=Decimal(weight), **fields
    )


def make_candidate(procurement: Procurement, name: str = "Candidat A", **fields) -> Candidate:
    return Candidate.objects.create(organisation=procurement.organisation, procurement=procurement, name=name, **fields)


def make_score(candidate: Candidate, criterion: Criterion, score: str = "15", **fields) -> Score:
    return Score.objects.create(
        organisation=candidate.organisation, candidate=candidate, criterion=criterion, score=Decimal(score), **fields
    )


def make_service_level(contract, indicator: str = "disponibilite", **fields):
    from decimal import Decimal

    from gouvernail.vendors.models import ServiceLevel

    defaults = {"target": Decimal("99.5"), "unit": "%", "penalty_per_breach": Decimal("150")}
    return ServiceLevel.objects.create(
        organisation=contract.organisation, contract=contract, indicator=indicator, **{**defaults, **fields}
    )


def make_sla_measurement(service_level, month, value, **fields):
    from gouvernail.vendors.models import ServiceLevelMeasurement

    return ServiceLevelMeasurement.objects.create(
        organisation=service_level.organisation, service_level=service_level, month=month, value=value, **fields
    )
