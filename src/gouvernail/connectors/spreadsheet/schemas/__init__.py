"""What each kind of import reads: its columns (French label, header synonyms, parser), the
columns a file must have, the natural key that finds an existing row, and the relations
resolved by name within the organisation.

Only fields a user can type in the model's form are importable; derived fields (end date
from a duration, Windows generation) are computed as the form's save would.

One module per domain holds its kinds; `base` what they are made of. This module lists them.
"""

from gouvernail.connectors.spreadsheet.schemas.applications import APPLICATIONS
from gouvernail.connectors.spreadsheet.schemas.base import Column, Kind
from gouvernail.connectors.spreadsheet.schemas.governance import DECISIONS, SCENARIOS
from gouvernail.connectors.spreadsheet.schemas.inventory import EQUIPMENT
from gouvernail.connectors.spreadsheet.schemas.organisation import PEOPLE, SERVICES, SITES
from gouvernail.connectors.spreadsheet.schemas.steering import ACTIONS, MILESTONES, PROJECTS, ROADMAP
from gouvernail.connectors.spreadsheet.schemas.vendors import CONTRACTS, PROCEDURE_STEPS, VENDORS

__all__ = ("KINDS", "Column", "Kind", "get_kind")

KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        EQUIPMENT,
        APPLICATIONS,
        VENDORS,
        CONTRACTS,
        PEOPLE,
        SITES,
        SERVICES,
        ACTIONS,
        ROADMAP,
        PROJECTS,
        MILESTONES,
        PROCEDURE_STEPS,
        DECISIONS,
        SCENARIOS,
    )
}


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Type d'import inconnu : {code} (attendu {', '.join(KINDS)}).") from None
