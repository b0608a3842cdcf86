"""The minimum group size below which a breakdown by service shows no figure (DESIGN.md, principle 3)."""

from django.conf import settings

TOO_SMALL = "effectif insuffisant"


def min_group_size() -> int:
    """GOUVERNAIL_MIN_GROUP_SIZE (default 5): fewer people than this show « effectif insuffisant »."""
    return int(getattr(settings, "GOUVERNAIL_MIN_GROUP_SIZE", 5))
