"""`gouvernail import --create-missing`: a new organisation's messy inventory imports in skip mode,
everything but its two truly defective rows, the sites, services and people it names created in
the same transaction and journaled. Figures read back with SQL written here."""

from collections import Counter

from django.db import connection

from gouvernail.connectors.tests.spreadsheet.messy import (
    CONDITION_OF,
    FAMILY_OF,
    PEOPLE,
    SERVICES,
    SITES,
    inventory_rows,
    inventory_workbook,
)
from gouvernail.connectors.tests.test_import_command import run


def scalar(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_messy_inventory_imports_all_but_its_two_defective_rows_creating_what_it_names(org, tmp_path):
    path, defective = inventory_workbook(tmp_path / "Inventaire parc 2025.xlsx")

    code, out, _ = run("equipment", str(path), "--org", "test", "--on-error", "skip", "--create-missing")

    assert code == 1  # rows were rejected: exactly the two defective ones
    assert "Créées : 38" in out and "Rejetées : 2" in out
    assert f"ligne {defective['frigo']}, colonne « Type de matériel » : Valeur « Frigo » non reconnue" in out
    assert f"ligne {defective['date']}, colonne « Date achat » : Date invalide : « 31/02/2023 »" in out
    assert "Sites créés (5)" in out and "Services créés (12)" in out and "Personnes créées (30)" in out

    org_id = org.pk
    assert scalar("SELECT COUNT(*) FROM core_site WHERE organisation_id = %s", org_id) == 5
    assert sorted(r[0] for r in rows("SELECT name FROM core_site WHERE organisation_id = %s", org_id)) == sorted(SITES)
    assert scalar("SELECT COUNT(*) FROM core_service WHERE organisation_id = %s", org_id) == 12
    services = sorted(r[0] for r in rows("SELECT name FROM core_service WHERE organisation_id = %s", org_id))
    assert services == sorted(SERVICES)  # « Finances » and « Finances  » are one service
    assert scalar("SELECT COUNT(*) FROM core_person WHERE organisation_id = %s", org_id) == 30
    assert scalar("SELECT COUNT(*) FROM inventory_equipment WHERE organisation_id = %s", org_id) == 38

    imported = [row for row in inventory_rows() if row["family"] != "Frigo" and row["bought"] != "31/02/2023"]
    families = dict(
        rows("SELECT family, COUNT(*) FROM inventory_equipment WHERE organisation_id = %s GROUP BY family", org_id)
    )
    assert families == dict(Counter(FAMILY_OF[row["family"]] for row in imported))
    conditions = dict(
        rows(
            'SELECT "condition", COUNT(*) FROM inventory_equipment WHERE organisation_id = %s GROUP BY "condition"',
            org_id,
        )
    )
    assert conditions == dict(Counter(CONDITION_OF[row["condition"]] for row in imported))

    # Each device is attached to the site, service and person its row names.
    attached = rows(
        "SELECT e.serial, s.name, v.name, p.first_name, p.last_name FROM inventory_equipment e "
        "JOIN core_site s ON s.id = e.site_id JOIN core_service v ON v.id = e.service_id "
        "JOIN core_person p ON p.id = e.assigned_to_id WHERE e.organisation_id = %s",
        org_id,
    )
    assert len(attached) == 38
    expected_site = {
        row["serial"]: (SITES[0] if 35 <= int(row["serial"][2:]) - 7000 <= 37 else row["site"]) for row in imported
    }
    for serial, site, service, first, last in attached:
        row = next(r for r in imported if r["serial"] == serial)
        assert site == expected_site[serial]
        assert service == row["service"].strip()
        person_first, person_last = PEOPLE[row["person"]]
        assert (first, last.casefold()) == (person_first, person_last.casefold())

    # A person is created with the site and service of the first row naming them.
    first_row = inventory_rows()[4]
    assert rows(
        "SELECT s.name, v.name FROM core_person p JOIN core_service v ON v.id = p.service_id "
        "JOIN core_site s ON s.id = p.site_id WHERE p.organisation_id = %s AND p.first_name = %s "
        "AND UPPER(p.last_name) = %s",
        org_id,
        PEOPLE[4][0],
        PEOPLE[4][1].upper(),
    ) == [(first_row["site"], first_row["service"].strip())]

    # The journal keeps what was created, attributed to the import.
    created = scalar(
        "SELECT COUNT(*) FROM core_journalentry WHERE organisation_id = %s AND reason LIKE %s",
        org_id,
        "%création des éléments nommés par le fichier%",
    )
    assert created == 5 + 12 + 30
    record = rows(
        "SELECT created_count, rejected_count FROM connectors_importrecord WHERE organisation_id = %s", org_id
    )
    assert record == [(38, 2)]


def test_without_create_missing_the_rows_naming_unknown_places_are_rejected(org, tmp_path):
    path, _ = inventory_workbook(tmp_path / "parc.xlsx")

    code, out, _ = run("equipment", str(path), "--org", "test", "--on-error", "skip")

    assert code == 1
    assert "Créées : 0" in out and "Rejetées : 40" in out
    assert "n'est pas un site connu de l'organisation" in out
    assert scalar("SELECT COUNT(*) FROM core_site WHERE organisation_id = %s", org.pk) == 0


def test_refuse_mode_creates_nothing_at_all_when_a_row_is_defective(org, tmp_path):
    path, _ = inventory_workbook(tmp_path / "parc.xlsx")

    code, out, _ = run("equipment", str(path), "--org", "test", "--create-missing")

    assert code == 1
    assert "rien n'a été écrit" in out
    for table in ("core_site", "core_service", "core_person", "inventory_equipment"):
        assert scalar(f"SELECT COUNT(*) FROM {table} WHERE organisation_id = %s", org.pk) == 0, table


def test_a_dry_run_lists_what_it_would_create_and_writes_nothing(org, tmp_path):
    path, _ = inventory_workbook(tmp_path / "parc.xlsx")
    journal = "SELECT COUNT(*) FROM core_journalentry WHERE organisation_id = %s"
    before = scalar(journal, org.pk)

    code, out, _ = run("equipment", str(path), "--org", "test", "--dry-run", "--create-missing", "--on-error", "skip")

    assert code == 1
    assert "À créer : 38" in out
    assert "Sites à créer (5)" in out and "« Hôtel de ville »" in out
    assert scalar("SELECT COUNT(*) FROM core_site WHERE organisation_id = %s", org.pk) == 0
    assert scalar(journal, org.pk) == before
