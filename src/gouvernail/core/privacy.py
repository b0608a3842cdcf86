"""Small-group suppression: the one rule every breakdown by service applies (DESIGN.md, principle 3).

A figure about a group of fewer than GOUVERNAIL_MIN_GROUP_SIZE people (k, 5 by default) would
point at individuals — « the one person of Finances did not acknowledge the charter », « two of
the three people of the Musée clicked ». Such a group shows « effectif insuffisant ».

Hiding the small groups alone is not enough: when exactly one group is hidden, « total − the
groups shown » gives it back. So `suppress` also applies *complementary suppression*:

1. The group size is the number of people the group's figure is about (recipients of a
   campaign, targeted people, accounts, active people of the service); each caller says which.
2. **Primary**: every group of 1 to k − 1 people is hidden. A group of no one reveals no one and
   stays shown (its figure is 0 or « — »); a group whose size is unknown (`None`, e.g. « service
   non renseigné » of a count of requests) is never hidden for itself.
3. **Complementary**: while the hidden groups are fewer than two, or together count fewer than
   k people, the smallest group still shown (of at least one person, or of unknown size) is
   hidden too. The difference « total − shown » is then an aggregate of at least two groups and
   k people: no single hidden value can be read from it.
4. **Total**: when no group is left to hide and the rule 3 still fails (a single group, or all
   the groups together under k people), the total is hidden as well.

What the rule does not cover, and callers must not offer: two breakdowns of the same figure
over overlapping populations (their differences may isolate a group), and the bounds of a count
(if the hidden groups sum to 0 clicks, each had 0 — a rate of 0 % over k people or more is not a
figure about a person).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

__all__ = ("COMPLEMENT_RULE", "TOO_SMALL", "Suppression", "min_group_size", "suppress")

TOO_SMALL = "effectif insuffisant"
# Said after « un service de moins de … affiche « effectif insuffisant » » in every definition.
COMPLEMENT_RULE = (
    " Le plus petit service affiché à côté d'un service masqué seul l'est aussi (à défaut, l'ensemble), "
    "pour que l'ensemble moins les services affichés ne le révèle pas."
)


def min_group_size() -> int:
    """GOUVERNAIL_MIN_GROUP_SIZE (default 5): fewer people than this show « effectif insuffisant »."""
    return int(getattr(settings, "GOUVERNAIL_MIN_GROUP_SIZE", 5))


@dataclass(frozen=True)
class Suppression:
    """Which groups (by position in the list given to `suppress`) and whether the total are hidden."""

    hidden: frozenset[int]
    total_hidden: bool
    threshold: int

    def is_hidden(self, index: int) -> bool:
        return index in self.hidden


def _safe(sizes: Sequence[int | None], hidden: set[int], threshold: int) -> bool:
    """The hidden groups cannot be told apart from « total − shown »: none, or at least two that
    together count at least k people (a group of unknown size counts as k)."""
    if not hidden:
        return True
    counted = [sizes[index] for index in hidden if sizes[index] != 0]
    people = sum(threshold if size is None else size for size in counted)
    return len(counted) >= 2 and people >= threshold


def suppress(sizes: Sequence[int | None], *, threshold: int | None = None) -> Suppression:
    """The groups to show « effectif insuffisant » for, given each group's size in people (see
    the module docstring for the rule)."""
    threshold = min_group_size() if threshold is None else threshold
    hidden = {index for index, size in enumerate(sizes) if size is not None and 0 < size < threshold}
    # Complements: the smallest groups first (unknown sizes last), then in the given order.
    candidates = sorted(
        (index for index, size in enumerate(sizes) if index not in hidden and size != 0),
        key=lambda index: (sizes[index] is None, sizes[index] or 0, index),
    )
    while not _safe(sizes, hidden, threshold) and candidates:
        hidden.add(candidates.pop(0))
    return Suppression(frozenset(hidden), not _safe(sizes, hidden, threshold), threshold)
