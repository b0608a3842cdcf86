"""In a real browser: the Référent SI uploads a messy inventory, checks the proposed columns,
reads the preview, imports the valid rows; each step passes axe-core's WCAG 2.1 A/AA rules."""

import pytest

from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.core.choices import Role
from gouvernail.inventory.models import Equipment
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.core import make_site

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_referent_imports_a_spreadsheet(browser, live_server, org, users, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    make_site(org, "Mairie")
    path = xlsx(
        tmp_path / "parc.xlsx",
        [
            ["Inventaire 2024"],
            [],
            ["Poste", "S/N", "Catégorie", "Site"],
            ["PC-01", "SN-1", "PC fixe", "Mairie"],
            ["PC-02", "SN-2", "Frigo", "Mairie"],
        ],
    )
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.get_by_role("button", name="Collecte").click()  # the menu's groups open on demand
    page.get_by_role("link", name="Importer un tableur").click()
    assert axe_violations(page) == []
    page.get_by_label("Que contient le fichier ?").select_option(label="Équipements")
    page.get_by_label("Fichier", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Lire le fichier").click()

    page.get_by_role("heading", name="Colonnes du fichier « parc.xlsx »").wait_for()
    assert page.get_by_label("S/N").input_value() == "serial"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Voir l'aperçu").click()

    page.get_by_role("heading", name="Aperçu de l'import « parc.xlsx »").wait_for()
    assert page.locator("#count-created").inner_text() == "1"
    assert page.locator("#count-rejected").inner_text() == "1"
    assert axe_violations(page) == []
    page.get_by_label("Importer les lignes valides, écarter les autres").check()
    page.get_by_role("button", name="Importer").click()

    # The commit is a job: its page says how it went and links to the import's record.
    page.get_by_text("Import enregistré : 1 créée(s)").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Voir le résultat").click()
    page.get_by_role("link", name="Télécharger les lignes rejetées (XLSX)").wait_for()
    assert list(Equipment.objects.values_list("name", flat=True)) == ["PC-01"]
    assert axe_violations(page) == []
