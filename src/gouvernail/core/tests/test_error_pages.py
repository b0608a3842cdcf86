"""Error pages are French pages of the site, with a way back to the home page."""

import pytest
from django.test import Client
from django.urls import include, path
from django.utils.html import escape

from gouvernail.core.choices import Role


def broken_view(request):
    raise RuntimeError("a bug")


# This module is the URLconf of the 500 test: the application's URLs plus a view that fails.
urlpatterns = [path("en-panne/", broken_view), path("", include("gouvernail.urls"))]

HOME_LINK = '<a href="/">Revenir à l\'accueil</a>'


def assert_french_page_with_a_way_back(response, status: int, title: str) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert '<html lang="fr">' in page
    assert title in page
    assert HOME_LINK in page
    return page


def test_an_unknown_address_gets_a_french_404_in_the_layout(client_for):
    response = client_for(Role.DIRECTION).get("/cette-page-n-existe-pas/")

    page = assert_french_page_with_a_way_back(response, 404, "Page introuvable")
    assert 'aria-label="Navigation principale"' in page
    assert "Not Found" not in page


def test_an_anonymous_404_is_french_too(client, db):
    assert_french_page_with_a_way_back(client.get("/nulle-part/"), 404, "Page introuvable")


def test_a_forbidden_page_gets_a_french_403_naming_the_reason(client_for):
    response = client_for(Role.ELU).get("/habilitations/")

    page = assert_french_page_with_a_way_back(response, 403, "Accès refusé")
    assert escape("Votre rôle ne permet pas d'accéder à cette page.") in page
    assert "Forbidden" not in page


def test_a_csrf_failure_gets_a_french_page_asking_to_reload_the_form(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/compte/login/", {"login": "a@test.example", "password": "x"})

    page = assert_french_page_with_a_way_back(response, 403, "Formulaire expiré")
    assert "Rechargez la page du formulaire" in page
    assert "CSRF" not in page


@pytest.mark.urls(__name__)
def test_a_server_error_gets_a_french_500_page(client, db, settings):
    settings.DEBUG = False
    client.raise_request_exception = False

    response = client.get("/en-panne/")

    page = assert_french_page_with_a_way_back(response, 500, "Erreur du serveur")
    assert "a bug" not in page and "Traceback" not in page
