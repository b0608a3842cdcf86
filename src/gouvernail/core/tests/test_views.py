import pytest

from gouvernail.testing.helpers import form_errors

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_still_gets_french_messages(editor):
    response = editor.post("/sites/ajouter/", {"name": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert form_errors(response) == {"name": ["Ce champ est obligatoire."]}
    assert response.headers["Content-Language"] == "fr"
