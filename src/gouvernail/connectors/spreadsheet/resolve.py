"""Names typed in a file → rows of the organisation (sites, services, vendors, people, contracts).

Which existing row a file row updates is the référentiel's upsert's business (`core.upsert`).

Everything is loaded once per import (one query per related model), so a row costs no query.
"""

from collections import defaultdict

from gouvernail.connectors.spreadsheet.parsers import CellError, normalize
from gouvernail.core.models import Organisation

__all__ = ("CREATABLE", "Resolver", "split_person")

# What an import creates on request when the file names it and the organisation has none, in
# the order they are created (a person created is attached to the row's site and service).
CREATABLE = ("site", "service", "person")

# (model label, fields read, French name of the thing, where to create it)
TARGETS = {
    "site": ("core.Site", "un site", "Sites"),
    "service": ("core.Service", "un service", "Services"),
    "vendor": ("vendors.Vendor", "un prestataire", "Prestataires"),
    "person": ("core.Person", "une personne", "Personnes"),
    "contract": ("vendors.Contract", "un contrat", "Contrats"),
    "axis": ("steering.RoadmapAxis", "un axe", "Feuille de route, axes"),
    "project": ("steering.Project", "un projet", "Projets"),
    "procurement": ("vendors.Procurement", "un marché", "Marchés"),
    "committee": ("governance.Committee", "une instance", "Gouvernance, instances"),
    "meeting": ("governance.Meeting", "une réunion", "Gouvernance, réunions"),
}


def _names(target: str, row: tuple) -> tuple[list[str], str]:
    """(keys a file may use, label as displayed) for one related row."""
    if target == "person":
        _, last, first = row
        return [f"{first} {last}", f"{last} {first}", last if not first else ""], f"{first} {last}".strip()
    if target in ("contract", "procurement"):
        _, reference, subject = row
        return [reference], f"{reference} — {subject}"
    if target == "meeting":
        # « COPIL n° 3 », or a title every meeting shares followed by its date (« COPIL 12/03/2024 »).
        _, title, day = row
        dated = [f"{title} {day:%d/%m/%Y}", f"{title} du {day:%d/%m/%Y}", f"{title} {day:%Y-%m-%d}"]
        return [title, *dated], f"{title} ({day:%d/%m/%Y})"
    return [row[1]], row[1]


def split_person(text: str) -> tuple[str, str]:
    """(first name, last name) of a person as a file names them: « Claire Durand », « DURAND
    Claire », « Durand, Claire » or « Durand » alone."""
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return first, last
    words = text.split()
    if len(words) == 1:
        return "", words[0]
    upper = [word for word in words if word.isupper() and len(word) > 1]
    if upper and len(upper) < len(words):
        # The family name written in capitals, wherever it stands.
        return " ".join(word for word in words if word not in upper), " ".join(upper)
    return words[0], " ".join(words[1:])


class Resolver:
    """Finds related rows by name; knows their labels (for the journal's before/after)."""

    def __init__(self, organisation: Organisation, targets: set[str]):
        self.organisation = organisation
        self.by_name: dict[str, dict[str, list[int]]] = {}
        self.labels: dict[str, dict[int, str]] = {}
        self.load(targets)

    def load(self, targets) -> None:
        """(Re)reads the organisation's rows of `targets` (after an import created some)."""
        from django.apps import apps

        organisation = self.organisation
        for target in targets:
            label, _, _ = TARGETS[target]
            model = apps.get_model(label)
            fields = {
                "person": ("pk", "last_name", "first_name"),
                "contract": ("pk", "reference", "subject"),
                "procurement": ("pk", "reference", "subject"),
                "meeting": ("pk", "title", "date"),
            }.get(target, ("pk", "name"))
            index: dict[str, list[int]] = defaultdict(list)
            labels: dict[int, str] = {}
            for row in model.objects.filter(organisation=organisation).values_list(*fields):
                keys, display = _names(target, row)
                for key in {normalize(k) for k in keys if k}:
                    index[key].append(row[0])
                labels[row[0]] = display
            self.by_name[target], self.labels[target] = index, labels

    def known(self, target: str, text: str) -> bool:
        return bool(self.by_name[target].get(normalize(text)))

    def resolve(self, target: str, text: str) -> int:
        _, article, where = TARGETS[target]
        found = self.by_name[target].get(normalize(text), [])
        if not found:
            # The participle and the pronoun agree with the noun (« une personne connue, créez-la »).
            known, pronoun = ("connue", "la") if article.startswith("une ") else ("connu", "le")
            raise CellError(
                f"« {text[:80]} » n'est pas {article} {known} de l'organisation (créez-{pronoun} d'abord : {where})."
            )
        if len(set(found)) > 1:
            raise CellError(f"« {text[:80]} » désigne plusieurs fiches ({where}) : précisez.")
        return found[0]

    def label(self, target: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        return self.labels[target].get(pk, f"#{pk}")
