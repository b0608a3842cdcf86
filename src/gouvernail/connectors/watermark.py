"""The high-water-mark rule every incremental source follows (GestSup, GLPI).

- A run is **full** when asked, when the connector never completed a full run, or when
  `full_every` successful runs (this one included) have passed since the last full one: only
  a full read sees what the source deleted, and corrects what an incremental one missed.
- An **incremental** run reads what the source modified from the previous successful run's
  mark on, the mark included (`>=`: source dates are to the second, and a row saved in the very
  second of the mark must not be missed; read again, the upsert finds it unchanged).
- A run's own mark is the latest modification date it read, never earlier than the mark it
  started from (a run that read nothing keeps it); a failed run stores none.
- A mark never moves past the run's start (`ceiling`): a date in the future (a ticket
  « modified » in 9999) would otherwise hide every later change. A mark stored in the future
  by an older version makes the next run full, which writes a sane one.
"""

from datetime import datetime

from gouvernail.connectors.choices import RunStatus

__all__ = ("Watermark", "needs_full", "since_for")


def needs_full(config, *, incremental: bool, now: datetime | None = None) -> bool:
    if not incremental:
        return True
    succeeded = config.runs.filter(status=RunStatus.SUCCEEDED)
    last = succeeded.order_by("-started_at", "-pk").only("high_water_mark").first()
    if now is not None and last is not None and last.high_water_mark is not None and last.high_water_mark > now:
        return True
    last_full = succeeded.filter(full=True).order_by("-started_at", "-pk").first()
    if last_full is None:
        return True
    since_full = succeeded.filter(started_at__gt=last_full.started_at).count()
    return since_full + 1 >= config.full_every


def since_for(run) -> datetime | None:
    """Where an incremental run starts: the previous successful run's mark (None for a full run)."""
    if run.full:
        return None
    previous = (
        run.config.runs.filter(status=RunStatus.SUCCEEDED).exclude(pk=run.pk).order_by("-started_at", "-pk").first()
    )
    return previous.high_water_mark if previous is not None else None


class Watermark:
    """The latest modification date seen during a run, starting from the mark it read from."""

    def __init__(self, since: datetime | None, ceiling: datetime | None = None):
        self.value = since
        self.ceiling = ceiling

    def see(self, moment: datetime | None) -> None:
        if moment is not None and self.ceiling is not None:
            moment = min(moment, self.ceiling)
        if moment is not None and (self.value is None or moment > self.value):
            self.value = moment
