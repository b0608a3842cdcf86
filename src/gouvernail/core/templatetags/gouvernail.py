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
