"""Names typed in a file → rows of the organisation (sites, services, vendors, people, contracts),
and existing rows → the natural key that matches a file row to them.

Everything is loaded once per import (one query per related model), so a row costs no query.
"""

from collections import defaultdict

from gouvernail.connectors.spreadsheet.parsers import CellError, normalize
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.models import Organisation

__all__ = ("Matcher", "Resolver")

# (model label, fields read, French name of the thing, where to create it)
TARGETS = {
    "site": ("core.Site", "un site", "Sites"),
    "service": ("core.Service", "un service", "Services"),
    "vendor": ("vendors.Vendor", "un prestataire", "Prestataires"),
    "person": ("core.Person", "une personne", "Personnes"),
    "contract": ("vendors.Contract", "un contrat", "Contrats"),
}


def _names(target: str, row: tuple) -> tuple[list[str], str]:
    """(keys a file may use, label as displayed) for one related row."""
    if target == "person":
        _, last, first = row
        return [f"{first} {last}", f"{last} {first}", last if not first else ""], f"{first} {last}".strip()
    if target == "contract":
        _, reference, subject = row
        return [reference], f"{reference} — {subject}"
    return [row[1]], row[1]


class Resolver:
    """Finds related rows by name; knows their labels (for the journal's before/after)."""

    def __init__(self, organisation: Organisation, targets: set[str]):
        from django.apps import apps

        self.by_name: dict[str, dict[str, list[int]]] = {}
        self.labels: dict[str, dict[int, str]] = {}
        for target in targets:
            label, _, _ = TARGETS[target]
            model = apps.get_model(label)
            fields = {
                "person": ("pk", "last_name", "first_name"),
                "contract": ("pk", "reference", "subject"),
            }.get(target, ("pk", "name"))
            index: dict[str, list[int]] = defaultdict(list)
            labels: dict[int, str] = {}
            for row in model.objects.filter(organisation=organisation).values_list(*fields):
                keys, display = _names(target, row)
                for key in {normalize(k) for k in keys if k}:
                    index[key].append(row[0])
                labels[row[0]] = display
            self.by_name[target], self.labels[target] = index, labels

    def resolve(self, target: str, text: str) -> int:
        _, article, where = TARGETS[target]
        found = self.by_name[target].get(normalize(text), [])
        if not found:
            raise CellError(
                f"« {text[:80]} » n'est pas {article} connu de l'organisation (créez-le d'abord : {where})."
            )
        if len(set(found)) > 1:
            raise CellError(f"« {text[:80]} » désigne plusieurs fiches ({where}) : précisez.")
        return found[0]

    def label(self, target: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        return self.labels[target].get(pk, f"#{pk}")


class Matcher:
    """The existing rows of the kind, indexed by natural key (one query per import)."""

    def __init__(self, organisation: Organisation, kind: Kind, *, with_service: bool):
        self.kind = kind
        self.with_service = with_service
        self.index: dict[tuple, list[int]] = defaultdict(list)
        self.unnamed_serial: dict[str, list[int]] = defaultdict(list)
        queryset = kind.model.objects.filter(organisation=organisation)
        if kind.code == "equipment":
            for pk, serial, name in queryset.values_list("pk", "serial", "name"):
                if serial:
                    self.index[("serial", serial.strip().casefold())].append(pk)
                else:
                    self.unnamed_serial[normalize(name)].append(pk)
                self.index[("name", normalize(name))].append(pk)
        elif kind.code == "people":
            for pk, last, first, service_id in queryset.values_list("pk", "last_name", "first_name", "service_id"):
                self.index[self._person_key(last, first, service_id)].append(pk)
        else:
            (key_field,) = kind.key_fields
            for pk, value in queryset.values_list("pk", key_field):
                self.index[(normalize(value),)].append(pk)
        # The rows holding each value of the kind's unique fields (one query per such field).
        self.owners: dict[str, dict[str, int]] = {
            name: {
                str(value).strip().lower(): pk for value, pk in queryset.exclude(**{name: ""}).values_list(name, "pk")
            }
            for name in kind.unique_fields
        }

    def owner(self, field_name: str, value: str) -> int | None:
        """The existing row that already holds `value` in the unique field `field_name`."""
        return self.owners[field_name].get(value.strip().lower())

    def _person_key(self, last: str, first: str, service_id: int | None) -> tuple:
        key = (normalize(last), normalize(first or ""))
        return (*key, service_id) if self.with_service else key

    def file_key(self, values: dict) -> tuple | None:
        """The key two rows of one file must not share (None when the row has none)."""
        if self.kind.code == "equipment":
            serial = (values.get("serial") or "").strip()
            if serial:
                return ("serial", serial.casefold())
            return ("name", normalize(values.get("name") or "")) if values.get("name") else None
        if self.kind.code == "people":
            if not values.get("last_name"):
                return None
            return self._person_key(values["last_name"], values.get("first_name") or "", values.get("service"))
        value = values.get(self.kind.key_fields[0])
        return (normalize(value),) if value else None

    def match(self, values: dict) -> int | None:
        """The pk of the existing row this file row updates, None for a new row; CellError if ambiguous."""
        key = self.file_key(values)
        if key is None:
            return None
        found = self.index.get(key, [])
        if self.kind.code == "equipment" and key[0] == "serial" and not found:
            # A device first listed without its serial: the row that gives it now completes it.
            found = self.unnamed_serial.get(normalize(values.get("name") or ""), [])
            if len(found) > 1:
                return None
        if len(found) > 1:
            raise CellError(
                f"Plusieurs fiches existantes ont le même {self.kind.key_label} : impossible de savoir laquelle "
                "mettre à jour (ajoutez une colonne qui les distingue, par exemple le numéro de série)."
            )
        return found[0] if found else None
