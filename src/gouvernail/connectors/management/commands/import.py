"""`gouvernail import KIND FILE --org SLUG [--dry-run] [--on-error refuse|skip] [--mapping NAME]
[--create-missing]`.

The saved mapping (named, or the one used last) brings its columns and its value answers.

Exit code 0 when no row was rejected, 1 when some were, 2 when the file itself is unusable.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gouvernail.connectors.choices import OnError
from gouvernail.connectors.models import ImportMapping
from gouvernail.connectors.services import import_file, latest_mapping
from gouvernail.connectors.spreadsheet.reader import ImportFileError
from gouvernail.connectors.spreadsheet.schemas import KINDS
from gouvernail.core.models import Organisation

PROGRESS_FROM_ROWS = 1000
BAR_WIDTH = 30
SHOWN_REJECTIONS = 200


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


class Command(BaseCommand):
    help = (
        "Importe un tableur (XLSX, XLS, ODS, CSV) d'équipements, d'applications, de prestataires, de contrats, "
        "de personnes, de sites, de services, d'actions, d'éléments de feuille de route, de projets, de jalons, "
        "d'étapes de marchés, de décisions déjà prises (enregistrées au registre, marquées « reprise "
        "d'historique ») ou de grilles d'analyse de scénarios ; --create-missing crée les sites, services et "
        "personnes nommés. "
        "Code de sortie : 0 sans rejet, 1 si des lignes sont rejetées, 2 si le fichier est "
        "inutilisable."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), metavar="KIND", help=f"type : {', '.join(KINDS)}")
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--org", dest="slug", required=True, help="identifiant court de l'organisation")
        parser.add_argument("--dry-run", action="store_true", help="prévisualiser sans rien écrire")
        parser.add_argument("--on-error", choices=OnError.values, default=OnError.REFUSE)
        parser.add_argument("--mapping", help="nom d'une correspondance de colonnes enregistrée")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="créer les sites, services et personnes nommés par le fichier et encore inconnus",
        )

    def handle(self, *args, kind, file, slug, dry_run, on_error, mapping, create_missing, **options):
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation « {slug} ».", returncode=2)
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}", returncode=2)
        saved = self.saved_mapping(organisation, kind, mapping)
        try:
            result, record = import_file(
                organisation=organisation,
                kind=kind,
                path=file,
                file_name=file.name,
                on_error=on_error,
                dry_run=dry_run,
                mapping=saved,
                acting_user=None,
                progress=self.progress,
                create_missing=create_missing,
            )
        except ImportFileError as error:
            raise CommandError(f"Fichier inutilisable : {error}", returncode=2) from None
        self.summary(result, file.name, saved)
        if result.rejected:
            raise SystemExit(1)

    def saved_mapping(self, organisation, kind: str, name: str | None) -> ImportMapping | None:
        if name is None:
            return latest_mapping(organisation, kind)
        found = ImportMapping.objects.filter(organisation=organisation, kind=kind, name=name).first()
        if found is None:
            raise CommandError(f"Aucune correspondance « {name} » pour ce type d'import.", returncode=2)
        return found

    def progress(self, done: int, total: int | None) -> None:
        if not total or total < PROGRESS_FROM_ROWS:
            return
        share = min(done / total, 1)
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done >= total else ""
        self.stderr.write(f"\rLecture [{bar}] {share:4.0%} ({thousands(done)} / {thousands(total)} lignes)", ending=end)
        self.stderr.flush()

    def missing_summary(self, result, written: bool) -> None:
        out = self.stdout.write
        for entries in result.missing.values():
            names = ", ".join(f"« {entry.name} »" for entry in entries[:SHOWN_REJECTIONS])
            extra = len(entries) - SHOWN_REJECTIONS
            more = f" … et {thousands(extra)} autres" if extra > 0 else ""
            done = "créées" if entries[0].target == "person" else "créés"
            out(f"  {entries[0].where} {done if written else 'à créer'} ({len(entries)}) : {names}{more}")
        for name, unknown in result.unknown_values.items():
            header = result.mapping.header_of(name, result.kind)
            shown = ", ".join(f"« {value.text} » ({value.count})" for value in unknown.values())
            out(f"  Valeurs non reconnues, colonne « {header} » : {shown}")

    def summary(self, result, file_name: str, saved) -> None:
        kind, mapping = result.kind, result.mapping
        out = self.stdout.write
        used = f", correspondance « {saved.name} »" if saved is not None else ""
        out(f"Import {kind.label.lower()} depuis « {file_name} » (ligne d'en-tête {mapping.header_row}{used})")
        read = [f"« {mapping.headers[i]} » → {kind.by_field[name].label}" for i, name in mapping.fields.items()]
        out("Colonnes lues : " + "; ".join(read))
        ignored = [h for i, h in enumerate(mapping.headers) if h and i not in mapping.fields]
        if ignored:
            out("Colonnes ignorées : " + ", ".join(f"« {h} »" for h in ignored))
        written = not (result.dry_run or result.refused)
        out(f"  {'Créées' if written else 'À créer'} : {thousands(result.created)}")
        out(f"  {'Mises à jour' if written else 'À mettre à jour'} : {thousands(result.updated)}")
        out(f"  Inchangées : {thousands(result.unchanged)}")
        out(f"  Rejetées : {thousands(result.rejected_count)}")
        if result.summary_rows:
            out(f"  Lignes de total passées : {', '.join(map(str, result.summary_rows))}")
        self.missing_summary(result, written)
        for row in result.rejected[:SHOWN_REJECTIONS]:
            for column, reason in row.issues:
                where = f", colonne « {column} »" if column else ""
                out(f"    ligne {row.row}{where} : {reason}")
        if result.rejected_count > SHOWN_REJECTIONS:
            out(f"    … et {thousands(result.rejected_count - SHOWN_REJECTIONS)} autres lignes rejetées.")
        if result.dry_run:
            out("Simulation (--dry-run) : rien n'a été écrit.")
        elif result.refused:
            out(self.style.ERROR("Fichier refusé (--on-error refuse) : rien n'a été écrit."))
        else:
            out(self.style.SUCCESS("Import enregistré."))
