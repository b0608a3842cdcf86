from django import template

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
