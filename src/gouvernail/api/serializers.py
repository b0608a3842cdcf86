"""The shapes of the rows, built from the pages so that the API shows what they show.

A row reads as the fields its detail page shows (its declared `detail_fields`, or every
editable field) plus the fields its form edits, its id, its version and its dates. Related rows
are their ids (their own endpoint gives them), choices their stable key: a page of a thousand
rows costs the same few queries as a page of ten (no name to fetch per row). The write shape
documents what the form takes; the form itself validates.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers

from gouvernail.core.views.generic import ObjectViewSet

META_FIELDS = ("row_version", "created", "last_updated")
HIDDEN = {"id", "organisation"}

_read_cache: dict[type, type[serializers.ModelSerializer]] = {}
_write_cache: dict[type, type[serializers.Serializer]] = {}
_names: dict[str, tuple] = {}


def _shown(model: type[models.Model], name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    # Files are served by pages that check who asks, never as an address in a payload; reverse
    # relations have their own endpoint.
    return name not in HIDDEN and isinstance(field, models.Field) and not isinstance(field, models.FileField)


def form_field_names(page: type[ObjectViewSet]) -> list[str]:
    """The model fields the page's form edits (its other fields, such as a journal comment, too)."""
    if page.form is None:
        return []
    return list(page.form.base_fields)


def read_field_names(page: type[ObjectViewSet]) -> list[str]:
    model = page.model
    declared = [item for item in page.detail_fields if isinstance(item, str)]
    if not declared:
        declared = [f.name for f in model._meta.concrete_fields if f.editable]
    names = ["id"]
    for name in [*declared, *form_field_names(page)]:
        if name not in names and _shown(model, name):
            names.append(name)
    return names + [name for name in META_FIELDS if name not in names and _shown(model, name)]


def many_to_many_names(page: type[ObjectViewSet]) -> list[str]:
    return [name for name in read_field_names(page) if page.model._meta.get_field(name).many_to_many]


def _unique_name(base: str, key: tuple) -> str:
    """Component names of the schema are unique: a model served twice with two shapes (the
    decisions and their register) gets a second name."""
    name, counter = base, 2
    while _names.setdefault(name, key) != key:
        name, counter = f"{base}{counter}", counter + 1
    return name


def read_serializer(page: type[ObjectViewSet]) -> type[serializers.ModelSerializer]:
    if page not in _read_cache:
        names = read_field_names(page)
        key = (page.model, tuple(names))
        meta = type("Meta", (), {"model": page.model, "fields": names, "read_only_fields": names})
        name = _unique_name(page.model.__name__, key)
        _read_cache[page] = type(name, (serializers.ModelSerializer,), {"Meta": meta})
    return _read_cache[page]


def write_serializer(page: type[ObjectViewSet]) -> type[serializers.Serializer]:
    """What a creation or an update takes (for the schema): the form's fields, and the version
    read (`row_version`), required to update."""
    if page not in _write_cache:
        model = page.model
        attrs = {}
        for name, form_field in page.form.base_fields.items():
            if name == "row_version_seen":
                continue
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                attrs[name] = serializers.CharField(
                    required=False, allow_blank=True, label=str(form_field.label or name)
                )
                continue
            attrs[name] = _write_field(model_field, form_field)
        attrs["row_version"] = serializers.IntegerField(
            required=False, min_value=1, help_text="Version lue (obligatoire pour une modification)."
        )
        key = (model, "write")
        name = _unique_name(f"{model.__name__}Write", key)
        _write_cache[page] = type(name, (serializers.Serializer,), attrs)
    return _write_cache[page]


def _write_field(model_field, form_field) -> serializers.Field:
    options = {"required": form_field.required, "label": str(model_field.verbose_name)}
    if model_field.many_to_many:
        return serializers.ListField(child=serializers.IntegerField(), **options)
    if model_field.is_relation:
        return serializers.IntegerField(allow_null=not form_field.required, **options)
    mapping = serializers.ModelSerializer.serializer_field_mapping
    if model_field.choices:
        return serializers.ChoiceField(choices=model_field.choices, allow_blank=not form_field.required, **options)
    for klass in type(model_field).__mro__:
        if klass in mapping:
            field_class = mapping[klass]
            if field_class is serializers.DecimalField:
                return serializers.DecimalField(
                    max_digits=model_field.max_digits, decimal_places=model_field.decimal_places, **options
                )
            if issubclass(field_class, serializers.CharField):
                options["allow_blank"] = not form_field.required
            if model_field.null and not issubclass(field_class, serializers.BooleanField):
                options["allow_null"] = True
            return field_class(**options)
    return serializers.CharField(**options)
