"""The cockpit fixture: an organisation with something waiting in every line of the home page."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership
from gouvernail.governance.choices import MeetingStatus
from gouvernail.metrics import registry
from gouvernail.metrics.models import Measurement
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import (
    make_agenda_item,
    make_campaign,
    make_committee,
    make_decision,
    make_document_version,
    make_framework_document,
    make_meeting,
    make_member,
)
from gouvernail.testing.factories.steering import (
    make_action,
    make_axis,
    make_expected_decision,
    make_project,
    make_roadmap_item,
    make_theme,
)
from gouvernail.testing.factories.vendors import make_contract, make_vendor


def local_today():
    return timezone.localdate()


def store_measurement(org, code, at, value):
    indicator = registry.get_indicator(code)
    period = indicator.period_for(at)
    Measurement.objects.update_or_create(
        organisation=org,
        code=code,
        period_key=period.key,
        dimension_key=registry.TOTAL,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "value": Decimal(value),
            "computed_at": timezone.now(),
        },
    )


@pytest.fixture
def cockpit(org, users):
    """An organisation with something waiting in every line, a next COPIL and stored indicators."""
    today = local_today()
    make_action(org, 1, title="Rédiger la charte", status="en_cours", due_date=today - timedelta(days=40))
    make_action(org, 2, title="Former les agents", status="en_cours", due_date=today - timedelta(days=3))
    vendor = make_vendor(org)
    make_contract(
        org,
        vendor,
        start_date=today - timedelta(days=300),
        duration_months=12,
        notice_months=1,
    )
    make_decision(org, "Quel scénario d'organisation ?", needed_by=today + timedelta(days=20))
    project = make_project(org, "Téléphonie IP", status="en_risque")
    make_expected_decision(org, project, "Choix de l'opérateur", needed_by=today + timedelta(days=45))
    config = make_connector_config(org)
    make_sync_run(config, status="echouee", finished_at=timezone.now())
    person = make_person(org, "Durand", kind="agent")
    Membership.objects.filter(user=users[Role.DIRECTION]).update(person=person)
    version = make_document_version(make_framework_document(org))
    make_campaign(version, starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=25))
    copil = make_committee(org)
    make_member(copil, person)
    held = make_meeting(copil, "COPIL de rentrée", date=today - timedelta(days=60), status=MeetingStatus.HELD)
    upcoming = make_meeting(copil, "COPIL de fin d'année", date=today + timedelta(days=10), start_time=time(14, 0))
    make_agenda_item(upcoming, 1, "Point sur la feuille de route")
    make_agenda_item(upcoming, 2, "Budget SI")
    make_theme(org, year=today.year, title="Un SI cloud propre")
    make_roadmap_item(org, make_axis(org), year=today.year, title="Migration de la messagerie")
    store_measurement(org, "demandes_mois", held.date, 120)
    store_measurement(org, "demandes_mois", today, 90)
    return {"today": today, "upcoming": upcoming, "held": held, "person": person}
