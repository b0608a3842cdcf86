"""The menu groups its pages by domain, opens the current one's group, and the quick search
finds pages by title and records by name — within the user's organisation and role only."""

import re

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from gouvernail.core.choices import Role
from gouvernail.core.models import Person
from gouvernail.testing.factories.vendors import make_vendor

pytestmark = pytest.mark.django_db


def group_toggles(page: str) -> dict[str, str]:
    """Group name → its toggle's aria-expanded, as the menu shows them."""
    return {
        name: expanded
        for expanded, name in re.findall(
            r'<button class="nav-group-toggle[^"]*"[^>]*aria-expanded="(true|false)"[^>]*>([^<]+)</button>', page
        )
    }


def test_each_domain_is_a_collapsible_group_and_only_the_current_pages_group_is_open(client_for):
    page = client_for(Role.REFERENT_SI).get("/parc/").content.decode()
    toggles = group_toggles(page)
    assert {"Référentiel SI", "Pilotage", "Tableaux de bord"} <= set(toggles)
    assert toggles["Référentiel SI"] == "true"
    assert [name for name, expanded in toggles.items() if expanded == "true"] == ["Référentiel SI"]


def test_on_the_home_page_every_group_starts_closed(client_for):
    page = client_for(Role.REFERENT_SI).get("/").content.decode()
    assert set(group_toggles(page).values()) == {"false"}


def test_the_menu_drawn_once_per_process_still_follows_the_page_and_the_readers_rights(client_for):
    referent = client_for(Role.REFERENT_SI)
    pages = [referent.get(url).content.decode() for url in ("/parc/", "/", "/parc/", "/")]
    elu = client_for(Role.ELU)  # the same test user, now an elected member
    for_elu = [elu.get("/").content.decode() for _ in range(2)]

    for on_fleet, on_home in (pages[0:2], pages[2:4]):  # the second pair reads the menus the first drew
        assert 'class="nav-link py-1 active fw-semibold" href="/parc/" aria-current="page"' in on_fleet
        assert 'href="/parc/" aria-current="page"' not in on_home
        assert "Collecte" in group_toggles(on_home)
    assert all("Collecte" not in group_toggles(page) for page in for_elu)


def test_the_menu_links_carry_the_prefix_the_site_is_served_under(client_for):
    client = client_for(Role.REFERENT_SI)
    assert 'href="/parc/"' in client.get("/").content.decode()
    # The test client does not set the prefix from SCRIPT_NAME as the WSGI handler does.
    set_script_prefix("/gouvernail/")
    try:
        page = client.get("/").content.decode()
    finally:
        clear_script_prefix()
    assert 'href="/gouvernail/parc/"' in page


def test_the_menu_is_an_off_canvas_panel_under_992_pixels(client_for):
    page = client_for(Role.DIRECTION).get("/").content.decode()
    assert 'id="menu" class="offcanvas-lg offcanvas-start' in page
    assert 'data-bs-target="#menu"' in page


def test_the_quick_search_finds_a_page_by_its_title_without_accents(client_for):
    response = client_for(Role.REFERENT_SI).get("/recherche/", {"q": "feuille de route"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Feuille de route" in response.content.decode()
    assert "<html" not in response.content.decode()  # htmx gets the fragment only

    accentless = client_for(Role.REFERENT_SI).get("/recherche/", {"q": "decisions"}, HTTP_HX_REQUEST="true")
    assert "Décisions" in accentless.content.decode()


def test_the_quick_search_finds_a_record_of_the_organisation_and_never_one_of_another(org, other_org, client_for):
    mine = make_vendor(org, "Berger-Levrault")
    theirs = make_vendor(other_org, "Berger-Levrault Voisine")
    page = client_for(Role.ELU).get("/recherche/", {"q": "berger"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'href="{mine.get_absolute_url()}"' in page
    assert theirs.get_absolute_url() not in page and "Voisine" not in page


def test_the_quick_search_shows_no_record_of_a_domain_the_role_cannot_read(org, client_for):
    Person.objects.create(organisation=org, first_name="Camille", last_name="Tournesol")
    assert "Tournesol" in client_for(Role.DIRECTION).get("/recherche/", {"q": "tournesol"}).content.decode()
    page = client_for(Role.PRESTATAIRE).get("/recherche/", {"q": "tournesol"}).content.decode()
    assert "Tournesol" not in page.replace("« tournesol »", "")
    assert "Aucune page ni fiche ne correspond à « tournesol »." in page


def test_the_quick_search_asks_for_two_characters_and_works_without_javascript(client_for):
    page = client_for(Role.AUDITEUR).get("/recherche/", {"q": "a"}).content.decode()
    assert "Tapez au moins deux caractères." in page
    assert "<h1" in page  # a whole page when htmx is not there


def test_the_quick_search_is_offered_on_every_page_with_its_shortcut(client_for):
    page = client_for(Role.AUDITEUR).get("/").content.decode()
    assert 'id="recherche-rapide"' in page and 'aria-keyshortcuts="Control+K"' in page
