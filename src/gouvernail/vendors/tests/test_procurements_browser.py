"""In a real browser: the procurement page (calendar with a late step, analysis grid with a tie)
and the procurement lists pass axe-core's WCAG 2.1 A/AA rules."""

from datetime import date, timedelta

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.vendors import (
    make_candidate,
    make_criterion,
    make_lot,
    make_procurement,
    make_score,
    make_step,
)

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_procurement_pages_have_no_wcag_violation(browser, live_server, org, users):
    procurement = make_procurement(org)
    make_lot(procurement)
    make_step(procurement, 1, name="Publication", planned_start=date.today() - timedelta(days=30), is_done=True)
    make_step(procurement, 2, name="Analyse des offres", planned_start=date.today() - timedelta(days=3))
    make_step(procurement, 3, name="Démarrage", planned_start=date.today() + timedelta(days=30), is_estimate=True)
    price, quality = make_criterion(procurement, "Prix", "40"), make_criterion(procurement, "Technique", "60")
    for name, scores in [("Alpha", ("10", "10")), ("Beta", ("10", "10")), ("Gamma", ("12", None))]:
        candidate = make_candidate(procurement, name)
        for criterion, value in zip((price, quality), scores, strict=True):
            if value is not None:
                make_score(candidate, criterion, value, justification=f"Justification de {name}.")
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.goto(f"{live_server.url}/marches/{procurement.pk}/")
    assert page.get_by_text("En retard", exact=True).count() == 1
    assert page.get_by_text("ex aequo", exact=True).count() == 2
    assert axe_violations(page) == []
    for path in ("/marches/", "/marches/etapes/", "/marches/notes/", f"/marches/{procurement.pk}/attribuer/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
