"""In a real browser: the Référent SI submits the charte, approves it by the COPIL's adopted
decision, publishes it, launches a campaign and records an agent's acknowledgement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.governance.models import Acknowledgement
from gouvernail.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_referent_publishes_a_version_approved_by_a_decision_and_records_an_acknowledgement(
    browser,
    live_server,
    org,
    users,
):
    from gouvernail.governance.services import decision_record
    from gouvernail.testing.factories.core import make_person, make_service
    from gouvernail.testing.factories.governance import (
        make_decision,
        make_document_version,
        make_framework_document,
        make_option,
    )

    charter = make_framework_document(org)
    version = make_document_version(charter, 1)
    decision = make_decision(org, "Approuver la charte informatique ?")
    decision_record(
        decision=decision,
        outcome="adoptee",
        chosen_option=make_option(decision, "Approuver"),
        rationale="Charte relue.",
        consensus=True,
        decided_on=timezone.localdate(),
        acting_user=None,
    )
    service = make_service(org, "Finances")
    make_person(org, "Durand", first_name="Claire", service=service)
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")

    page.get_by_role("link", name="Soumettre à approbation").click()
    page.get_by_role("button", name="Soumettre à approbation").click()
    page.get_by_text("Version soumise à approbation.").wait_for()
    page.get_by_role("link", name="Approuver par une décision").click()
    page.get_by_label("Décision d'approbation").select_option(label=str(decision))
    page.get_by_role("button", name="Approuver par une décision").click()
    page.get_by_text("Version approuvée.").wait_for()
    page.get_by_role("link", name="Publier").click()
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("Version publiée.").wait_for()

    page.goto(f"{live_server.url}{charter.get_absolute_url()}")
    current = page.locator("section", has=page.get_by_role("heading", name="Version en vigueur"))
    assert "Version 1" in current.inner_text()
    current.get_by_role("link", name="D1").wait_for()

    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    page.get_by_role("link", name="Lancer une campagne de prise de connaissance").click()
    page.get_by_label("Intitulé").fill("Charte v1 — prise de connaissance")
    page.get_by_label("Début").fill(f"{timezone.localdate() - timedelta(days=1):%Y-%m-%d}")
    page.get_by_label("Fin").fill(f"{timezone.localdate() + timedelta(days=30):%Y-%m-%d}")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Enregistrer des prises de connaissance").click()
    page.get_by_label("Nom ou prénom").fill("durand")
    page.get_by_role("search", name="Chercher une personne").get_by_role("button", name="Chercher").click()
    page.get_by_label("Claire Durand").check()
    page.get_by_role("button", name="Enregistrer les prises de connaissance").click()
    page.get_by_text("1 prise de connaissance enregistrée.").wait_for()
    assert page.get_by_label("Claire Durand — pris connaissance le").is_checked()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Revenir à la campagne").click()
    rates = page.locator("section", has=page.get_by_role("heading", name="Taux de prise de connaissance par service"))
    assert "effectif insuffisant" in rates.inner_text()  # one person in Finances: below 5
    assert Acknowledgement.objects.get().person.last_name == "Durand"
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_register_and_document_pages_have_no_wcag_violation(browser, live_server, org, users):
    from gouvernail.testing.factories.governance import make_document_version, make_framework_document

    charter = make_framework_document(org)
    make_document_version(charter, 1)
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    for path in ("/decisions/registre/", charter.get_absolute_url(), "/documents-cadres/versions/ajouter/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
