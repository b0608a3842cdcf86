"""Builders for the rows of the `inventory` app: a valid row with sensible defaults, overridable."""

from gouvernail.core.models import Organisation
from gouvernail.inventory.models import Equipment


def make_equipment(organisation: Organisation, name: str = "PC-ACCUEIL-01", **fields) -> Equipment:
    return Equipment.objects.create(organisation=organisation, name=name, **{"family": "pc_fixe", **fields})
