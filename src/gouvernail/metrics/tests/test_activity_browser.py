"""In a real browser: the phishing, Nextcloud and EPN dashboards open, a number leads to a list of
exactly that many rows, and axe-core finds no serious accessibility violation on them, on a
campaign page or on the EPN import page."""

from datetime import date

import pytest
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in
from gouvernail.testing.factories.awareness import make_phishing_campaign, make_phishing_result
from gouvernail.testing.factories.collaboration import make_service_usage, make_shared_space, make_snapshot
from gouvernail.testing.factories.core import make_service
from gouvernail.testing.factories.epn import make_epn_session

pytestmark = pytest.mark.browser


@pytest.fixture
def activity(org):
    today = timezone.localdate()
    finances, rh = make_service(org, "Finances"), make_service(org, "RH")
    campaign = make_phishing_campaign(org, "Faux colis", launched_on=today)
    make_phishing_result(campaign, finances, sent=20, clicked=4)
    make_phishing_result(campaign, rh, sent=3, opened=1, clicked=1, submitted=0)
    make_phishing_result(campaign, None, sent=8, clicked=1)
    snapshot = make_snapshot(org, today)
    make_service_usage(snapshot, finances, users=12)
    make_shared_space(org, "Budget", service=finances)
    make_shared_space(org, "Archives")
    last_month = today.replace(day=1) - timezone.timedelta(days=1)
    for day in (1, 2, last_month.day):
        make_epn_session(org, date(last_month.year, last_month.month, day), visitor_key=str(day), workshop="Word")
    return campaign


@pytest.mark.django_db(transaction=True)
def test_a_number_of_each_dashboard_opens_a_list_of_that_many_rows(browser, live_server, users, activity):
    page = log_in(browser, live_server, users[Role.ELU].email)

    for slug, link, rows in (("phishing", "1 campagne", 1), ("nextcloud", "2 espaces", 2), ("epn", "3 séances", 3)):
        page.goto(f"{live_server.url}/tableaux-de-bord/{slug}/")
        assert axe_violations(page) == [], slug
        page.get_by_role("link", name=link).first.click()
        page.wait_for_load_state()
        assert page.locator("table tbody tr").count() == rows, f"{slug}: {page.url}"


@pytest.mark.django_db(transaction=True)
def test_the_campaign_page_and_the_import_page_pass_axe(browser, live_server, users, activity):
    page = log_in(browser, live_server, users[Role.REFERENT_SI].email)

    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    assert "effectif insuffisant" in page.content()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/epn/seances/importer/")
    assert axe_violations(page) == []
