from django import template

from gouvernail.core.formatting import unit_agreed
from gouvernail.core.links import linkable_url
from gouvernail.core.navigation import menu_html

register = template.Library()


@register.filter
def with_class(bound_field, css_class: str):
    """Renders a form field with a CSS class (for forms we do not build, such as allauth's)."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", "")
    if kind in {"checkbox", "radio"}:
        css_class = "form-check-input"
    if bound_field.errors:
        css_class += " is-invalid"
    return bound_field.as_widget(attrs={"class": css_class})


@register.filter
def accessible(bound_field):
    """Renders a field tied to its error message, so screen readers announce it (RGAA 11.10)."""
    if not bound_field.errors:
        return bound_field.as_widget()
    return bound_field.as_widget(attrs={"aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}-erreur"})


@register.filter
def safe_href(value) -> str:
    """The address for an href, or "" when a link to it could run a script (`javascript:`, `data:`…):
    `{% if url|safe_href %}<a href="{{ url|safe_href }}">…` shows such a stored value as text."""
    return linkable_url(value) or ""


@register.filter
def counted(count, words: str) -> str:
    """« 0 décision », « 1 décision », « 2 décisions »: the count and the words written in the
    plural, agreeing as French does (singular below 2). `{{ n|counted:"décisions prises" }}`."""
    return f"{count} {unit_agreed(words, count)}"


@register.simple_tag(takes_context=True)
def navigation_menu(context):
    """The menu of the layout, for the reader's rights and the current page."""
    return menu_html(
        context["navigation"], context["active_nav_url"], context["active_nav_group"], context["request"].path == "/"
    )
