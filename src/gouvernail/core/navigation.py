"""The left navigation, by domain. Each app registers its entries from its AppConfig.ready()."""

from dataclasses import dataclass
from functools import cache, lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

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
        return menu_reverse(self.url_name)


def menu_reverse(url_name: str, **kwargs: str) -> str:
    """`reverse()` for a menu entry, computed once per process: every page draws the whole menu
    (some eighty links, each read three times by the layout), and reversing them on each request
    was most of a simple page's cost. A menu URL only changes with the prefix the site is served
    under, which is part of the key."""
    return _reverse(url_name, get_script_prefix(), tuple(sorted(kwargs.items())))


@cache
def _reverse(url_name: str, script_prefix: str, kwargs: tuple) -> str:
    return reverse(url_name, kwargs=dict(kwargs))


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


def menu_html(
    navigation: list[tuple[str, list[MenuItem]]], active_url: str | None, active_group: str | None, at_home: bool
) -> SafeString:
    """The menu's HTML, rendered once per process for each set of entries and current entry: the
    layout of every page drew its eighty links through the template engine on each request."""
    groups = tuple((group, tuple(items)) for group, items in navigation)
    return _menu_html(groups, active_url, active_group, at_home, get_script_prefix())


@lru_cache(maxsize=2048)
def _menu_html(groups: tuple, active_url, active_group, at_home: bool, script_prefix: str) -> SafeString:
    context = {
        "navigation": [(group, list(items)) for group, items in groups],
        "active_nav_url": active_url,
        "active_nav_group": active_group,
        "at_home": at_home,
    }
    return mark_safe(render_to_string("core/includes/navigation.html", context))
