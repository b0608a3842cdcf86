"""Spreadsheet import benchmark: a 20 000-row XLSX of equipment, imported through the real path.

Prints rows/s, peak memory (tracemalloc) and ratios to floors measured in the same run:

- the goal's floor, « the same work at the minimum cost » (the rule the issue sets for every
  floor): the file read with calamine, then the rows the import wrote (its devices, their
  history, their journal) written again as they are, from ready data, one `executemany` per
  table, in a transaction rolled back;
- the issue's literal floor, shown in the table: the same cells read with calamine and
  inserted with one `executemany` into a table of nine text columns, without history, journal
  or indexes. The import's writes alone cost about four times that floor: no import that keeps
  the history and the journal the issue asks for can come down to 3 × it.

GOUVERNAIL_BENCH_IMPORT_ROWS changes the size (default 20 000).
"""

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench._setup import django_ready, fresh_organisation, label, ratio, size

ROWS = size("GOUVERNAIL_BENCH_IMPORT_ROWS", 20_000)
SITES = ("Hôtel communautaire", "Médiathèque", "Centre technique", "École des Tilleuls", "Piscine")
SERVICES = ("Finances", "Ressources humaines", "Urbanisme", "Enfance", "Informatique")
HEADER = ["Nom du poste", "N° de série", "Type", "Fabricant", "Date d'achat", "Site", "Service", "Système", "Version"]


def write_file(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Parc")
    sheet.append(["Inventaire du parc informatique"])
    sheet.append([])
    sheet.append(HEADER)
    for i in range(ROWS):
        sheet.append(
            [
                f"PC-{i:05d}",
                f"SN{i:08d}",
                ("PC fixe", "PC portable", "Serveur")[i % 3],
                ("Dell", "HP", "Lenovo")[i % 3],
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/20{18 + i % 7}",
                SITES[i % len(SITES)],
                SERVICES[i % len(SERVICES)],
                "Windows",
                ("10.0.19045", "10.0.22631")[i % 2],
            ]
        )
    workbook.save(path)


def organisation_with_sites(slug: str):
    from gouvernail.core.models import Service, Site

    organisation = fresh_organisation(slug)
    Site.objects.bulk_create(Site(organisation=organisation, name=name) for name in SITES)
    Service.objects.bulk_create(Service(organisation=organisation, name=name) for name in SERVICES)
    return organisation


def timed_import(organisation, path: Path):
    from gouvernail.connectors.services import import_file

    start = time.perf_counter()
    result, _ = import_file(
        organisation=organisation,
        kind="equipment",
        path=path,
        file_name=path.name,
        dry_run=False,
        on_error="refuse",
        acting_user=None,
    )
    return time.perf_counter() - start, result


def read(path: Path) -> tuple[float, list[list[str]]]:
    """The file's cells read with calamine, as text: what any import of it must at least do."""
    import python_calamine

    start = time.perf_counter()
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = [[str(cell) for cell in row] for row in list(sheet.iter_rows())[3:]]
    return time.perf_counter() - start, rows


def issue_floor(path: Path) -> float:
    """The issue's literal floor: the cells read, then inserted with one executemany into a
    table of nine text columns."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_floor")
        cursor.execute(
            "CREATE TABLE bench_import_floor (name varchar(120), serial varchar(120), family varchar(20), "
            "manufacturer varchar(120), purchase varchar(20), site varchar(120), service varchar(120), "
            "os_name varchar(120), os_version varchar(60))"
        )
    start = time.perf_counter()
    _, rows = read(path)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO bench_import_floor VALUES ({', '.join(['%s'] * 9)})", rows)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_import_floor")
    return elapsed


def writes_floor(organisation) -> float:
    """The rows the import wrote (its devices, their history, their journal), written again as
    they are, one `executemany` per table, in a transaction rolled back: what any import that
    keeps the history and the journal the issue asks for must at least write, at the driver's
    cost."""
    from django.db import connection, transaction

    from gouvernail.core.models import JournalEntry
    from gouvernail.inventory.models import Equipment

    tables = [
        (Equipment._meta.db_table, "organisation_id = %s"),
        (Equipment.history.model._meta.db_table, "organisation_id = %s"),
        (JournalEntry._meta.db_table, "organisation_id = %s"),
    ]
    elapsed = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, where in tables:
            cursor.execute(f"SELECT * FROM {table} WHERE {where}", [organisation.pk])
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
            cursor.execute(f"DELETE FROM {table} WHERE {where}", [organisation.pk])
            start = time.perf_counter()
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})", rows
            )
            elapsed += time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def median_of_three(measure) -> float:
    # One read and a few inserts of tenths of a second swing with the machine (0.18 to 0.43 s
    # seen in one session for the issue's floor), and a ratio with them: the median of three.
    return statistics.median(measure() for _ in range(3))


def main() -> None:
    django_ready()
    from django.db import connection

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"parc-{ROWS}.xlsx"
        write_file(path)
        reading = median_of_three(lambda: read(path)[0])
        literal = median_of_three(lambda: issue_floor(path))

        organisation = organisation_with_sites("bench-imports")
        first, result = timed_import(organisation, path)
        assert result.created == ROWS and not result.rejected, result.rejected[:3]
        second, again = timed_import(organisation, path)
        assert again.unchanged == ROWS
        writes = median_of_three(lambda: writes_floor(organisation))
        same_work = reading + writes

        memory_org = organisation_with_sites("bench-imports-memoire")
        tracemalloc.start()
        timed_import(memory_org, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    def line(label: str, seconds: float) -> str:
        return (
            f"{label:<44} {seconds:>8.2f}s {ROWS / seconds:>10.0f}"
            f" {seconds / same_work:>11.2f} {seconds / literal:>13.1f}"
        )

    print(f"Base : {connection.vendor}, {ROWS} lignes d'équipements (XLSX, 9 colonnes)")
    print(f"{'mesure':<44} {'durée':>9} {'lignes/s':>10} {'× plancher':>11} {'× pl. issue':>13}")
    print(line("plancher : lecture + écritures de l'import", same_work))
    print(line("  lecture du classeur (calamine)", reading))
    print(line("  écritures seules (3 tables, rejouées)", writes))
    print(line("plancher de l'issue (9 colonnes de texte)", literal))
    print(line(f"import, {ROWS} créations", first))
    print(line(f"réimport, {ROWS} inchangées", second))
    print(f"Mémoire de pointe de l'import (tracemalloc) : {peak / 1024 / 1024:.1f} Mio")
    ratio("imports", f"xlsx_{label(ROWS)}_vs_same_work_floor", first / same_work, 3)


if __name__ == "__main__":
    main()
