"""What every source's `sync()` shares: its counts and the progress callback it reports to.

A sync reads the source through its client, maps, and writes through the domain apps'
services — référentiel rows only through their one upsert (`inventory.services.equipment_upsert`)
— inside one `transaction.atomic()`: a `SourceError` raised halfway (a 500 on page 3) rolls
everything back and reaches the caller unchanged, with its French message.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ("Progress", "SyncContext", "SyncCounts")

Progress = Callable[[int, int], None]  # (done, total); total 0 when unknown


@dataclass
class SyncCounts:
    """Rows written by one sync. `unmatched` counts source items we could not attach to a row of
    ours (an antivirus host absent from the inventory); `extra` holds figures a source gives
    for later indicators (Entra MFA coverage), never names."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    unmatched: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    # French sentences for the run log (a group mapped to no service…), never names of people.
    warnings: list[str] = field(default_factory=list)
    # An incremental source's latest modification date read (`connectors.watermark`).
    high_water_mark: datetime | None = None
    rows_read: int = 0

    def add(self, outcome: str, number: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + number)

    def add_upserted(self, outcomes: tuple[int, int, int]) -> None:
        """Adds what an upsert service returns: (created, updated, unchanged)."""
        for outcome, number in zip(("created", "updated", "unchanged"), outcomes, strict=True):
            self.add(outcome, number)

    def add_result(self, result, *, what: str = "ignoré") -> None:
        """Adds what a référentiel upsert returns (`core.upsert.UpsertResult`); each rejected row
        becomes a French warning naming it and why."""
        self.add_upserted(result.counts())
        self.add("unmatched", result.unmatched)
        for outcome in result.rejected:
            reasons = "; ".join(
                f"{name} : {' '.join(messages)}" if name and name != "__all__" else " ".join(messages)
                for name, messages in outcome.errors.items()
            )
            self.warnings.append(f"{outcome.ref} {what} — {reasons}")

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted

    def as_dict(self) -> dict[str, int]:
        return {
            "créés": self.created,
            "modifiés": self.updated,
            "inchangés": self.unchanged,
            "supprimés": self.deleted,
            "non rapprochés": self.unmatched,
            **self.extra,
        }

    def sections(self, heading: str) -> dict[str, dict[str, int]]:
        """The run log's counts, under `heading`; a sync writing two kinds of rows overrides it."""
        return {heading: self.as_dict()}


@dataclass
class SyncContext:
    """What the runner hands a source's sync: the run (journal attribution), where to report
    progress, and for an incremental source whether this run is full and the mark to read from."""

    run: object = None
    progress: Progress | None = None
    full: bool = True
    since: datetime | None = None
    batch_size: int | None = None
