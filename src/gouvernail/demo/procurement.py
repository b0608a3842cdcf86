"""The study's procurement (« Accompagnement / infogérance SI »): its 19-step calendar from the
seed, and a synthetic offer analysis of the four candidates, awarded to the demo's outsourcer.

The calendar is the study's; which steps are done, the reference, the amount and the whole
offer analysis (criteria, candidates, scores) are invented and say so in their notes.
"""

from decimal import Decimal

from gouvernail.core.models import Organisation
from gouvernail.demo.records import persist, synthetic_note
from gouvernail.vendors.choices import ProcurementStatus
from gouvernail.vendors.models import Candidate, Contract, Criterion, ProcedureStep, Procurement, Vendor
from gouvernail.vendors.services import procurement_award, score_set

SYNTHETIC_ANALYSIS = "Analyse des offres synthétique : l'étude ne publie ni les candidats ni leurs notes."


def build_procurement(organisation: Organisation, seed: dict, *, outsourcer: Vendor, contract: Contract) -> Procurement:
    synthetic = seed["synthetic"]
    procurement = persist(
        Procurement(
            organisation=organisation,
            reference=seed["reference"],
            subject=seed["subject"],
            procedure_type=synthetic["procedure_type"],
            estimated_amount_ht=Decimal(synthetic["estimated_amount_ht"]),
            is_structuring=True,
            status=ProcurementStatus.ANALYSIS,
            notes=synthetic_note(
                "Calendrier de la procédure issu de l'étude ; référence, type de procédure, montant estimé, "
                f"avancement des étapes et analyse des offres inventés. {SYNTHETIC_ANALYSIS}"
            ),
        )
    )
    for position, step in enumerate(seed["steps"], start=1):
        persist(
            ProcedureStep(
                organisation=organisation,
                procurement=procurement,
                position=position,
                name=step["name"],
                planned_start=step.get("start"),
                planned_end=step.get("end"),
                is_done=step.get("done", False),
                is_estimate=step.get("estimate", False),
                notes=step.get("note", ""),
            )
        )
    criteria = [
        persist(
            Criterion(
                organisation=organisation,
                procurement=procurement,
                position=position,
                name=entry["name"],
                weight=Decimal(entry["weight"]),
                description=entry.get("description", ""),
            )
        )
        for position, entry in enumerate(synthetic["criteria"], start=1)
    ]
    awarded = None
    for entry in synthetic["candidates"]:
        is_outsourcer = entry.get("vendor") == "outsourcer"
        candidate = persist(
            Candidate(
                organisation=organisation,
                procurement=procurement,
                name=entry["name"],
                vendor=outsourcer if is_outsourcer else None,
                notes=synthetic_note(),
            )
        )
        for criterion, (score, justification) in zip(criteria, entry["scores"], strict=True):
            score_set(
                candidate=candidate,
                criterion=criterion,
                score=Decimal(str(score)),
                justification=justification,
                acting_user=None,
            )
        if is_outsourcer:
            awarded = candidate
    return procurement_award(procurement=procurement, candidate=awarded, contract=contract, acting_user=None)
