"""Vendors and contracts (vendors.py); procurements and their offer analysis (procurements.py)."""

from gouvernail.vendors.models.procurements import (
    Candidate,
    Criterion,
    Lot,
    ProcedureStep,
    ProcedureStepQuerySet,
    Procurement,
    Score,
)
from gouvernail.vendors.models.service_levels import ServiceLevel, ServiceLevelMeasurement
from gouvernail.vendors.models.vendors import (
    RENEWAL_HORIZON_MONTHS,
    Contract,
    ContractQuerySet,
    Vendor,
    VendorContact,
    VendorQuerySet,
    VendorScopedQuerySet,
    derive_end_date,
)

__all__ = (
    "RENEWAL_HORIZON_MONTHS",
    "Candidate",
    "Contract",
    "ContractQuerySet",
    "Criterion",
    "Lot",
    "ProcedureStep",
    "ProcedureStepQuerySet",
    "Procurement",
    "Score",
    "ServiceLevel",
    "ServiceLevelMeasurement",
    "Vendor",
    "VendorContact",
    "VendorQuerySet",
    "VendorScopedQuerySet",
    "derive_end_date",
)
