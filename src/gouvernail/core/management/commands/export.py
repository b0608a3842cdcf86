"""`gouvernail export LIST --org SLUG [--format …] [--filter KEY=VALUE …] -o FILE`: a list page's
export from the command line, for scripts and scheduled extracts.

The file is the one the page's « Exporter » menu gives for the same filters: the list is rebuilt
by the page's own `list_table` (same filterset, same table, same columns) and written by
core.exports (same typed values, same neutralisation of formula-like texts). The command has no
signed-in person: it reads as an Administrateur of the organisation, the role that reads every
list and every row of it (no narrowing, unlike a Prestataire's), so the file holds the whole
organisation's list. Lists are those the URL resolver serves (`list_pages`): a new list page is
exportable without touching this command.
"""

import difflib
import json
import os
import sys
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import HttpRequest, QueryDict
from django_filters.widgets import SuffixedMultiWidget

from gouvernail.core.choices import Role
from gouvernail.core.exports import table_stream, write_table_export
from gouvernail.core.models import Membership, Organisation
from gouvernail.core.permissions import can_read
from gouvernail.core.views.generic import list_pages, list_table

# The page's formats (« csv » is the standard CSV, « csv-excel » the one Excel opens) and JSON.
FORMATS = ("csv", "csv-excel", "xlsx", "ods", "json")
# Whom the command reads as: see the module docstring.
READER_ROLE = Role.ADMIN


def organisation_reader(organisation: Organisation) -> Membership:
    """An unsaved membership reading the whole organisation (no user: nothing is written)."""
    return Membership(organisation=organisation, role=READER_ROLE)


def filter_keys(filterset) -> list[str]:
    """The query keys the list's filter form reads, as in the page's URL (a range filter reads
    two: « montant_min », « montant_max »), and the table's sorting key."""
    keys = []
    for name, field in filterset.form.fields.items():
        widget = field.widget
        if isinstance(widget, SuffixedMultiWidget):
            keys += [widget.suffixed(name, suffix) for suffix in widget.suffixes]
        elif isinstance(widget, forms.MultiWidget):
            keys += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            keys.append(name)
    return keys


def json_value(value):
    """A typed export cell as JSON: dates in ISO 8601, amounts as numbers."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_export(table) -> bytes:
    """The list as objects keyed by the column headers. Texts are kept as typed: the `'` that
    makes a formula-like text inert is for spreadsheets, and would corrupt the data of a tool."""
    headers, rows = table_stream(table)
    keys = []
    for header in headers:  # two columns with one header would otherwise overwrite each other
        key, rank = header, 2
        while key in keys:
            key, rank = f"{header} ({rank})", rank + 1
        keys.append(key)
    objects = [dict(zip(keys, (json_value(value) for value in row), strict=True)) for row in rows]
    return (json.dumps(objects, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Command(BaseCommand):
    help = (
        "Exporte une liste de Gouvernail comme le fait le menu « Exporter » de sa page (mêmes colonnes, "
        "mêmes filtres), lue comme un administrateur de l'organisation. « --list » nomme les listes."
    )

    def add_arguments(self, parser):
        parser.add_argument("list_name", nargs="?", metavar="LISTE", help="nom de la liste (voir --list)")
        parser.add_argument("--list", action="store_true", dest="show_lists", help="affiche les listes exportables")
        parser.add_argument("--org", help="identifiant court de l'organisation")
        parser.add_argument("--format", default="csv", help="csv (par défaut), csv-excel, xlsx, ods ou json")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            dest="filters",
            metavar="CLÉ=VALEUR",
            help="filtre de la page, comme dans son adresse (répétable ; « sort » trie)",
        )
        parser.add_argument("-o", "--output", help="fichier à écrire (« - » : la sortie standard)")

    def handle(self, *args, list_name, show_lists, org, format, filters, output, **options):
        pages = {name: (url, viewset) for name, url, viewset, _view in list_pages()}
        if show_lists:
            self.print_lists(pages)
            return
        if not list_name:
            raise CommandError("Indiquez la liste à exporter (gouvernail export --list les nomme).")
        if format not in FORMATS:
            raise CommandError(f"Format inconnu : « {format} ». Formats possibles : {', '.join(FORMATS)}.")
        if not org:
            raise CommandError("Indiquez l'organisation : --org IDENTIFIANT.")
        if not output:
            raise CommandError("Indiquez le fichier à écrire : -o FICHIER (« - » pour la sortie standard).")
        name = list_name.strip("/")
        if name not in pages:
            raise CommandError(unknown_list_message(list_name, pages))
        url, viewset = pages[name]
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)) or "aucune"
            raise CommandError(f"Organisation inconnue : « {org} ». Organisations : {known}.")
        membership = organisation_reader(organisation)
        if not can_read(membership, viewset.get_domain()):
            raise CommandError(f"La liste « {name} » n'est lisible par aucun rôle de l'organisation.")
        request = list_request(url, membership, parse_filters(filters))
        filterset, table = list_table(viewset, request)
        check_filters(filterset, table, request.GET, name)
        label = str(viewset.model._meta.verbose_name_plural)
        self.write(output, table, format, label=label, organisation=organisation)

    def print_lists(self, pages) -> None:
        rows = [("Nom", "Page", "Titre")]
        for name, (url, viewset) in pages.items():
            rows.append((name, url, str(viewset.model._meta.verbose_name_plural).capitalize()))
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for row in rows:
            self.stdout.write(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")

    def write(self, output: str, table, export_format: str, *, label: str, organisation) -> None:
        if output == "-":
            self.write_to(sys.stdout.buffer, table, export_format, label=label, organisation=organisation)
            sys.stdout.buffer.flush()
            return
        # Written beside the target and renamed once complete: a failed export leaves no half file.
        path = Path(output)
        spool = tempfile.NamedTemporaryFile(dir=path.parent or ".", prefix=f".{path.name}.", delete=False)  # noqa: SIM115
        try:
            with spool:
                self.write_to(spool, table, export_format, label=label, organisation=organisation)
            os.replace(spool.name, path)
        except BaseException:
            os.unlink(spool.name)
            raise
        self.stderr.write(f"{len(table.data)} ligne(s) exportée(s) dans {output}.")

    @staticmethod
    def write_to(target, table, export_format: str, *, label: str, organisation) -> None:
        if export_format == "json":
            target.write(json_export(table))
        else:
            write_table_export(table, export_format, target, label=label, organisation=organisation)


def unknown_list_message(list_name: str, pages) -> str:
    close = difflib.get_close_matches(list_name.strip("/"), list(pages), n=3, cutoff=0.5)
    hint = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
    return f"Liste inconnue : « {list_name} ».{hint} (gouvernail export --list les nomme toutes.)"


def parse_filters(filters: list[str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for item in filters:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise CommandError(f"Filtre mal écrit : « {item} ». Écrivez --filter CLÉ=VALEUR.")
        query.appendlist(key.strip(), value)
    return query


def list_request(url: str, membership: Membership, query: QueryDict) -> HttpRequest:
    """The list page's GET as a reader of the whole organisation would make it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = url
    request.GET = query
    request.user = AnonymousUser()
    request.membership = membership
    request.organisation = membership.organisation
    return request


def check_filters(filterset, table, query: QueryDict, name: str) -> None:
    """Refuses what the page would silently ignore (an unknown key) or show as an empty list with
    the form's error (a bad value): a script must not mistake either for an empty list."""
    valid = filter_keys(filterset) + [table.prefixed_order_by_field]
    unknown = [key for key in query if key not in valid]
    if unknown:
        raise CommandError(
            f"Filtre inconnu pour la liste « {name} » : {', '.join(unknown)}. Filtres possibles : {', '.join(valid)}."
        )
    if filterset.is_bound and not filterset.is_valid():
        problems = []
        for field, errors in filterset.errors.items():
            label = filterset.form.fields[field].label if field in filterset.form.fields else field
            problems.append(f"{field} ({label}) : {' '.join(errors)}")
        raise CommandError("Filtre refusé — " + " ; ".join(problems))
