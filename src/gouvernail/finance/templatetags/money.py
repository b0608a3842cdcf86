from django import template

from gouvernail.finance.models import euros_text

register = template.Library()


@register.filter
def euros(value) -> str:
    """1 234,56 € (French grouping, decimal comma, two decimals); « — » when there is no amount."""
    return "—" if value is None or value == "" else euros_text(value)
