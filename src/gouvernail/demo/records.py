"""What every demo builder shares: the seed, the synthetic label and a validating save."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import models

from gouvernail.core.services import save_as

SEED_PATH = Path(__file__).resolve().parent / "seed.yaml"

# The seed of every random draw: the demo must be identical on every machine and every load.
RANDOM_SEED = 2026

SYNTHETIC_NOTE = "Donnée de démonstration (synthétique)."


@cache
def load_seed() -> dict[str, Any]:
    """The seed facts (organisation, vendors, application map), read once per process."""
    with SEED_PATH.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def synthetic_note(detail: str = "") -> str:
    return f"{SYNTHETIC_NOTE} {detail}".strip()


def persist(instance: models.Model) -> models.Model:
    """Validates then saves through the journal (attributed to « système »).

    Validation catches a seed typo (a choice value, a too-long text) at load time rather than
    as a row that no edit form could save back. Uniqueness is guaranteed by construction, so
    its extra queries are skipped.
    """
    instance.full_clean(validate_unique=False, validate_constraints=False)
    return save_as(instance, acting_user=None)
