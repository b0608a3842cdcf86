"""In a real browser: the Référent SI opens « Connecteurs », configures Nextcloud against the
fake server, tests the connection, synchronises and finds the run « Réussie » in the log; each
page passes axe-core's WCAG 2.1 A/AA rules."""

import pytest

from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account
from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_referent_configures_nextcloud_tests_it_and_synchronises(
    browser,
    live_server,
    org,
    users,
    httpserver,
):
    make_service(org, "Finances")
    fake = FakeNextcloud(httpserver, users=[account("agent1", ["Compta"], used=GIB, last_login_s=1718000000)]).install()
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.get_by_role("button", name="Collecte").click()  # the menu's groups open on demand
    page.get_by_role("link", name="Connecteurs").click()
    page.get_by_role("heading", name="Connecteurs").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Configurer Nextcloud").click()

    page.get_by_role("heading", name="Connecteur Nextcloud").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le formulaire contient des erreurs").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Adresse du service").fill(fake.url)
    page.get_by_label("Compte administrateur").fill(USERNAME)
    page.get_by_label("Mot de passe d'application").fill(SECRET)
    page.get_by_label("Groupes rattachés aux services").fill("Compta = Finances")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Configuration du connecteur enregistrée.").wait_for()

    page.get_by_role("button", name="Tester la connexion").click()
    page.get_by_text("Connexion réussie : Nextcloud 31.0.5.1 répond").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Synchroniser maintenant").click()

    # The job's page (the sync ran at once: tasks run immediately in the tests).
    page.get_by_role("heading", name="Avancement").wait_for()
    page.get_by_text("Terminé").first.wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Voir le résultat").click()
    page.get_by_role("heading", name="Avancement").wait_for()
    page.get_by_role("link", name="Journal des synchronisations").first.click()
    row = page.get_by_role("row").filter(has_text="Nextcloud")
    assert "Réussie" in row.inner_text()
    assert axe_violations(page) == []
