from django import template

from gouvernail.core.permissions import can_edit, can_read
from gouvernail.reports.choices import PackFormat
from gouvernail.reports.models import CopilPack

register = template.Library()


@register.inclusion_tag("reports/includes/copil_packs.html", takes_context=True)
def copil_packs(context, meeting):
    """The meeting's archived COPIL packs (for the roles that read dashboards) and, for the
    governance editors, the buttons that generate one."""
    membership = getattr(context.get("request"), "membership", None)
    readable = can_read(membership, CopilPack.permission_domain)
    packs = (
        list(CopilPack.objects.filter(meeting=meeting).select_related("created_by").order_by("-created_at", "-pk"))
        if readable
        else []
    )
    return {
        "meeting": meeting,
        "readable": readable,
        "can_generate": can_edit(membership, "governance"),
        "packs": packs,
        "formats": PackFormat.choices,
        "csrf_token": context.get("csrf_token"),
    }
