"""Writes through the page's own form: the API's JSON becomes the form's data.

A creation starts from what the page's empty form proposes (its defaults, the next action
number); an update from the row as its edit form shows it; the fields sent replace those
values. The form then validates as on the page (its French messages, the organisation's unique
constraints, the related rows limited to the organisation) and `save_form` writes as the page
does (services, journal).
"""

from collections.abc import Mapping

from django import forms

from gouvernail.core.views.generic import ObjectViewSet

VERSION_FIELD = "row_version"
LARGEST_ID = 2**63 - 1

NOT_AN_OBJECT = "Le corps de la requête doit être un objet JSON : {« champ » : valeur, …}."
UNKNOWN_FIELD = "Champ inconnu ou non modifiable. Champs acceptés : {names}."
NOT_A_VALUE = "Valeur attendue : un texte, un nombre, un booléen ou null, pas une liste ni un objet."
VERSION_REQUIRED = (
    "Indiquez la version de la fiche que vous avez lue (« row_version » de sa lecture) : sans elle, rien "
    "n'est enregistré, pour ne pas écraser une modification faite entre-temps."
)
VERSION_INVALID = "La version est un nombre entier positif (« row_version » de la fiche lue)."


class BadInput(Exception):
    """Input refused before the form: {field: [French messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _value(payload, name: str, field: forms.Field):
    multiple = isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField)
    value = payload[name]
    if multiple:
        value = value if isinstance(value, list) else [value]
        return [_bounded_id(item) for item in value] if isinstance(field, forms.ModelChoiceField) else value
    if isinstance(value, list | dict):
        raise BadInput({name: [NOT_A_VALUE]})
    return _bounded_id(value) if isinstance(field, forms.ModelChoiceField) else value


def _bounded_id(value):
    """An id no column can hold is no row's: the form then says « choix invalide » (rather than
    the database failing on an overflow)."""
    try:
        return 0 if abs(int(value)) > LARGEST_ID else value
    except (TypeError, ValueError):
        return value


def version_read(payload) -> int | None:
    """The version the client read; BadInput when it is not a positive whole number."""
    raw = payload.get(VERSION_FIELD) if isinstance(payload, Mapping) else None
    if raw in (None, ""):
        return None
    try:
        version = int(raw)
    except (TypeError, ValueError):
        raise BadInput({VERSION_FIELD: [VERSION_INVALID]}) from None
    if isinstance(raw, bool) or version < 1 or str(version) != str(raw).strip():
        raise BadInput({VERSION_FIELD: [VERSION_INVALID]})
    return version


def bind_form(page: type[ObjectViewSet], instance, organisation, payload, *, ignored: set[str]):
    """The page's form bound to the row's values overlaid with `payload`; BadInput for a payload
    that is not an object or names a field the form does not take (`ignored`: read-only fields a
    client may send back as it read them)."""
    if not isinstance(payload, Mapping):
        raise BadInput({"non_field_errors": [NOT_AN_OBJECT]})
    shown = page.form(instance=instance, organisation=organisation)
    names = [name for name in shown.fields if name != "row_version_seen"]
    unknown = sorted(set(payload) - set(names) - ignored - {VERSION_FIELD})
    if unknown:
        message = UNKNOWN_FIELD.format(names=", ".join(names))
        raise BadInput({name: [message] for name in unknown})
    data = {name: shown[name].value() for name in names}
    for name in names:
        if name in payload:
            data[name] = _value(payload, name, shown.fields[name])
    data["row_version_seen"] = version_read(payload)
    return page.form(data, instance=instance, organisation=organisation)


def form_errors(form) -> dict[str, list[str]]:
    """The form's French messages by field, named as the API names them."""
    renamed = {"__all__": "non_field_errors", "row_version_seen": VERSION_FIELD}
    return {renamed.get(name, name): list(messages) for name, messages in form.errors.items()}
