"""In a real browser: the preview's value-mapping step. The Référent SI maps the values no
synonym knows, ticks « créer ce qui manque » and imports; the page passes axe-core's rules."""

import pytest

from gouvernail.connectors.models import ImportMapping
from gouvernail.connectors.tests.spreadsheet.files import xlsx
from gouvernail.core.choices import Role
from gouvernail.core.models import Site
from gouvernail.inventory.models import Equipment
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.core import make_site

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_referent_maps_unknown_values_on_the_preview(browser, live_server, org, users, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    make_site(org, "Mairie")
    path = xlsx(
        tmp_path / "parc.xlsx",
        [
            ["Inventaire 2025"],
            ["Poste", "S/N", "Catégorie", "Neuf / reconditionné", "Site"],
            ["PC-01", "SN-1", "UC", "N", "Mairie"],
            ["PC-02", "SN-2", "Station graphique", "recond.", "Piscine"],
            ["PC-03", "SN-3", "Station graphique", "Seconde main", "Mairie"],
        ],
    )
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email, timeout_ms=60_000)
    page.goto(f"{live_server.url}/imports/nouveau/")
    page.get_by_label("Que contient le fichier ?").select_option(label="Équipements")
    page.get_by_label("Fichier", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_label("Enregistrer cette correspondance sous le nom").fill("Parc mairie")
    page.get_by_role("button", name="Voir l'aperçu").click()

    page.get_by_role("heading", name="Valeurs non reconnues").wait_for()
    assert page.locator("#count-rejected").inner_text() == "2"
    assert page.locator("#missing").get_by_text("à créer").count() == 1
    assert axe_violations(page) == []
    page.get_by_label("« Station graphique » correspond à").select_option(label="PC fixe")
    page.get_by_label("« Seconde main » correspond à").select_option(label="Reconditionné")
    page.get_by_role("button", name="Appliquer ces valeurs et revoir l'aperçu").click()

    page.get_by_text("Valeurs retenues avec la correspondance « Parc mairie ».").wait_for()
    assert page.locator("#count-rejected").inner_text() == "0"
    assert page.locator("#count-created").inner_text() == "3"
    assert page.get_by_role("heading", name="Valeurs non reconnues").count() == 0
    assert axe_violations(page) == []
    page.get_by_label("Créer les sites, services et personnes marqués « à créer »").check()
    page.get_by_role("button", name="Importer").click()

    page.get_by_text("Import enregistré : 3 créée(s)").wait_for()
    assert sorted(Equipment.objects.values_list("name", "family", "condition")) == [
        ("PC-01", "pc_fixe", "neuf"),
        ("PC-02", "pc_fixe", "reconditionne"),
        ("PC-03", "pc_fixe", "reconditionne"),
    ]
    assert Site.objects.filter(name="Piscine").exists()
    assert ImportMapping.objects.get().values["family"] == {"station graphique": "pc_fixe"}
