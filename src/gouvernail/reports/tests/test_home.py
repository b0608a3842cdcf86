"""The home page is the cockpit of the current user: what waits for them, the next COPIL, the key
indicators and the blocks of their role, in a constant number of queries; a new organisation
sees its first steps, each ticked from real data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership
from gouvernail.metrics import registry
from gouvernail.reports.tests.conftest import local_today, store_measurement
from gouvernail.testing.factories.connectors import make_connector_config, make_import_record, make_sync_run
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import (
    make_committee,
    make_meeting,
    make_member,
)
from gouvernail.testing.factories.inventory import make_equipment
from gouvernail.testing.factories.reports import make_copil_pack
from gouvernail.testing.factories.servicedesk import make_request
from gouvernail.testing.factories.steering import (
    make_action,
    make_project,
)

#
# « À traiter »
#


def test_the_referent_sees_every_operational_line_each_linking_to_its_filtered_list(cockpit, client_for):
    page = client_for(Role.REFERENT_SI).get("/").content.decode()

    assert "2 actions en retard</a>" in page
    assert 'href="/plan-action/?overdue=true"' in page
    assert "1 contrat à dénoncer ou reconduire sous 90 jours</a>" in page
    assert "1 décision à prendre</a>" in page
    assert "1 arbitrage attendu par un projet</a>" in page
    assert "1 synchronisation en échec ou en retard</a>" in page


def test_the_lines_give_the_nearest_date(cockpit, client_for):
    page = client_for(Role.REFERENT_SI).get("/").content.decode()

    oldest = cockpit["today"] - timedelta(days=40)
    needed = cockpit["today"] + timedelta(days=20)
    assert f"la plus ancienne attendue le {oldest:%d/%m/%Y}" in page
    assert f"la première nécessaire avant le {needed:%d/%m/%Y}" in page


def test_an_acknowledgement_is_due_only_for_the_user_whose_person_is_targeted(cockpit, client_for):
    assert "1 prise de connaissance à faire" in client_for(Role.DIRECTION).get("/").content.decode()
    assert "prise de connaissance à faire" not in client_for(Role.REFERENT_SI).get("/").content.decode()


def test_an_acknowledged_campaign_is_no_longer_due(cockpit, client_for, org):
    from gouvernail.governance.models import AcknowledgementCampaign
    from gouvernail.testing.factories.governance import make_acknowledgement

    make_acknowledgement(AcknowledgementCampaign.objects.get(organisation=org), cockpit["person"])

    assert "prise de connaissance à faire" not in client_for(Role.DIRECTION).get("/").content.decode()


def test_a_sync_that_succeeded_recently_is_not_listed(org, client_for):
    make_sync_run(make_connector_config(org), finished_at=timezone.now())

    assert "synchronisation" not in client_for(Role.REFERENT_SI).get("/").context["todos"].__repr__()


def test_a_sync_without_success_for_days_is_listed(org, client_for):
    make_sync_run(make_connector_config(org), finished_at=timezone.now() - timedelta(days=3))

    labels = [todo["label"] for todo in client_for(Role.REFERENT_SI).get("/").context["todos"]]
    assert labels == ["1 synchronisation en échec ou en retard"]


def test_the_elu_sees_the_decisions_but_not_the_operational_lines(cockpit, client_for):
    labels = [todo["label"] for todo in client_for(Role.ELU).get("/").context["todos"]]

    assert labels == ["1 décision à prendre", "1 arbitrage attendu par un projet"]


def test_the_rows_of_another_organisation_are_not_counted(cockpit, other_org, client_for):
    make_action(other_org, 1, status="en_cours", due_date=cockpit["today"] - timedelta(days=10))

    assert "2 actions en retard" in client_for(Role.REFERENT_SI).get("/").content.decode()


#
# The next COPIL and the indicators
#


def test_the_next_copil_shows_its_agenda_its_time_and_its_pack_status(cockpit, client_for):
    page = client_for(Role.ELU).get("/").content.decode()

    assert "COPIL de fin d&#x27;année" in page
    assert "à 14 h 00" in page and "14:00:00" not in page
    assert "Point sur la feuille de route" in page and "Budget SI" in page
    assert "pas encore généré" in page


def test_the_next_copil_says_when_its_pack_was_generated(cockpit, client_for):
    make_copil_pack(cockpit["upcoming"])

    page = client_for(Role.DIRECTION).get("/").content.decode()

    assert f"généré le {timezone.localdate():%d/%m/%Y}" in page


def test_the_indicators_give_their_trend_since_the_previous_copil_and_their_level(cockpit, client_for):
    rows = next(p for p in client_for(Role.DIRECTION).get("/").context["panels"] if p["key"] == "copil_indicators")[
        "rows"
    ]

    monthly = next(row for row in rows if row["label"] == registry.get_indicator("demandes_mois").label)
    assert monthly["display"].startswith("90")
    assert monthly["trend"] == "en baisse"
    assert monthly["previous_display"].startswith("120")
    assert len(rows) == 5


def test_an_indicator_with_thresholds_shows_its_colour(cockpit, client_for, org):
    from gouvernail.reports.home import key_indicator_rows

    code = next(i.code for i in registry.indicators() if i.thresholds and i.code == "demandes_recurrentes_taux")
    indicator = registry.get_indicator(code)
    store_measurement(org, code, cockpit["today"], indicator.thresholds.green)
    membership = Membership.objects.get(user__email=f"{Role.DIRECTION}@test.example")

    row = next(r for r in key_indicator_rows(membership, cockpit["today"]) if r["label"] == indicator.label)

    assert row["level"] == registry.GREEN


#
# Per role
#


def _panels(client):
    return [panel["key"] for panel in client.get("/").context["panels"]]


def test_the_elu_sees_decisions_projects_and_the_roadmap(cockpit, client_for):
    assert _panels(client_for(Role.ELU)) == ["next_copil", "decisions", "projects", "roadmap"]


def test_the_auditor_sees_the_register_and_the_journal(cockpit, client_for):
    assert _panels(client_for(Role.AUDITEUR)) == ["next_copil", "register", "journal"]


def test_the_direction_sees_the_indicators_and_the_decisions(cockpit, client_for):
    assert _panels(client_for(Role.DIRECTION)) == ["next_copil", "copil_indicators", "decisions"]


def test_only_those_who_run_the_service_get_the_key_counts(cockpit, client_for):
    assert client_for(Role.REFERENT_SI).get("/").context["cards"]
    assert not client_for(Role.ELU).get("/").context["cards"]


def test_a_key_count_of_one_is_in_the_singular(org, client_for):
    from gouvernail.testing.factories.core import make_site

    make_site(org)

    page = client_for(Role.REFERENT_SI).get("/").content.decode()

    assert '<div class="kpi-value">1</div><div class="text-body">Site</div>' in page


@pytest.mark.parametrize("role", Role.values)
def test_the_home_page_runs_a_constant_number_of_queries(role, cockpit, client_for, django_assert_max_num_queries):
    client = client_for(role)
    client.get("/")

    with django_assert_max_num_queries(25):
        response = client.get("/")

    assert response.status_code == 200


#
# First steps of a new organisation
#


def _steps(client):
    return {step["label"]: step["done"] for step in client.get("/").context["first_steps"]}


def test_a_new_organisation_sees_every_first_step_unticked(org, client_for):
    steps = _steps(client_for(Role.ADMIN))

    assert list(steps) == [
        "Importer le référentiel",
        "Connecter l'outil de demandes (GestSup, GLPI)",
        "Inviter les membres du COPIL",
        "Planifier le premier COPIL",
        "Générer le dossier du premier COPIL",
    ]
    assert not any(steps.values())


def test_each_first_step_ticks_once_its_data_exists(org, client_for):
    client = client_for(Role.REFERENT_SI)

    make_import_record(org)
    assert _steps(client)["Importer le référentiel"]
    assert not _steps(client)["Connecter l'outil de demandes (GestSup, GLPI)"]

    config = make_connector_config(org)
    make_sync_run(config, status="echouee")
    assert not _steps(client)["Connecter l'outil de demandes (GestSup, GLPI)"]
    make_sync_run(config, finished_at=timezone.now())
    assert _steps(client)["Connecter l'outil de demandes (GestSup, GLPI)"]

    copil = make_committee(org)
    assert not _steps(client)["Inviter les membres du COPIL"]
    make_member(copil, make_person(org))
    assert _steps(client)["Inviter les membres du COPIL"]

    meeting = make_meeting(copil, date=local_today() + timedelta(days=30))
    assert _steps(client)["Planifier le premier COPIL"]
    assert not _steps(client)["Générer le dossier du premier COPIL"]

    make_copil_pack(meeting)
    assert client.get("/").context["first_steps"] == []


def test_an_organisation_whose_data_came_another_way_is_past_its_first_steps(org, client_for):
    # The demo's case: a parc typed in or loaded, requests without a sync of ours, COPILs held.
    client = client_for(Role.REFERENT_SI)
    make_equipment(org)
    make_request(org)
    assert _steps(client)["Importer le référentiel"]
    assert _steps(client)["Connecter l'outil de demandes (GestSup, GLPI)"]

    copil = make_committee(org)
    make_member(copil, make_person(org))
    make_meeting(copil, date=local_today() - timedelta(days=30), status="tenue")

    assert client.get("/").context["first_steps"] == []


def test_a_cotech_does_not_tick_the_copil_steps(org, client_for):
    cotech = make_committee(org, "COTECH", kind="cotech")
    make_member(cotech, make_person(org))
    make_meeting(cotech)

    steps = _steps(client_for(Role.ADMIN))

    assert not steps["Inviter les membres du COPIL"] and not steps["Planifier le premier COPIL"]


def test_the_first_steps_are_for_those_who_set_the_organisation_up(org, client_for):
    assert client_for(Role.ELU).get("/").context["first_steps"] == []


#
# Small defects
#


def test_the_pack_heading_does_not_repeat_the_committee():
    from gouvernail.reports.packs.snapshot import heading

    assert heading({"committee": "COPIL SI", "meeting": {"title": "COPIL SI — avril 2026"}}) == "COPIL SI — avril 2026"
    assert heading({"committee": "COPIL SI", "meeting": {"title": "Réunion d'avril"}}) == "COPIL SI — Réunion d'avril"


def test_the_decisions_to_take_and_the_arbitrations_of_projects_are_named_apart(cockpit, client_for):
    page = client_for(Role.DIRECTION).get("/").content.decode()
    dashboard = client_for(Role.DIRECTION).get("/tableaux-de-bord/copil/").content.decode()

    assert "décision à prendre" in page and "arbitrage attendu par un projet" in page
    assert "Arbitrages attendus par les projets" in dashboard
    assert "Décisions attendues" not in dashboard


def test_a_project_budget_shows_no_useless_decimals(org, client_for):
    project = make_project(org, "Téléphonie IP", budget_planned=Decimal("36000.00"), budget_spent=Decimal("1200.50"))

    page = client_for(Role.DIRECTION).get(f"/projets/{project.pk}/").content.decode().replace("\u00a0", " ")
    listing = client_for(Role.DIRECTION).get("/projets/").content.decode().replace("\u00a0", " ")

    assert "36 000,00" not in page and "36 000" in page and "1 200,50" in page
    assert "36 000,00" not in listing and "36 000" in listing
