"""Signing in with Microsoft Entra ID, against an OpenID Connect provider run on loopback: its
discovery document, its keys (JWKS), its token endpoint returning a signed ID token, its userinfo."""

import base64
import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug import Response

from gouvernail.core.choices import Role
from gouvernail.core.middleware import SESSION_KEY
from gouvernail.sso.models import EntraSignIn
from gouvernail.sso.services import entra_sign_in_save
from gouvernail.testing.factories.core import make_membership

TENANT = "00000000-1111-2222-3333-444444444444"
CLIENT_ID = "6f1c2a5e-gouvernail-test"
SECRET = "secret-client-de-test-tres-long"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "cle-de-test"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class FakeEntra:
    """The provider's endpoints on a pytest-httpserver; `claims` is what the next token says."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.base = httpserver.url_for(f"/{TENANT}/v2.0")
        self.claims: dict = {}
        self.token_requests: list[dict] = []
        public = KEY.public_key().public_numbers()
        jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID, "n": _b64(public.n), "e": _b64(public.e)}
        jwks = {"keys": [jwk]}
        httpserver.expect_request(f"/{TENANT}/v2.0/.well-known/openid-configuration").respond_with_json(
            {
                "issuer": self.base,
                "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token",
                "userinfo_endpoint": f"{self.base}/userinfo",
                "jwks_uri": f"{self.base}/keys",
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )
        httpserver.expect_request(f"/{TENANT}/v2.0/keys").respond_with_json(jwks)
        httpserver.expect_request(f"/{TENANT}/v2.0/token", method="POST").respond_with_handler(self._token)
        httpserver.expect_request(f"/{TENANT}/v2.0/userinfo").respond_with_handler(self._userinfo)

    def _id_token(self) -> str:
        now = int(time.time())
        claims = {"iss": self.base, "aud": CLIENT_ID, "iat": now, "nbf": now, "exp": now + 600, **self.claims}
        return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": KID})

    def _token(self, request):
        self.token_requests.append(dict(request.form))
        if request.form.get("client_secret") != SECRET or request.form.get("code") != "code-autorisation":
            return Response(json.dumps({"error": "invalid_client"}), status=401, content_type="application/json")
        body = {"access_token": "jeton-acces", "token_type": "Bearer", "expires_in": 3600, "id_token": self._id_token()}
        return Response(json.dumps(body), content_type="application/json")

    def _userinfo(self, request):
        if request.headers.get("Authorization") != "Bearer jeton-acces":
            return Response("", status=401)
        userinfo = {key: value for key, value in self.claims.items() if key in ("sub", "email", "email_verified")}
        return Response(json.dumps(userinfo), content_type="application/json")


@pytest.fixture
def entra(httpserver, org):
    fake = FakeEntra(httpserver)
    entra_sign_in_save(
        organisation=org,
        enabled=True,
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        server_url=fake.base,
        acting_user=None,
    )
    return fake


@pytest.fixture
def member(org):
    return make_membership(org, "agnes.durand@test.example", role=Role.DIRECTION).user


def sign_in(client, entra: FakeEntra, org, **claims):
    """The browser's round trip: the login button, Entra ID's redirect back with a code."""
    entra.claims = {"sub": "entra-sujet-42", **claims}
    provider_id = EntraSignIn.objects.get(organisation=org).provider_id
    started = client.post(f"/compte/oidc/{provider_id}/login/")
    assert started.status_code == 302
    authorize = urlsplit(started["Location"])
    query = parse_qs(authorize.query)
    assert started["Location"].startswith(f"{entra.base}/authorize")
    assert query["client_id"] == [CLIENT_ID]
    return client.get(
        f"/compte/oidc/{provider_id}/login/callback/", {"code": "code-autorisation", "state": query["state"][0]}
    )


def messages_of(client) -> str:
    return client.get("/compte/login/").content.decode()


@pytest.mark.django_db
def test_the_login_page_offers_the_organisations_entra_id(client, entra, org):
    page = client.get("/compte/login/").content.decode()

    assert "Se connecter avec Microsoft Entra ID" in page
    assert org.name in page


@pytest.mark.django_db
def test_a_member_signs_in_with_a_verified_email_and_lands_in_the_organisation(client, entra, org, member):
    response = sign_in(client, entra, org, email="Agnes.Durand@test.example", email_verified=True)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    assert client.session[SESSION_KEY] == org.pk
    assert entra.token_requests[0]["client_secret"] == SECRET
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_an_unknown_account_is_refused_in_french(client, entra, org, member):
    response = sign_in(client, entra, org, email="inconnu@test.example", email_verified=True)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "Aucun compte de « Communauté de communes de Test » ne correspond à l'adresse inconnu@test.example" in (
        messages_of(client).replace("&#x27;", "'").replace("&laquo;", "«").replace("&raquo;", "»")
    )


@pytest.mark.django_db
def test_a_member_of_another_organisation_is_refused(client, entra, org, other_org):
    make_membership(other_org, "voisin@test.example")

    sign_in(client, entra, org, email="voisin@test.example", email_verified=True)

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_unverified_email_is_refused(client, entra, org, member):
    sign_in(client, entra, org, email=member.email, email_verified=False)

    assert "_auth_user_id" not in client.session
    assert "n&#x27;indique pas que l&#x27;adresse e-mail de ce compte est vérifiée" in messages_of(client)


@pytest.mark.django_db
def test_an_id_token_for_another_application_is_refused(client, entra, org, member):
    sign_in(client, entra, org, email=member.email, email_verified=True, aud="une-autre-application")

    assert "_auth_user_id" not in client.session
    assert "La connexion avec Microsoft Entra ID a échoué" in messages_of(client)


@pytest.mark.django_db
def test_the_client_secret_is_stored_encrypted(entra, org):
    stored = EntraSignIn.objects.get(organisation=org)

    assert SECRET not in stored.client_secret
    assert stored.client_secret.startswith("gAAAA")  # a Fernet token


@pytest.mark.django_db
def test_the_secret_is_withheld_when_the_server_changes_until_typed_again(entra, org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="saisissez à nouveau le secret client"):
        entra_sign_in_save(
            organisation=org,
            enabled=True,
            tenant_id=TENANT,
            client_id=CLIENT_ID,
            server_url="https://ailleurs.example/v2.0",
            acting_user=None,
        )


@pytest.mark.django_db
def test_an_administrator_configures_the_sign_in_from_the_organisation_settings(client_for, org):
    client = client_for(Role.ADMIN)
    assert "/organisation/entra-id/" in client.get("/organisation/").content.decode()

    response = client.post(
        "/organisation/entra-id/",
        {"enabled": "on", "tenant_id": TENANT, "client_id": CLIENT_ID, "client_secret": SECRET, "server_url": ""},
    )

    assert response.status_code == 302
    stored = EntraSignIn.objects.get(organisation=org)
    assert stored.issuer_url == f"https://login.microsoftonline.com/{TENANT}/v2.0"
    assert SECRET not in client.get("/organisation/entra-id/").content.decode()


@pytest.mark.django_db
def test_a_member_signs_in_again_through_the_linked_microsoft_account(client, entra, org, member):
    sign_in(client, entra, org, email=member.email, email_verified=True)
    client.post("/compte/logout/")

    sign_in(client, entra, org, email=member.email, email_verified=True)

    assert client.session["_auth_user_id"] == str(member.pk)
    assert member.socialaccount_set.get().uid == "entra-sujet-42"


@pytest.mark.django_db
def test_a_disabled_sign_in_is_neither_offered_nor_served(client, entra, org):
    config = EntraSignIn.objects.get(organisation=org)
    config.enabled = False
    config.save()

    assert "Se connecter avec Microsoft Entra ID" not in client.get("/compte/login/").content.decode()
    assert client.post(f"/compte/oidc/{config.provider_id}/login/").status_code == 404
