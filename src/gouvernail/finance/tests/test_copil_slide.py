"""The COPIL pack's « Budget et trajectoire » slide shows the figures of the Budget SI dashboard
(one query path) and the trajectory as a native chart; without a budget, no slide."""

from datetime import date
from decimal import Decimal

import pytest

from gouvernail.finance.choices import ExecutionKind, Section
from gouvernail.finance.figures import summary
from gouvernail.finance.models import euros_text
from gouvernail.metrics.registry import TOTAL, get_indicator
from gouvernail.reports.packs.services import copil_pack_create
from gouvernail.reports.tests.test_copil_pack import charts, deck, slide_text, titles
from gouvernail.testing.factories.finance import make_account, make_entry, make_line, make_trajectory_entry
from gouvernail.testing.factories.governance import make_committee, make_meeting

pytestmark = pytest.mark.django_db
MEETING_DATE = date(2026, 3, 10)


@pytest.fixture
def meeting(org):
    return make_meeting(make_committee(org), date=MEETING_DATE)


def test_the_slide_shows_the_dashboard_figures_and_the_trajectory_chart(org, meeting):
    line = make_line(org, make_account(org, "2183", chapter="21"), primitive_amount=Decimal("42000.00"))
    make_entry(org, line, "10500.25", date=date(2026, 2, 1))
    make_entry(org, line, "20000.00", kind=ExecutionKind.COMMITMENT, reference="E1", date=date(2026, 1, 5))
    make_trajectory_entry(org, year=2026, section=Section.INVESTMENT, amount=Decimal("50000"))

    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    title = "Budget et trajectoire — exercice 2026"
    assert title in titles(presentation)
    text = slide_text(presentation, title)
    indicator = get_indicator("budget_mandate")
    shown = {v.key: v.value for v in indicator.compute(org, indicator.period_for(MEETING_DATE), MEETING_DATE)}
    assert euros_text(shown[TOTAL]) in text
    assert euros_text(summary(org, 2026)["total"]["opened"]) in text
    assert "25,0 %" in text
    chart = charts(presentation)["Budget et trajectoire — trajectoire 2026–2028"]
    assert list(chart.plots[0].series[0].values)[0] == 50000.0
    assert list(chart.plots[0].series[1].values)[0] == 10500.25


def test_without_a_budget_the_pack_has_no_budget_slide(org, meeting):
    presentation = deck(copil_pack_create(meeting=meeting, pack_format="pptx", notify=False))

    assert not any(title.startswith("Budget et trajectoire") for title in titles(presentation))
