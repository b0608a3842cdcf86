"""In a real browser: the Référent SI records a device and finds it; an Élu cannot edit; the
Référent SI moves an action on the board with the keyboard only; the roadmap and its Gantt open.

Drives Debian's Chromium through Playwright (see gouvernail.testing.browser).
"""

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_referent_creates_an_equipment_finds_it_and_sees_its_history(browser, live_server, users):
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.get_by_role("button", name="Référentiel SI").click()  # the menu's groups open on demand
    page.get_by_role("link", name="Parc informatique").click()
    page.get_by_role("link", name="Ajouter", exact=True).click()
    page.get_by_label("Type").select_option(label="PC portable")
    page.get_by_label("Nom", exact=True).fill("PC-ACCUEIL-042")
    page.get_by_label("Numéro de série").fill("SN-GV-000042")
    page.get_by_label("Système d'exploitation").fill("Windows 11 Professionnel")
    page.get_by_label("Version / build").fill("10.0.22631")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="PC-ACCUEIL-042").wait_for()
    assert "Windows 11" in page.locator("dl").inner_text()

    page.get_by_role("link", name="Parc informatique").click()
    page.get_by_label("Recherche").fill("SN-GV-0000")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="PC-ACCUEIL-042").click()
    page.get_by_role("link", name="Historique").click()
    history = page.locator("main").inner_text()
    assert "Création" in history
    assert users[Role.REFERENT_SI].email in history
    assert "SN-GV-000042" in history


@pytest.mark.django_db(transaction=True)
def test_an_elected_official_finds_no_edit_button(browser, live_server, org, users):
    from gouvernail.inventory.models import Equipment

    device = Equipment.objects.create(organisation=org, family="pc_fixe", name="PC-MAIRIE-001")
    page = log_in(browser, live_server, users[Role.ELU].email)

    page.goto(f"{live_server.url}/parc/")
    assert page.get_by_role("link", name="PC-MAIRIE-001").is_visible()
    assert page.get_by_role("link", name="Ajouter", exact=True).count() == 0
    page.goto(f"{live_server.url}{device.get_absolute_url()}")
    assert page.get_by_role("link", name="Modifier").count() == 0
    assert page.get_by_role("link", name="Supprimer").count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_referent_moves_an_action_on_the_board_with_the_keyboard_and_finds_it_in_its_logbook(
    browser, live_server, org, users
):
    from gouvernail.steering.models import ActionItem

    ActionItem.objects.create(organisation=org, number=7, title="Plan de sensibilisation continu")
    action = ActionItem.objects.create(
        organisation=org, number=8, title="Renouveler les mots de passe Wifi tous les 6 mois", status="a_planifier"
    )
    referent = users[Role.REFERENT_SI].email
    page = log_in(browser, live_server, referent)
    page.goto(f"{live_server.url}/plan-action/tableau/")
    in_progress = page.locator("section", has=page.get_by_role("heading", name="En cours"))
    assert in_progress.get_by_role("link", name="8. Renouveler").count() == 0

    # Keyboard only: focus the card's « Déplacer vers » list, pick « En cours », Tab to OK, Enter.
    page.locator(f"#action-{action.pk}").get_by_label("Déplacer vers").focus()
    assert page.evaluate("document.activeElement.id") == f"move-{action.pk}"
    page.keyboard.press("ArrowDown")  # À valider
    page.keyboard.press("ArrowDown")  # En cours
    assert page.evaluate("document.activeElement.value") == "en_cours"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("OK")
    page.keyboard.press("Enter")

    # htmx swaps the board in place: its alert only exists in the swapped fragment.
    page.locator("#board [role=alert]").get_by_text("Action 8 déplacée vers « En cours ».").wait_for()
    assert page.url == f"{live_server.url}/plan-action/tableau/"
    in_progress.get_by_role("link", name="8. Renouveler les mots de passe Wifi tous les 6 mois").click()
    page.get_by_role("heading", name="Journal de bord").wait_for()
    logbook = page.locator("section", has=page.get_by_role("heading", name="Journal de bord")).inner_text()
    assert "À planifier" in logbook
    assert "En cours" in logbook
    assert referent in logbook


@pytest.mark.django_db(transaction=True)
def test_the_roadmap_matrix_and_the_gantt_open(browser, live_server, org, users):
    from datetime import date

    from gouvernail.steering.models import RoadmapAxis, RoadmapItem, RoadmapTheme

    axis = RoadmapAxis.objects.create(organisation=org, name="Cybersécurité", position=1)
    for year, title in ((2026, "Structurer"), (2027, "Consolider & sécuriser"), (2028, "Optimiser & piloter")):
        RoadmapTheme.objects.create(organisation=org, year=year, title=title)
    RoadmapItem.objects.create(organisation=org, axis=axis, year=2027, title="EDR sur postes")
    RoadmapItem.objects.create(
        organisation=org,
        axis=axis,
        year=2026,
        title="Déploiement d'un firewall centralisé",
        start_month=date(2026, 2, 1),
        end_month=date(2026, 4, 1),
        is_estimate=True,
    )
    page = log_in(browser, live_server, users[Role.ELU].email)

    page.goto(f"{live_server.url}/feuille-de-route/")
    page.get_by_role("heading", name="Feuille de route 2026–2028").wait_for()
    assert "EDR sur postes" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/feuille-de-route/gantt/2026/")
    page.get_by_role("heading", name="Gantt 2026", exact=True).wait_for()
    assert "Déploiement d'un firewall centralisé" in page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_have_no_wcag_violation(browser, live_server, org, users):
    from gouvernail.steering.models import ActionItem

    ActionItem.objects.create(organisation=org, number=1, title="Inventaire des équipements", status="en_cours")
    ActionItem.objects.create(organisation=org, number=2, title="Politique de mots de passe", status="a_valider")
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    for path in ("/", "/parc/", "/parc/ajouter/", "/contrats/", "/journal/", "/plan-action/tableau/", "/plan-action/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path


@pytest.mark.django_db(transaction=True)
def test_a_referent_prepares_a_meeting_records_a_decision_and_finds_it_in_the_register_and_the_action_plan(
    browser, live_server, org, users
):
    from gouvernail.testing.factories.governance import make_committee, make_decision, make_meeting, make_option

    meeting = make_meeting(make_committee(org), "COPIL de mars")
    decision = make_decision(org, "Quel prestataire d'infogérance ?")
    make_option(decision, "Offre A")
    make_option(decision, "Offre B")
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")

    for title, kind in (
        ("Point d'avancement des projets", "Projet"),
        ("Indicateurs du tableau de bord", "Indicateur"),
        ("Choix du prestataire", "Décision à prendre"),
    ):
        page.get_by_role("link", name="Ajouter un point à l'ordre du jour").click()
        page.get_by_label("Sujet").fill(title)
        page.get_by_label("Nature").select_option(label=kind)
        if kind == "Décision à prendre":
            page.get_by_label("Décision à prendre").select_option(label="Quel prestataire d'infogérance ?")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_role("heading", name=title).wait_for()
        page.get_by_role("link", name="COPIL de mars").first.click()
    agenda = page.locator("section", has=page.get_by_role("heading", name="Ordre du jour"))
    assert agenda.get_by_role("listitem").count() == 3

    agenda.get_by_role("link", name="Enregistrer la décision").click()
    page.get_by_label("Issue").select_option(label="Adoptée")
    page.get_by_label("Option retenue").select_option(label="Offre B")
    page.get_by_label("Motivation").fill("Meilleure réversibilité et engagements de service précis.")
    page.get_by_label("Par consensus").check()
    page.get_by_label("Actions de suite à créer dans le plan d'action").fill("Notifier le marché au titulaire")
    page.get_by_role("button", name="Enregistrer au registre").click()
    page.get_by_text("Décision enregistrée au registre sous le n° 1.").wait_for()
    assert "Meilleure réversibilité" in page.locator("dl").inner_text()

    page.goto(f"{live_server.url}/decisions/?recorded=true")
    page.get_by_role("link", name="Quel prestataire d'infogérance ?").wait_for()
    assert "Adoptée" in page.locator("table").inner_text()
    page.goto(f"{live_server.url}/plan-action/")
    page.get_by_role("link", name="Notifier le marché au titulaire").click()
    page.get_by_role("heading", name="Journal de bord").wait_for()
    assert "Créée par la décision D1." in page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_the_governance_pages_have_no_wcag_violation(browser, live_server, org, users):
    from gouvernail.testing.factories.governance import (
        make_agenda_item,
        make_analysis,
        make_committee,
        make_decision,
        make_meeting,
        make_option,
        make_rating,
        make_scenario_criterion,
        make_scenario_option,
    )

    committee = make_committee(org)
    meeting = make_meeting(committee)
    decision = make_decision(org, committee=committee)
    make_option(decision)
    make_agenda_item(meeting, kind="decision", decision=decision)
    analysis = make_analysis(org)
    make_rating(make_scenario_option(analysis), make_scenario_criterion(analysis), justification="Moyen")
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)
    for path in (
        committee.get_absolute_url(),
        meeting.get_absolute_url(),
        decision.get_absolute_url(),
        f"/decisions/{decision.pk}/enregistrer/",
        "/decisions/registre/verification/",
        analysis.get_absolute_url(),
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
