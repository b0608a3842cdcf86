"""Accounts: e-mail login, no sign-up, MFA when the organisation requires it,
no Django admin, and switching between organisations."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.core.management import call_command

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, User
from gouvernail.testing.factories.core import make_site
from gouvernail.testing.personas import PASSWORD

LOGIN_URL = "/compte/login/"
MISMATCH = "L’adresse e-mail ou le mot de passe sont incorrects."


def logged_in_user(client) -> User | None:
    user = client.get("/").wsgi_request.user
    return user if user.is_authenticated else None


#
# Login
#


def test_a_user_logs_in_with_their_email_and_password(users, client):
    response = client.post(LOGIN_URL, {"login": "direction@test.example", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user(client) == users[Role.DIRECTION]


def test_the_email_is_not_case_sensitive_at_login(users, client):
    client.post(LOGIN_URL, {"login": "Direction@TEST.example", "password": PASSWORD})

    assert logged_in_user(client) == users[Role.DIRECTION]


def test_login_returns_to_the_page_asked_for(users, client):
    response = client.post(
        f"{LOGIN_URL}?next=/parc/", {"login": "elu@test.example", "password": PASSWORD, "next": "/parc/"}
    )

    assert response["Location"] == "/parc/"


def test_a_wrong_password_gets_a_french_error(users, client):
    response = client.post(LOGIN_URL, {"login": "direction@test.example", "password": "pas-le-bon"})

    assert response.status_code == 200
    assert MISMATCH in response.content.decode()
    assert logged_in_user(client) is None


def test_an_unknown_email_gets_the_same_error_as_a_wrong_password(users, client):
    response = client.post(LOGIN_URL, {"login": "inconnu@test.example", "password": PASSWORD})

    assert MISMATCH in response.content.decode()


def test_the_login_page_is_in_french(client, db):
    page = client.get(LOGIN_URL).content.decode()

    assert '<html lang="fr">' in page
    assert "Connexion à Gouvernail" in page
    assert 'name="login"' in page and 'name="password"' in page


def test_sign_up_is_closed(client, db):
    page = client.get("/compte/signup/")
    attempt = client.post(
        "/compte/signup/",
        {"email": "intrus@example.org", "password1": "Azerty-123456789", "password2": "Azerty-123456789"},
    )

    assert "Inscriptions fermées" in page.content.decode()
    assert "Inscriptions fermées" in attempt.content.decode()
    assert not User.objects.filter(email="intrus@example.org").exists()


def test_the_login_page_offers_no_sign_up_link(client, db):
    assert "/compte/signup/" not in client.get(LOGIN_URL).content.decode()


#
# MFA required by the organisation
#


@pytest.fixture
def mfa_org(org):
    org.require_mfa = True
    org.save()
    return org


@pytest.mark.parametrize("url", ["/", "/parc/", "/journal/", "/organisation/"])
def test_an_organisation_requiring_mfa_sends_a_user_without_totp_to_activate_it(url, mfa_org, client_for):
    response = client_for(Role.ADMIN).get(url)

    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"


def test_after_login_a_user_without_totp_is_led_to_activate_it(mfa_org, users, client):
    response = client.post(LOGIN_URL, {"login": "direction@test.example", "password": PASSWORD}, follow=True)

    # allauth asks for the password again before any MFA change (MFA_REAUTHENTICATION_REQUIRED).
    assert [url for url, _ in response.redirect_chain] == [
        "/",
        "/compte/2fa/totp/activate/",
        "/compte/reauthenticate/?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F",
    ]
    assert response.status_code == 200
    assert "exige la double authentification" in response.content.decode()

    confirmed = client.post(
        "/compte/reauthenticate/", {"password": PASSWORD, "next": "/compte/2fa/totp/activate/"}, follow=True
    )

    assert confirmed.redirect_chain[-1][0] == "/compte/2fa/totp/activate/"
    assert confirmed.status_code == 200
    assert 'name="code"' in confirmed.content.decode()


def test_a_user_with_totp_reaches_the_pages(mfa_org, users, client_for):
    Authenticator.objects.create(user=users[Role.DIRECTION], type=Authenticator.Type.TOTP, data={"secret": "x"})

    response = client_for(Role.DIRECTION).get("/parc/")

    assert response.status_code == 200


def test_mfa_is_not_asked_when_the_organisation_does_not_require_it(org, client_for):
    assert client_for(Role.DIRECTION).get("/parc/").status_code == 200


#
# No Django admin: its login would bypass MFA, throttling and organisation scoping
#


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/core/user/"])
def test_the_django_admin_is_not_served(url, client, db):
    client.force_login(User.objects.create_superuser("root@test.example", PASSWORD))

    assert client.get(url).status_code == 404


def test_createadmin_makes_an_organisation_administrator_who_is_not_a_superuser(monkeypatch, client, db):
    monkeypatch.setenv("GOUVERNAIL_ADMIN_PASSWORD", PASSWORD)

    call_command(
        "createadmin",
        "--email",
        "DSI@Nouvelle.example",
        "--org",
        "nouvelle",
        "--org-name",
        "Commune nouvelle",
        stdout=io.StringIO(),
    )

    user = User.objects.get(email="dsi@nouvelle.example")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert list(user.memberships.values_list("organisation__slug", "role")) == [("nouvelle", Role.ADMIN)]
    client.post(LOGIN_URL, {"login": "dsi@nouvelle.example", "password": PASSWORD})
    assert client.get("/habilitations/").status_code == 200
    assert client.get("/organisation/").status_code == 200


def test_createadmin_demotes_a_former_superuser(monkeypatch, org, db):
    User.objects.create_superuser("ancien@test.example", "x")
    monkeypatch.setenv("GOUVERNAIL_ADMIN_PASSWORD", PASSWORD)

    call_command("createadmin", "--email", "ancien@test.example", "--org", org.slug, stdout=io.StringIO())

    user = User.objects.get(email="ancien@test.example")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.memberships.get().role == Role.ADMIN


#
# Switching organisation
#


@pytest.fixture
def two_hats(org, other_org, users):
    """The Administrateur of `org` is also an Élu of `other_org`; each has one site."""
    user = users[Role.ADMIN]
    Membership.objects.create(organisation=other_org, user=user, role=Role.ELU)
    make_site(org, "Hôtel communautaire")
    make_site(other_org, "Mairie voisine")
    return user


def site_names(client) -> list[str]:
    return [site.name for site in client.get("/sites/").context["table"].data]


def test_switching_organisation_changes_what_the_lists_show(org, other_org, two_hats, client):
    client.force_login(two_hats)

    response = client.post("/organisation/changer/", {"organisation": other_org.slug, "next": "/sites/"})

    assert response.status_code == 302
    assert response["Location"] == "/sites/"
    assert site_names(client) == ["Mairie voisine"]
    assert client.get("/sites/ajouter/").status_code == 403  # an Élu there
    client.post("/organisation/changer/", {"organisation": org.slug})
    assert site_names(client) == ["Hôtel communautaire"]
    assert client.get("/sites/ajouter/").status_code == 200  # an Administrateur here


def test_the_switch_offers_every_organisation_of_the_user(org, other_org, two_hats, client):
    client.force_login(two_hats)

    page = client.get("/").content.decode()

    assert f'<option value="{org.slug}"' in page
    assert f'<option value="{other_org.slug}"' in page


@pytest.mark.parametrize("slug", ["voisine", "inexistante", ""])
def test_switching_to_an_organisation_without_membership_is_refused(slug, org, other_org, users, client_for):
    make_site(org, "Hôtel communautaire")
    make_site(other_org, "Mairie voisine")
    client = client_for(Role.ADMIN)

    response = client.post("/organisation/changer/", {"organisation": slug})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Vous n'avez pas d'habilitation dans cette organisation."
    ]
    assert site_names(client) == ["Hôtel communautaire"]


def test_switching_never_redirects_to_another_site(other_org, two_hats, client):
    client.force_login(two_hats)

    response = client.post("/organisation/changer/", {"organisation": other_org.slug, "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_switching_needs_a_post(two_hats, client):
    client.force_login(two_hats)

    assert client.get("/organisation/changer/?organisation=voisine").status_code == 405


def test_an_anonymous_switch_goes_to_the_login_page(client, db):
    response = client.post("/organisation/changer/", {"organisation": "test"})

    assert response["Location"].startswith(LOGIN_URL)
