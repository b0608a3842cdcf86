"""The home page in a real browser, for every role, on a desktop and on a phone: nothing wider
than the screen in the cockpit, and no serious or critical axe-core violation."""

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser

SIZES = ((1440, 900), (390, 844))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", [Role.ADMIN, Role.REFERENT_SI, Role.DIRECTION, Role.ELU, Role.AUDITEUR])
def test_the_cockpit_reads_on_a_desktop_and_a_phone_without_serious_violations(
    role,
    browser,
    live_server,
    cockpit,
    users,  # noqa: F811
):
    page = log_in(browser, live_server, users[role].email)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/")
        page.get_by_role("heading", name="À traiter").wait_for()

        assert page.get_by_role("heading", name="Prochain COPIL").is_visible()
        # The cockpit's own blocks never overflow the screen (the menu is another helper's matter).
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main section')].map(s => s.getBoundingClientRect().right))"
        )
        assert widest <= width, (role, width, widest)
        assert axe_violations(page, impacts={"serious", "critical"}) == [], (role, width)
    page.context.close()
