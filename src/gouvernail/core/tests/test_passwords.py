"""Password policy: common words, keyboard rows, dates and the organisation's name are refused."""

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, User
from gouvernail.testing.personas import PASSWORD

GUESSABLE = "Ce mot de passe est trop facile à deviner"


def refusal(password: str, user=None) -> str:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize("password", ["azertyuiop12", "Gouvernail26", "Bienvenue2026", "qwertyuiop123", "Soleil-2026"])
def test_a_common_or_keyboard_pattern_password_is_refused(password, db):
    assert GUESSABLE in refusal(password)


def test_the_name_of_the_user_s_organisation_makes_a_password_guessable(other_org, db):
    user = User.objects.create_user("agent@voisine.example")
    Membership.objects.create(organisation=other_org, user=user, role=Role.ELU)

    assert refusal("Voisine2026!") == ""  # « voisine » is no common word…
    assert GUESSABLE in refusal("Voisine2026!", user=user)  # …but the name of the user's commune


@pytest.mark.parametrize("password", [PASSWORD, "Gardon-Ardoise-Lucarne", "kT9#vq2!Lm4zR8"])
def test_a_hard_to_guess_password_is_accepted(password, users):
    assert refusal(password, user=users[Role.DIRECTION]) == ""


def test_changing_one_s_password_to_a_keyboard_row_is_refused_in_french(users, client_for):
    client = client_for(Role.DIRECTION)

    response = client.post(
        "/compte/password/change/",
        {"oldpassword": PASSWORD, "password1": "azertyuiop12", "password2": "azertyuiop12"},
    )

    assert GUESSABLE in response.content.decode()
    assert User.objects.get(pk=users[Role.DIRECTION].pk).check_password(PASSWORD)


def test_createadmin_refuses_a_guessable_password(monkeypatch, db):
    monkeypatch.setenv("GOUVERNAIL_ADMIN_PASSWORD", "Gouvernail26")

    with pytest.raises(CommandError, match=GUESSABLE):
        call_command("createadmin", "--email", "dsi@n.example", "--org", "n", "--org-name", "N", stdout=io.StringIO())

    assert not User.objects.filter(email="dsi@n.example").exists()
