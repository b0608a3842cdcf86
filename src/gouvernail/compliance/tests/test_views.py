import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gouvernail.compliance.choices import ClockKind, MeasureStatus
from gouvernail.compliance.models import Assessment, Framework, MeasureAssessment, SecurityIncident
from gouvernail.compliance.services import framework_load_builtin
from gouvernail.core.choices import Role
from gouvernail.core.tests.test_permissions import PAGES, WRITES, fill
from gouvernail.steering.models import ActionItem
from gouvernail.testing.factories.compliance import make_assessment, make_incident
from gouvernail.testing.factories.referentiel import make_referentiel

LIBRARY = Path(__file__).parent / "data" / "mini-library.yaml"
PARIS = ZoneInfo("Europe/Paris")
OWN_PAGES = {page: roles for page, roles in PAGES.items() if page.startswith("/conformite/")}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ELU, Role.PRESTATAIRE])
def test_the_compliance_pages_answer_each_role_as_the_matrix_says(role, org, users, client_for, subtests):
    ref = make_referentiel(org)
    client = client_for(role)
    for page, readers in OWN_PAGES.items():
        with subtests.test(page=page):
            assert client.get(fill(page, ref)).status_code == (200 if role in readers else 403)
    for page, writers in WRITES.items():
        if page.startswith("/conformite/") and role not in writers:
            assert client.post(fill(page, ref)).status_code == 403


def test_the_assessment_page_shows_the_weighting_the_radar_and_the_proposals(org, client_for):
    framework = framework_load_builtin(organisation=org, acting_user=None).framework
    assessment = make_assessment(org, framework)

    page = client_for(Role.ADMIN).get(assessment.get_absolute_url()).content.decode()

    assert "Pondération" in page and "partielles × 0,5" in page
    assert 'role="img"' in page and 'aria-describedby="radar-table"' in page
    assert page.count('href="/conformite/mesures/') == 42
    assert "aucune campagne de prise de connaissance de la charte" in page


def test_the_radar_compares_with_the_previous_campaign(org, client_for):
    framework = framework_load_builtin(organisation=org, acting_user=None).framework
    make_assessment(org, framework, campaign_date=datetime(2025, 3, 1).date())
    current = make_assessment(org, framework, campaign_date=datetime(2026, 3, 1).date())

    response = client_for(Role.ADMIN).get(current.get_absolute_url())

    assert response.context["previous"].campaign_date.year == 2025
    assert "Campagne précédente" in response.content.decode()


def test_creating_an_assessment_from_the_form_makes_one_row_per_measure(org, client_for):
    framework = framework_load_builtin(organisation=org, acting_user=None).framework
    version = framework.latest_version()

    response = client_for(Role.REFERENT_SI).post(
        "/conformite/evaluations/ajouter/", {"version": version.pk, "campaign_date": "2026-03-01", "title": ""}
    )

    assessment = Assessment.objects.get(organisation=org)
    assert response.status_code == 302
    assert assessment.items.count() == 42
    assert assessment.title.startswith("Hygiène informatique")


def test_the_measure_form_refuses_an_override_without_its_reason(org, client_for):
    item = make_assessment(org).items.get(measure__ref_id="1")
    item.proposed_status = MeasureStatus.PARTIAL
    item.save()
    client = client_for(Role.REFERENT_SI)
    data = {"status": MeasureStatus.APPLIED, "row_version_seen": item.row_version}

    refused = client.post(f"/conformite/mesures/{item.pk}/modifier/", data)
    accepted = client.post(
        f"/conformite/mesures/{item.pk}/modifier/", {**data, "override_reason": "Vérifié sur place."}
    )

    assert refused.status_code == 200 and "indiquez pourquoi" in refused.content.decode()
    assert accepted.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decided_status_proposal) == (MeasureStatus.APPLIED, MeasureStatus.PARTIAL)


def test_one_click_creates_the_action_from_the_measure(org, client_for):
    item = make_assessment(org).items.get(measure__ref_id="3")

    response = client_for(Role.DIRECTION).post(f"/conformite/mesures/{item.pk}/creer-action/")

    action = ActionItem.objects.get(organisation=org)
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert "mesure 3 : Sauvegardes" in action.title
    assert list(item.actions.all()) == [action]
    assert action.events.count() == 1


def test_uploading_a_malformed_library_shows_the_line_and_writes_nothing(org, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.yaml", b"urn: x\nlocale: fr\nref_id: X\nversion: 1\n")

    response = client_for(Role.ADMIN).post("/conformite/referentiels/importer/", {"file": bad})

    assert response.status_code == 200
    assert "Ligne 1 : la clé « objects » manque" in response.content.decode()
    assert not Framework.objects.exists()


def test_uploading_a_library_imports_it(org, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("mini.yaml", LIBRARY.read_bytes())

    response = client_for(Role.ADMIN).post("/conformite/referentiels/importer/", {"file": upload})

    framework = Framework.objects.get(organisation=org)
    assert response["Location"] == framework.get_absolute_url()
    assert framework.latest_version().measures.count() == 3


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_statement_of_applicability_exports_one_line_per_measure(fmt, org, client_for):
    assessment = make_assessment(org)

    response = client_for(Role.AUDITEUR).get(f"/conformite/evaluations/{assessment.pk}/applicabilite.{fmt}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_an_incident_created_in_the_form_gets_its_clocks(org, client_for):
    response = client_for(Role.REFERENT_SI).post(
        "/conformite/incidents/ajouter/",
        {
            "title": "Fuite d'un fichier RH",
            "detected_at": "2026-03-28T10:00",
            "severity": "grave",
            "personal_data": "on",
            "status": "ouvert",
            "form_token": "6f1c1c1e-0000-4000-8000-000000000001",
        },
    )

    incident = SecurityIncident.objects.get(organisation=org)
    assert response.status_code == 302
    clock = incident.clocks.get()
    assert clock.kind == ClockKind.CNIL_BREACH
    assert clock.deadline.astimezone(PARIS) == datetime(2026, 3, 31, 11, 0, tzinfo=PARIS)


def test_recording_a_declaration_from_the_incident_page(org, client_for):
    incident = make_incident(org, personal_data=True)
    clock = incident.clocks.get()

    client_for(Role.REFERENT_SI).post(
        f"/conformite/incidents/delais/{clock.pk}/fait/", {"done_at": "2026-03-11T08:00", "reference": "CNIL-42"}
    )

    clock.refresh_from_db()
    assert clock.reference == "CNIL-42" and clock.done_at is not None


def test_the_cli_lists_the_42_measures_as_json(org, capsys):
    framework = framework_load_builtin(organisation=org, acting_user=None).framework
    make_assessment(org, framework)

    call_command("compliance", "--org", org.slug, "--framework", "anssi-hygiene", "--format", "json")

    payload = json.loads(capsys.readouterr().out)
    assert len(payload["measures"]) == 42
    mfa = next(m for m in payload["measures"] if m["ref"] == "13")
    assert mfa["evidence"][0]["source"] == "mfa_coverage"
    assert {"status", "proposed", "explanation"} <= set(mfa)


def test_the_security_dashboard_shows_the_incidents(org, client_for):
    make_incident(org)

    page = client_for(Role.DIRECTION).get("/tableaux-de-bord/antivirus/").content.decode()

    assert "Incidents de sécurité" in page


def test_a_measure_of_another_organisation_is_not_found(org, other_org, client_for):
    item = make_assessment(other_org).items.first()

    assert client_for(Role.ADMIN).get(f"/conformite/mesures/{item.pk}/").status_code == 404
    assert client_for(Role.ADMIN).post(f"/conformite/mesures/{item.pk}/creer-action/").status_code == 404
    assert MeasureAssessment.objects.filter(organisation=org).count() == 0
