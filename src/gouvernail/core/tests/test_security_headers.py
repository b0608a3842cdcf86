"""Content-Security-Policy (no inline script anywhere), HSTS and secure cookies over HTTPS."""

import runpy
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gouvernail
from gouvernail.core.choices import Role

SETTINGS_FILE = Path(gouvernail.__file__).parent / "settings.py"


class InlineScriptFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' for scripts would block, or a link that runs code."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self._in_inline_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_scripts(html: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(html)
    return finder.found


def test_pages_carry_a_content_security_policy_without_inline_script(client_for):
    response = client_for(Role.DIRECTION).get("/")

    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def test_the_login_page_carries_the_policy_too(client, db):
    assert "script-src 'self'" in client.get("/compte/login/")["Content-Security-Policy"]


def test_the_finder_sees_an_inline_script_and_a_handler():
    assert inline_scripts('<script>alert(1)</script><a onclick="x()" href="javascript:y()">') == [
        "<script>alert(1)</script>",
        "<a onclick=…>",
        "<a href=javascript:y()>",
    ]
    assert inline_scripts('<script src="/static/a.js" defer></script>') == []


def test_no_page_renders_an_inline_script_or_handler(org, users, client_for, client):
    pages = {"/compte/login/": client.get("/compte/login/")}
    admin = client_for(Role.ADMIN)
    home = admin.get("/")
    urls = ["/", "/compte/2fa/", "/compte/password/change/", "/inexistante/"]
    urls += [item.url for _, items in home.context["navigation"] for item in items]
    for url in urls:
        pages[url] = admin.get(url)
        if (
            url.endswith("/")
            and pages[url].status_code == 200
            and f'href="{url}ajouter/"' in pages[url].content.decode()
        ):
            pages[f"{url}ajouter/"] = admin.get(f"{url}ajouter/")

    assert len(pages) > 40
    found = {url: inline_scripts(r.content.decode()) for url, r in pages.items() if "html" in r.get("Content-Type", "")}
    assert {url: scripts for url, scripts in found.items() if scripts} == {}


def production_settings(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_https_instances_send_hsts_and_secure_cookies(monkeypatch):
    secure = production_settings(monkeypatch, GOUVERNAIL_SECURE_COOKIES="1")
    monkeypatch.delenv("GOUVERNAIL_SECURE_COOKIES")
    plain = production_settings(monkeypatch)

    assert secure["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert (secure["SESSION_COOKIE_SECURE"], secure["CSRF_COOKIE_SECURE"]) == (True, True)
    assert "SECURE_HSTS_SECONDS" not in plain
    assert (plain["SESSION_COOKIE_SECURE"], plain["CSRF_COOKIE_SECURE"]) == (False, False)


def test_behind_a_proxy_https_is_told_by_x_forwarded_proto(monkeypatch):
    behind = production_settings(monkeypatch, GOUVERNAIL_TRUSTED_PROXY_COUNT="1")

    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize("secure", [True, False])
def test_the_hsts_header_is_sent_over_https_only(secure, settings, client, db):
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600

    response = client.get("/compte/login/", secure=secure)

    assert ("Strict-Transport-Security" in response) is secure
