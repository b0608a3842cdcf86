"""Personal API tokens: shown once, stored hashed, scoped, dated, revocable; refusals in French."""

import hashlib
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from gouvernail.api.choices import TokenScope
from gouvernail.api.models import ApiToken
from gouvernail.core.choices import Role
from gouvernail.core.models import Site


def test_only_the_sha256_of_the_token_is_stored(users, issue_token):
    token, secret = issue_token(Role.ADMIN)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()}
    assert secret.startswith(f"gvn_{stored.prefix}_")


def test_a_token_records_when_it_was_last_used(ref, issue_token, api):
    token, secret = issue_token(Role.AUDITEUR)

    api(secret).get("/api/sites/")

    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_a_read_token_cannot_write(ref, issue_token, api):
    client = api(issue_token(Role.ADMIN, scope=TokenScope.READ)[1])
    site = ref.site

    created = client.post("/api/sites/", {"name": "Médiathèque"})
    changed = client.patch(f"/api/sites/{site.pk}/", {"name": "Autre", "row_version": 1})
    deleted = client.delete(f"/api/sites/{site.pk}/")

    assert (created.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert created.json()["detail"].startswith("Ce jeton d'API est en lecture seule")
    assert list(Site.objects.values_list("name", flat=True)) == ["Hôtel communautaire"]
    assert client.get("/api/sites/").status_code == 200


def test_a_read_write_token_never_does_more_than_its_holders_role(ref, issue_token, api):
    client = api(issue_token(Role.ELU, scope=TokenScope.READ_WRITE)[1])

    response = client.post("/api/sites/", {"name": "Médiathèque"})

    assert response.status_code == 403
    assert response.json()["detail"] == "Votre rôle ne permet pas de modifier cette liste."


def test_an_expired_token_is_refused_with_its_date(ref, issue_token, api):
    token, secret = issue_token(Role.ADMIN, days=2)

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = api(secret).get("/api/sites/")

    assert response.status_code == 401
    day = timezone.localtime(token.expires_at).strftime("%d/%m/%Y")
    assert response.json()["detail"] == (
        f"Ce jeton d'API a expiré le {day} : créez-en un autre depuis la page « Jetons d'API »."
    )


def test_a_revoked_token_is_refused(ref, issue_token, api, client_for):
    token, secret = issue_token(Role.ADMIN)

    client_for(Role.ADMIN).post(f"/jetons-api/{token.pk}/revoquer/")
    response = api(secret).get("/api/sites/")

    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]


def test_a_token_whose_holder_lost_their_membership_is_refused(ref, users, issue_token, api):
    secret = issue_token(Role.REFERENT_SI)[1]
    users[Role.REFERENT_SI].memberships.all().delete()

    response = api(secret).get("/api/sites/")

    assert response.status_code == 401
    assert "n'a plus d'habilitation" in response.json()["detail"]


def test_a_token_follows_its_holders_current_role(ref, users, issue_token, api):
    secret = issue_token(Role.ADMIN)[1]
    users[Role.ADMIN].memberships.update(role=Role.PRESTATAIRE)

    assert api(secret).get("/api/personnes/").status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        "Bearer gvn_abc_faux",
        "Bearer gvn_inconnu",
        "Bearer n'importe-quoi",
        "Token gvn__",
        "Bearer",
        "Bearer un deux",
    ],
)
def test_a_wrong_or_malformed_token_is_refused_in_french(ref, client, header):
    response = client.get("/api/sites/", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["detail"] in (
        "Jeton d'API invalide : vérifiez qu'il a été copié en entier.",
        "En-tête Authorization mal formé : attendu « Authorization: Bearer <jeton> ».",
    )


def test_a_token_with_its_secret_altered_is_refused(ref, issue_token, api):
    secret = issue_token(Role.ADMIN)[1]
    altered = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    assert api(altered).get("/api/sites/").status_code == 401
    assert api(secret).get("/api/sites/").status_code == 200


def test_the_token_keyword_works_as_well_as_bearer(ref, issue_token, client):
    secret = issue_token(Role.AUDITEUR)[1]

    response = client.get("/api/sites/", headers={"Authorization": f"Token {secret}"})

    assert response.status_code == 200


#
# The session: fine for reading, its CSRF check kept for writing
#


def test_the_session_reads_the_api_in_the_organisation_it_works_in(ref, client_for):
    response = client_for(Role.AUDITEUR).get("/api/sites/")

    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Hôtel communautaire"]


def test_a_session_write_without_the_csrf_token_is_refused(ref, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.ADMIN])

    response = client.post("/api/sites/", {"name": "Médiathèque"}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Site.objects.filter(name="Médiathèque").exists()


#
# The « Jetons d'API » page
#


def test_the_page_creates_a_token_and_shows_it_once(users, client_for):
    client = client_for(Role.DIRECTION)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()

    form = {
        "name": "Power BI",
        "scope": "read",
        "expires_on": day,
        "form_token": "9b2f0c1e-5d3a-4f7e-8a61-2c4b7d9e0f13",
    }
    created = client.post("/jetons-api/", form)
    resent = client.post("/jetons-api/", form, follow=True)
    again = client.get("/jetons-api/")

    token = ApiToken.objects.get(user=users[Role.DIRECTION])
    page = created.content.decode()
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = page.split('id="jeton-cree"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.secret_hash
    assert "Copiez-le maintenant" in page
    assert secret not in again.content.decode()
    assert "aucun second jeton" in resent.content.decode()
    assert secret not in resent.content.decode()
    assert "Power BI" in again.content.decode()
    assert (token.scope, timezone.localtime(token.expires_at).date().isoformat()) == (
        "read",
        (timezone.localdate() + timedelta(days=31)).isoformat(),
    )


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [
        ("2000-01-01", "La date de fin de validité est passée"),
        ("2999-01-01", "Un jeton vaut au plus un an"),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_the_page_refuses_a_bad_expiry_in_french(users, client_for, expires_on, message):
    form = {"name": "BI", "scope": "read", "expires_on": expires_on, "form_token": str(uuid.uuid4())}
    response = client_for(Role.ADMIN).post("/jetons-api/", form)

    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_the_users_own_tokens(users, issue_token, client_for):
    issue_token(Role.ADMIN, name="Jeton de l'administrateur")
    issue_token(Role.REFERENT_SI, name="Jeton du référent")

    page = client_for(Role.REFERENT_SI).get("/jetons-api/").content.decode()

    assert "Jeton du référent" in page
    assert "Jeton de l'administrateur" not in page


def test_a_user_cannot_revoke_someone_elses_token(users, issue_token, client_for, api, ref):
    token, secret = issue_token(Role.ADMIN)

    response = client_for(Role.REFERENT_SI).post(f"/jetons-api/{token.pk}/revoquer/")

    assert response.status_code == 404
    assert api(secret).get("/api/sites/").status_code == 200


def test_the_account_menu_links_to_the_tokens_page(users, client_for):
    page = client_for(Role.ELU).get("/").content.decode()

    assert 'href="/jetons-api/"' in page
