"""A stored address that would run a script (`javascript:`, `data:`, `vbscript:`) shows as text,
never as a link; forms refuse it."""

import pytest
from django.template import Context, Template

from gouvernail.core.choices import Role
from gouvernail.core.links import linkable_url
from gouvernail.testing.factories.vendors import make_contact, make_vendor
from gouvernail.testing.helpers import form_errors

SCRIPTS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("address", SCRIPTS)
def test_a_script_address_is_not_linkable(address):
    assert linkable_url(address) is None


@pytest.mark.parametrize("address", ["https://www.exemple.fr/", "http://intranet/", "mailto:a@b.fr", "/parc/"])
def test_a_web_address_or_a_path_is_linkable(address):
    assert linkable_url(address) == address


def test_the_template_filter_gives_no_href_for_a_script_address():
    template = Template('{% load gouvernail %}{% if url|safe_href %}<a href="{{ url|safe_href }}">lien</a>{% endif %}')

    assert template.render(Context({"url": "javascript:alert(1)"})) == ""
    assert template.render(Context({"url": "https://a.fr/"})) == '<a href="https://a.fr/">lien</a>'


@pytest.mark.parametrize("address", SCRIPTS[:1] + SCRIPTS[4:])
def test_a_script_address_stored_in_the_database_is_shown_as_text_in_a_list(address, org, client_for):
    make_contact(org, make_vendor(org), url=address)

    page = client_for(Role.DIRECTION).get("/contacts-prestataires/").content.decode()

    assert address.split(":")[0] in page  # shown…
    assert 'href="javascript' not in page.lower() and 'href="data' not in page and 'href="vbscript' not in page


def test_a_web_address_stays_a_link_in_a_list(org, client_for):
    make_contact(org, make_vendor(org), url="https://support.exemple.fr/")

    page = client_for(Role.DIRECTION).get("/contacts-prestataires/").content.decode()

    assert '<a href="https://support.exemple.fr/">https://support.exemple.fr/</a>' in page


def test_a_script_address_stored_in_the_database_is_shown_as_text_on_the_detail_page(org, client_for):
    vendor = make_vendor(org, website="javascript:alert(1)")
    linked = make_vendor(org, "Éditeur", website="https://editeur.exemple.fr/")
    client = client_for(Role.DIRECTION)

    page = client.get(vendor.get_absolute_url()).content.decode()

    assert "javascript:alert(1)" in page
    assert 'href="javascript' not in page
    assert '<a href="https://editeur.exemple.fr/">' in client.get(linked.get_absolute_url()).content.decode()


def test_a_form_refuses_a_script_address(org, client_for):
    response = client_for(Role.ADMIN).post(
        "/prestataires/ajouter/",
        {"name": "Piège", "typology": "support", "is_active": "on", "website": "javascript:alert(1)"},
    )

    assert list(form_errors(response)) == ["website"]
