"""Writes of the inventory domain: the one upsert of equipment every import and sync goes through."""

import re
from functools import lru_cache

from gouvernail.core.upsert import Referential, UpsertResult, normalise_name, upsert
from gouvernail.inventory.models import Equipment

__all__ = ("EQUIPMENT", "equipment_name_key", "equipment_upsert")

_HOSTNAME = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


@lru_cache(maxsize=8192)  # a device's name is matched, then indexed: read two or three times
def equipment_name_key(name) -> str:
    """The name a device is matched by: « PC-COMPTA-01.mairie.local », « MAIRIE\\PC-COMPTA-01 »
    and « pc compta 01 » are one device. The domain suffix is dropped only from a host name
    (no spaces, not an address): « Copieur R+1 (v2.0) » keeps its whole name."""
    text = str(name or "").strip().lower().rsplit("\\", 1)[-1]
    if _HOSTNAME.fullmatch(text) and not text.replace(".", "").isdigit():
        text = text.split(".", 1)[0]
    return normalise_name(text)


# Serial number first, then the normalised name (only against a row without another
# serial), then the source's own id.
EQUIPMENT = Referential(
    model=Equipment,
    identifier="serial",
    identifier_label="numéro de série",
    name_keys=lambda values: [equipment_name_key(values.get("name"))],
    name_key=lambda values: equipment_name_key(values.get("name")),
)


def equipment_upsert(
    *, organisation, source: str, rows, acting_user=None, run=None, reason: str = "", **options
) -> UpsertResult:
    """Creates or updates the organisation's equipment from `rows` (see `core.upsert.upsert`
    for the options: `create`, `defaults`, `dry_run`, `batch_size`, `outcomes`)."""
    return upsert(
        EQUIPMENT,
        organisation=organisation,
        source=source,
        rows=rows,
        acting_user=acting_user,
        run=run,
        reason=reason,
        **options,
    )
