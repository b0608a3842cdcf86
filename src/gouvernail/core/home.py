"""Key counts of the home page. Each app registers its cards from its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from gouvernail.core.permissions import can_read


@dataclass(frozen=True)
class Card:
    label: str
    url_name: str
    domain: str
    count: Callable  # (membership) -> int
    query: str = ""  # list filter the count stands for
    order: int = 100


_cards: list[Card] = []


def register(*cards: Card) -> None:
    for card in cards:
        if card not in _cards:
            _cards.append(card)


def cards_for(membership) -> list[dict]:
    result = []
    for card in sorted(_cards, key=lambda c: c.order):
        if can_read(membership, card.domain):
            url = reverse(card.url_name) + (f"?{card.query}" if card.query else "")
            result.append({"label": card.label, "value": card.count(membership), "url": url})
    return result
