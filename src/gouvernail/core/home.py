"""The home page: the cockpit of the current user. Core knows no domain: each app registers,
from its AppConfig.ready(), what it brings to the page —

- `Todo`: one line of « À traiter » (how many things wait, the nearest date, the filtered list);
- `Panel`: a block of the page for some roles (next COPIL, indicators, decisions, journal…);
- `Card`: a key count (the « Repères » of those who run the service);
- `FirstStep`: one step of the checklist of a new organisation, ticked from real data.

Every count is read from a queryset; the counts of one kind are read in a single query
(scalar subqueries), so the page runs a constant number of queries whatever the data.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce

from django.db.models import BooleanField, Exists, ExpressionWrapper, IntegerField, Min, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.permissions import can_read

ALL_ROLES = frozenset(Role.values)
# Those who run the service see every operational line and the key counts.
OPERATORS = frozenset({Role.ADMIN, Role.REFERENT_SI})
# Those who set a new organisation up see its first steps.
SETUP_ROLES = frozenset({Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION})


@dataclass(frozen=True)
class Card:
    label: str
    url_name: str
    domain: str
    count: Callable  # (membership) -> the queryset counted (all cards are counted in one query), or an int
    query: str = ""  # list filter the count stands for
    order: int = 100
    singular: str = ""  # the label below 2 (« 1 Site »); empty: the label never changes


@dataclass(frozen=True)
class Todo:
    """One line of « À traiter ». `queryset(membership, today)` gives the rows that wait;
    `date_field`, when set, names the date shown (the nearest one)."""

    singular: str
    plural: str
    url_name: str
    domain: str
    queryset: Callable
    query: str = ""
    date_field: str = ""
    date_label: str = "la plus proche le"
    roles: frozenset = ALL_ROLES
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A block of the home page. `context(membership, today)` returns its template's context,
    or None when it has nothing to show."""

    key: str
    template: str
    domain: str
    context: Callable
    roles: frozenset = ALL_ROLES
    order: int = 100


@dataclass(frozen=True)
class FirstStep:
    """A step of a new organisation's first steps: done when `queryset(organisation)` has a row
    (or, when it returns several querysets, when one of them has): an organisation whose data
    came another way (typed in, or the demo) has done the step all the same."""

    label: str
    help: str
    url_name: str
    domain: str
    queryset: Callable
    links: tuple = field(default=())  # extra (label, url name[#anchor]) pairs, e.g. the import templates
    order: int = 100


_cards: list[Card] = []
_todos: list[Todo] = []
_panels: list[Panel] = []
_steps: list[FirstStep] = []


def register(*items) -> None:
    for item in items:
        target = {Card: _cards, Todo: _todos, Panel: _panels, FirstStep: _steps}[type(item)]
        if item not in target:
            target.append(item)


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 1 décision », « 2 décisions », « 0 décision » (French: 0 and 1 are singular)."""
    return f"{count} {singular if abs(count) < 2 else plural_form}"


class _Count(Subquery):
    """COUNT(*) of any queryset (distinct, filtered), as a scalar subquery."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _read_at_once(organisation, expressions: dict) -> dict:
    """Evaluates named scalar expressions in one query, on the organisation's row."""
    if not expressions:
        return {}
    return type(organisation).objects.filter(pk=organisation.pk).values(**expressions).first() or {}


def _url(url_name: str, query: str) -> str:
    return reverse(url_name) + (f"?{query}" if query else "")


def _sees(membership, domain: str, roles) -> bool:
    return membership.role in roles and can_read(membership, domain)


def cards_for(membership) -> list[dict]:
    cards = [card for card in sorted(_cards, key=lambda c: c.order) if can_read(membership, card.domain)]
    counted = [card.count(membership) for card in cards]
    expressions = {
        f"c{i}": _Count(value.order_by().values("pk")) for i, value in enumerate(counted) if isinstance(value, QuerySet)
    }
    values = _read_at_once(membership.organisation, expressions)
    result = []
    for i, (card, value) in enumerate(zip(cards, counted, strict=True)):
        value = (values.get(f"c{i}") or 0) if isinstance(value, QuerySet) else value
        label = card.singular if card.singular and value < 2 else card.label
        result.append({"label": label, "value": value, "url": _url(card.url_name, card.query)})
    return result


def todos_for(membership, today: date | None = None) -> list[dict]:
    """The lines of « À traiter » that have something waiting, in order, counted in one query."""
    today = today or timezone.localdate()
    todos = [todo for todo in sorted(_todos, key=lambda t: t.order) if _sees(membership, todo.domain, todo.roles)]
    expressions = {}
    for index, todo in enumerate(todos):
        queryset = todo.queryset(membership, today)
        expressions[f"n{index}"] = _Count(queryset.order_by().values("pk"))
        if todo.date_field:
            expressions[f"d{index}"] = Subquery(
                queryset.order_by().values("organisation").annotate(first=Min(todo.date_field)).values("first")[:1]
            )
    values = _read_at_once(membership.organisation, expressions)
    lines = []
    for index, todo in enumerate(todos):
        count = values.get(f"n{index}") or 0
        if not count:
            continue
        nearest = values.get(f"d{index}")
        lines.append(
            {
                "label": plural(count, todo.singular, todo.plural),
                "date": nearest,
                "date_label": todo.date_label,
                "url": _url(todo.url_name, todo.query),
            }
        )
    return lines


def panels_for(membership, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        if not _sees(membership, panel.domain, panel.roles):
            continue
        context = panel.context(membership, today)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, **context})
    return shown


def _links(pairs) -> list[tuple[str, str]]:
    """The (label, url) pairs whose page exists in this installation."""
    found = []
    for label, target in pairs:
        name, _, anchor = target.partition("#")
        try:
            found.append((label, reverse(name) + (f"#{anchor}" if anchor else "")))
        except NoReverseMatch:
            continue
    return found


def _any_row(found) -> Exists | ExpressionWrapper:
    """EXISTS of a queryset, or of any of several."""
    if isinstance(found, QuerySet):
        return Exists(found)
    return ExpressionWrapper(reduce(operator.or_, (Q(Exists(q)) for q in found)), output_field=BooleanField())


def first_steps_for(organisation) -> list[dict]:
    """The steps of a new organisation, each ticked from the data (one query for all)."""
    steps = sorted(_steps, key=lambda s: s.order)
    values = _read_at_once(
        organisation, {f"s{i}": _any_row(step.queryset(organisation)) for i, step in enumerate(steps)}
    )
    return [
        {
            "label": step.label,
            "help": step.help,
            "url": reverse(step.url_name),
            "links": _links(step.links),
            "done": bool(values.get(f"s{i}")),
        }
        for i, step in enumerate(steps)
    ]
