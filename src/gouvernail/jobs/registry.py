"""What the apps hand to the worker, registered from their AppConfig.ready():

- handlers: named work a job runs (`register_handler("connectors.sync", sync_handler)`); a
  job stores the name, never a dotted path, so a row cannot make the worker import anything;
- periodic work: a task (Django's tasks API) that the worker queues every `every` (due syncs,
  reminders), then runs like any other; it should stay short and start jobs for long parts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

__all__ = ("Periodic", "handler_for", "periodic_work", "register_handler", "register_periodic")

_handlers: dict[str, Callable] = {}
_periodic: dict[str, "Periodic"] = {}


@dataclass(frozen=True)
class Periodic:
    name: str
    label: str
    task: Any  # a django_tasks Task taking no argument
    every: timedelta


def register_handler(name: str, function: Callable) -> None:
    """`function(job, context)` does the job's work; see jobs.services.JobContext."""
    _handlers[name] = function


def handler_for(name: str) -> Callable:
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"Traitement inconnu : {name}") from None


def register_periodic(name: str, label: str, task, *, every: timedelta) -> None:
    _periodic[name] = Periodic(name, label, task, every)


def periodic_work() -> list[Periodic]:
    return list(_periodic.values())
