"""A realistic, deliberately messy inventory workbook of a town hall that Gouvernail knows
nothing of yet: title rows above the header, a merged title and merged « Lieu » cells, variant
spellings (« UC », « Portable », « N », « recond. »), trailing spaces, blank rows, a
sub-total and a total row, and two truly defective rows.

The figures the tests check are written here by hand, independently of the product's code.
"""

from pathlib import Path

from openpyxl import Workbook

SITES = ["Hôtel de ville", "Médiathèque", "Centre technique municipal", "École Jules-Ferry", "Piscine"]
SERVICES = [
    "Accueil",
    "État civil",
    "Urbanisme",
    "Finances",
    "Ressources humaines",
    "Culture",
    "Jeunesse",
    "Services techniques",
    "Police municipale",
    "Communication",
    "Direction générale",
    "Sports",
]
FIRST = ["Claire", "Paul", "Nadia", "Louis", "Inès", "Marc", "Sophie", "Hugo", "Léa", "Karim"]
LAST = ["Durand", "Martin", "Bernard", "Petit", "Robert", "Richard", "Moreau", "Lefèvre", "Garnier", "Faure"]
# 30 people: first names cycle, last names shift so that each pair is distinct.
PEOPLE = [(FIRST[i % 10], LAST[(i + i // 10) % 10]) for i in range(30)]

FAMILIES = ["UC", "Portable", "tour", "Laptop", "PC fixe", "ordinateur fixe ", "PC port.", "Fixe"]
FAMILY_OF = {
    "UC": "pc_fixe",
    "Portable": "pc_portable",
    "tour": "pc_fixe",
    "Laptop": "pc_portable",
    "PC fixe": "pc_fixe",
    "ordinateur fixe ": "pc_fixe",
    "PC port.": "pc_portable",
    "Fixe": "pc_fixe",
}
CONDITIONS = ["N", "R", "recond.", "Neuf", "neuf ", "reconditionné", "new"]
CONDITION_OF = {
    "N": "neuf",
    "R": "reconditionne",
    "recond.": "reconditionne",
    "Neuf": "neuf",
    "neuf ": "neuf",
    "reconditionné": "reconditionne",
    "new": "neuf",
}
HEADER = [
    "Nom du poste",
    "N° de série ",
    "Type de matériel",
    "Neuf / reconditionné",
    "Lieu",
    "Direction",
    "Utilisateur",
    "Date achat",
    "Remarques",
]
FIRST_DATA_ROW = 5  # rows 1-3: title, date line, blank; row 4: the header
DEFECTIVE = {
    # row number in the file → (column header as the file writes it, a word of the French reason)
    "frigo": ("Type de matériel", "Frigo"),
    "date": ("Date achat", "Date invalide"),
}


def person_text(index: int) -> str:
    """How the file names person `index`: « Prénom Nom », « NOM Prénom », trailing spaces."""
    first, last = PEOPLE[index]
    if index % 3 == 1:
        return f"{last.upper()} {first}"
    if index % 3 == 2:
        return f"{first} {last}  "
    return f"{first} {last}"


def inventory_rows() -> list[dict]:
    """The 40 devices, as dicts; `person` indexes PEOPLE (None: unassigned)."""
    rows = []
    for i in range(40):
        person = i if i < 30 else (i - 30) * 3  # the last ten reuse people, written otherwise
        rows.append(
            {
                "name": f"PC-MAIRIE-{i + 1:03d}",
                "serial": f"SN{7000 + i}",
                "family": FAMILIES[i % len(FAMILIES)],
                "condition": CONDITIONS[i % len(CONDITIONS)],
                "site": SITES[i % 5],
                "service": SERVICES[i % 12] + (" " if i % 4 == 3 else ""),
                "person": person,
                "person_text": person_text(person) if i < 30 else f"{PEOPLE[person][1].upper()} {PEOPLE[person][0]}",
                "bought": f"{(i % 27) + 1:02d}/0{(i % 9) + 1}/2022",
            }
        )
    rows[11]["family"] = "Frigo"  # unknown type: rejected
    rows[23]["bought"] = "31/02/2023"  # impossible date: rejected
    return rows


def inventory_workbook(path: Path) -> tuple[Path, dict[str, int]]:
    """The workbook, and {"frigo": row, "date": row}: the file rows of the two defective lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Parc 2025"
    sheet.append(["Inventaire du parc informatique — Ville de Saint-Exemple (illustratif)"])
    sheet.merge_cells("A1:I1")
    sheet.append(["Mis à jour le 12/03/2025 par le service informatique"])
    sheet.append([])
    sheet.append(HEADER)
    defective: dict[str, int] = {}
    number = FIRST_DATA_ROW - 1
    merged_from = None
    for i, row in enumerate(inventory_rows()):
        if i == 20:
            sheet.append([])  # a blank row between two blocks
            number += 1
            sheet.append(["Sous-total bâtiments", None, None, None, None, None, None, None, "20 postes"])
            number += 1
        number += 1
        site = row["site"]
        if i in (35, 36, 37):
            # The site typed once and merged over three rows, as people do.
            site = SITES[35 % 5] if i == 35 else None
            merged_from = merged_from or number
        sheet.append(
            [
                f"  {row['name']}" if i % 7 == 0 else row["name"],
                row["serial"],
                row["family"],
                row["condition"],
                site,
                row["service"],
                row["person_text"],
                row["bought"],
                "" if i % 5 else "à remplacer en 2026 ",
            ]
        )
        if row["family"] == "Frigo":
            defective["frigo"] = number
        if row["bought"] == "31/02/2023":
            defective["date"] = number
    sheet.merge_cells(f"E{merged_from}:E{merged_from + 2}")
    sheet.append([])
    sheet.append(["Total", None, None, None, None, None, None, None, "40 postes"])
    workbook.save(path)
    return path, defective
