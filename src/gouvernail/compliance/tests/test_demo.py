import json

import pytest
from django.core.management import call_command

from gouvernail.compliance.choices import MeasureStatus
from gouvernail.compliance.models import Assessment, Nis2Profile, SecurityIncident
from gouvernail.demo.loader import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = load_demo()
        yield summary.organisation
        from gouvernail.demo.loader import purge_demo

        purge_demo()


@pytest.fixture
def assessment(demo, db):
    return Assessment.objects.filter(organisation=demo).order_by("-campaign_date").first()


def test_the_demo_assesses_all_42_measures_with_at_least_10_carrying_evidence(assessment):
    items = assessment.items.all()

    assert items.count() == 42
    assert items.exclude(proposed_status="").count() >= 10
    assert items.filter(status=MeasureStatus.NOT_APPLICABLE).exclude(not_applicable_reason="").exists()


def test_the_action_plan_statuses_feed_the_demo_assessment(assessment):
    admin_rights = assessment.items.get(measure__ref_id="29")

    assert [a.number for a in admin_rights.actions.all()] == [11]
    assert admin_rights.status == MeasureStatus.NOT_APPLIED  # action 11 is « à planifier » in the study
    assert "n° 11" in admin_rights.proposal_explanation


def test_the_demo_has_a_previous_campaign_to_compare_with(assessment):
    assert assessment.previous() is not None


def test_the_demo_cli_lists_42_measures(demo, db, capsys):
    call_command("compliance", "--org", demo.slug, "--format", "json")

    assert len(json.loads(capsys.readouterr().out)["measures"]) == 42


def test_the_demo_is_an_important_entity_with_two_incidents(demo, db):
    assert Nis2Profile.objects.get(organisation=demo).category == "importante"
    assert SecurityIncident.objects.filter(organisation=demo).count() == 2
