from django.conf import settings

from gouvernail.core.models import Organisation
from gouvernail.core.navigation import navigation_for


def gouvernail(request) -> dict:
    membership = getattr(request, "membership", None)
    navigation = navigation_for(membership)
    urls = [item.url for _, items in navigation for item in items]
    matching = [url for url in urls if request.path.startswith(url)]
    active_url = max(matching, key=len) if matching else None
    return {
        "current_organisation": getattr(request, "organisation", None),
        "current_membership": membership,
        "user_memberships": getattr(request, "memberships", []),
        "navigation": navigation,
        "active_nav_url": active_url,
        # The group holding the current page is the one shown open in the menu.
        "active_nav_group": next(
            (group for group, items in navigation if any(item.url == active_url for item in items)), None
        ),
        "demo_data_present": _demo_data_present,
        "page_size": settings.GOUVERNAIL_PAGE_SIZE,
    }


def _demo_data_present() -> bool:
    # Called lazily from the template, once per page.
    return Organisation.objects.filter(is_demo=True).exists()
