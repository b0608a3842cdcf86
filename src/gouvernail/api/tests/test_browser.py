"""In a real browser: a member creates a token on the « Jetons d'API » page and a script uses
it; Swagger UI and Redoc render from the wheel with no Content-Security-Policy violation.

Drives Debian's Chromium through Playwright (see gouvernail.testing.browser).
"""

import pytest

from gouvernail.core.choices import Role
from gouvernail.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


# Redoc's footer shows Redocly's logo from Redocly's CDN, whatever its options: the policy refuses
# it (nothing leaves the browser) and Redoc then hides the image.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def watch_console(page) -> list[str]:
    """The browser's complaints (a refused script, font or worker, a missing file): none expected."""
    messages: list[str] = []

    def on_console(message):
        if message.type == "error" and REDOCLY_LOGO not in message.text:
            messages.append(message.text)

    page.on("console", on_console)
    page.on(
        "response", lambda response: response.status >= 400 and messages.append(f"{response.url} : {response.status}")
    )
    # A request the browser abandons because the test moves to the next page (the favicon still
    # loading) fails as « net::ERR_ABORTED »: the page did not refuse it, nothing is missing.
    page.on(
        "requestfailed",
        lambda request: (
            request.url != REDOCLY_LOGO
            and request.failure != "net::ERR_ABORTED"
            and messages.append(f"{request.url} : {request.failure}")
        ),
    )
    return messages


@pytest.mark.django_db(transaction=True)
def test_a_member_creates_a_token_that_a_script_then_uses(browser, live_server, users, client):
    page = log_in(browser, live_server, users[Role.DIRECTION].email, timeout_ms=60_000)

    page.get_by_role("button", name="Compte").click()  # the account links are in the « Compte » menu
    page.get_by_role("link", name="Jetons d'API").click()
    page.get_by_label("Nom du jeton").fill("Power BI")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.get_by_label("Votre jeton").input_value()

    assert axe_violations(page) == []
    response = client.get("/api/projets/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    page.reload()  # the browser sends the form again: no second token, the secret not shown again
    assert secret not in page.content()
    assert "aucun second jeton n'a été créé" in page.locator("main").inner_text()
    page.get_by_role("button", name="Révoquer le jeton Power BI").click()
    assert "révoqué" in page.locator("main").inner_text()
    assert client.get("/api/projets/", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_and_redoc_render_under_the_content_security_policy(browser, live_server, users):
    page = log_in(browser, live_server, users[Role.ELU].email, timeout_ms=60_000)
    complaints = watch_console(page)

    page.goto(f"{live_server.url}/api/docs/")
    # Rendered from the schema (Swagger UI puts in the page only the sections in view).
    page.get_by_role("button", name="Authorize").wait_for()
    page.locator(".opblock-summary-path", has_text="/api/acces/arrivees-departs/").first.wait_for()
    page.goto(f"{live_server.url}/api/redoc/")
    page.get_by_role("heading", name="API Gouvernail").first.wait_for()
    page.get_by_placeholder("Search...").fill("plan-action")
    page.wait_for_timeout(500)

    assert complaints == [], "\n".join(complaints)
