"""Dashboards that read at a glance: the weather in the threshold colours, the period and data
date said once per section, the per-campaign phishing rates as horizontal bars."""

import re

import pytest

from gouvernail.core.choices import Role
from gouvernail.metrics.charts import COLOURS
from gouvernail.testing.factories.steering import make_project

pytestmark = pytest.mark.django_db


def test_the_project_weather_is_green_amber_and_red_like_the_threshold_badges(org, client_for):
    for name, status in (("Téléphonie IP", "en_cours"), ("Firewall", "en_risque"), ("M365", "en_alerte")):
        make_project(org, name=name, status=status)
    page = client_for(Role.DIRECTION).get("/tableaux-de-bord/projets-numeriques/").content.decode().lower()
    for level in ("vert", "orange", "rouge"):
        assert f"fill: {COLOURS[level].lower()}" in page, level


def test_the_period_and_the_data_date_are_said_once_per_section(org, client_for):
    page = client_for(Role.DIRECTION).get("/tableaux-de-bord/projets-numeriques/").content.decode()
    sections = page.count('<section class="mb-4"')
    assert sections >= 2
    assert len(re.findall(r"· données au \d\d/\d\d/\d{4}", page)) == sections


def test_the_per_campaign_phishing_rates_are_horizontal_bars_with_whole_names(client_for):
    from gouvernail.metrics import registry

    dashboard = next(d for d in registry.dashboards() if d.slug == "phishing")
    per_campaign = [
        widget
        for section in dashboard.sections
        for widget in section.widgets
        if getattr(widget, "code", "").endswith("_campagne")
    ]
    assert per_campaign and all(widget.horizontal for widget in per_campaign)
