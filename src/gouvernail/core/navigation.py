"""The left navigation, by domain. Each app registers its entries from its AppConfig.ready()."""

from dataclasses import dataclass

from django.urls import reverse

from gouvernail.core.permissions import can_read


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    domain: str
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_GROUP_ORDER = [
    "Tableaux de bord",
    "Référentiel SI",
    "Pilotage",
    "Gouvernance",
    "Conformité",
    "Finances SI",
    "Activité",
    "Collecte",
    "Organisation",
    "Administration",
]
_items: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)


def navigation_for(membership) -> list[tuple[str, list[MenuItem]]]:
    if membership is None:
        return []
    groups: dict[str, list[MenuItem]] = {}
    for item in sorted(_items, key=lambda i: i.order):
        if can_read(membership, item.domain):
            groups.setdefault(item.group, []).append(item)
    order = {name: index for index, name in enumerate(_GROUP_ORDER)}
    return sorted(groups.items(), key=lambda pair: order.get(pair[0], len(order)))
