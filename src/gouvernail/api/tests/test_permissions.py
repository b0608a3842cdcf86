"""The permission matrix walks the API: every endpoint × every role × two organisations.

The expected rights are the pages' (core/tests/test_permissions.py, `PAGES`): an endpoint
serves the list page of the same path, so its readers are that page's, its writers those of the
page's « ajouter » form, and its rows those of the page's detail.
"""

import pytest

from gouvernail.api.endpoints import endpoints
from gouvernail.core.choices import Role
from gouvernail.core.models import Site, User
from gouvernail.core.tests.test_permissions import (
    LIST_PAGES,
    PAGES,
    ROLES,
    fill,
    ref_with_prestataire,  # noqa: F401  (fixture: the Prestataire operates the référentiel's vendor)
)

ENDPOINTS = {endpoint.prefix: endpoint for endpoint in endpoints()}
# The indicators' endpoints follow the catalogue page and the dashboards.
EXTRA = {"indicateurs": "/tableaux-de-bord/indicateurs/", "mesures": "/tableaux-de-bord/"}


def readers(prefix: str) -> frozenset:
    return PAGES[EXTRA.get(prefix, f"/{prefix}/")]


def detail_page(prefix: str) -> str | None:
    """The matrix's detail page of the list (« /parc/{equipment}/ »), when it has one."""
    return next(
        (page for page in PAGES if page.startswith(f"/{prefix}/{{") and page.count("/") == prefix.count("/") + 3),
        None,
    )


def test_every_list_page_is_an_endpoint_with_a_rule_in_the_matrix():
    assert len(ENDPOINTS) >= 70
    assert [prefix for prefix in ENDPOINTS if f"/{prefix}/" not in PAGES] == []


def test_the_referentiel_and_the_action_plan_take_writes_and_nothing_else():
    writable = {prefix for prefix, endpoint in ENDPOINTS.items() if endpoint.writable}

    assert {"sites", "services", "personnes", "parc", "applications", "prestataires", "contrats", "plan-action"} <= (
        writable
    )
    assert not writable & {"projets", "decisions", "decisions/registre", "journal", "habilitations", "demandes"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_pages_status_on_each_endpoint(role, ref_with_prestataire, issue_token, api, subtests):  # noqa: F811
    client = api(issue_token(role)[1])
    for prefix in [*ENDPOINTS, *EXTRA]:
        with subtests.test(endpoint=prefix):
            expected = 200 if role in readers(prefix) else 403

            response = client.get(f"/api/{prefix}/")

            assert response.status_code == expected, f"{role} on /api/{prefix}/"
        page = detail_page(prefix)
        if page is None:
            continue
        with subtests.test(endpoint=page):
            url = "/api" + fill(page, ref_with_prestataire)
            expected = 200 if role in PAGES[page] else 403

            assert client.get(url).status_code == expected, f"{role} on {url}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_write_where_the_page_lets_it_and_nowhere_else(
    role,
    ref_with_prestataire,  # noqa: F811
    issue_token,
    api,
    subtests,
):
    client = api(issue_token(role)[1])
    for prefix, endpoint in ENDPOINTS.items():
        if not endpoint.writable:
            continue
        model = endpoint.page.model
        with subtests.test(endpoint=prefix):
            before = model.objects.count()
            editors = PAGES[f"/{prefix}/ajouter/"]

            # An empty creation: the editors are told what is missing, the others refused.
            response = client.post(f"/api/{prefix}/", {})

            if role in editors:
                assert response.status_code in (201, 400), f"{role} on {prefix}"
            else:
                assert response.status_code == 403, f"{role} on {prefix}"
                assert model.objects.count() == before
        page = detail_page(prefix)
        with subtests.test(endpoint=page):
            url = "/api" + fill(page, ref_with_prestataire)

            patched = client.patch(url, {})
            deleted_elsewhere = client.delete(url.replace(f"/{url.rstrip('/').rsplit('/', 1)[1]}/", "/0/"))

            expected = 400 if role in PAGES[f"/{prefix}/ajouter/"] else 403
            assert patched.status_code == expected, f"{role} on {url}"  # 400: the version read is missing
            assert deleted_elsewhere.status_code in ((404,) if role in editors else (403,))


@pytest.mark.parametrize("role", ROLES)
def test_endpoints_that_take_no_writes_refuse_them(role, ref, issue_token, api):
    client = api(issue_token(role)[1])

    response = client.post("/api/projets/", {"name": "Projet"})

    assert response.status_code in (403, 405)


def test_an_anonymous_caller_is_asked_to_authenticate_everywhere(ref, client, subtests):
    for prefix in [*ENDPOINTS, *EXTRA, "schema"]:
        with subtests.test(endpoint=prefix):
            response = client.get(f"/api/{prefix}/")

            assert response.status_code == 401
            assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_signed_in_user_without_any_membership_is_refused_everywhere(ref, client, subtests):
    client.force_login(User.objects.create_user("sans-role@test.example"))
    for prefix in [*ENDPOINTS, *EXTRA]:
        with subtests.test(endpoint=prefix):
            response = client.get(f"/api/{prefix}/")

            assert response.status_code == 403
            assert response.json()["detail"] == "Vous n'avez d'habilitation dans aucune organisation."


#
# Organisation isolation
#


@pytest.mark.parametrize("prefix", [page.strip("/") for page in LIST_PAGES])
def test_a_list_gives_only_the_rows_of_the_tokens_organisation(prefix, org, ref, other_ref, issue_token, api):
    row = ref[LIST_PAGES[f"/{prefix}/"]]
    model = type(row)

    response = api(issue_token(Role.ADMIN)[1]).get(f"/api/{prefix}/", {"page_size": 1000})

    ids = {item["id"] for item in response.json()["results"]}
    assert row.pk in ids
    assert other_ref[LIST_PAGES[f"/{prefix}/"]].pk not in ids
    assert ids == set(model.objects.filter(organisation=org).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_a_row_of_another_organisation_is_not_found(role, users, other_ref, issue_token, api, subtests):
    """404 for every role that may read the list; the others get the same 403 as on their own
    organisation's rows, so the answer never reveals that the row exists."""
    other_ref.vendor.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    client = api(issue_token(role)[1])
    for prefix in ENDPOINTS:
        page = detail_page(prefix)
        if page is None:
            continue
        with subtests.test(endpoint=page):
            expected = 404 if role in PAGES[page] else 403

            response = client.get("/api" + fill(page, other_ref))

            assert response.status_code == expected, f"{role} on {page}"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REFERENT_SI])
def test_an_editor_cannot_change_or_delete_a_row_of_another_organisation(role, other_ref, issue_token, api):
    client = api(issue_token(role)[1])
    site = other_ref.site

    changed = client.patch(f"/api/sites/{site.pk}/", {"name": "Piraté", "row_version": site.row_version})
    deleted = client.delete(f"/api/sites/{site.pk}/")

    assert (changed.status_code, deleted.status_code) == (404, 404)
    site.refresh_from_db()
    assert site.name == "Hôtel communautaire (voisine)"


def test_a_token_works_in_its_own_organisation_whatever_the_session_chose(org, other_org, ref, other_ref, users, api):
    """A user of both organisations: a token of A reads A, a token of B reads B."""
    from datetime import timedelta

    from django.utils import timezone

    from gouvernail.api.tokens import token_create
    from gouvernail.core.models import Membership

    user = users[Role.AUDITEUR]
    in_other = Membership.objects.create(organisation=other_org, user=user, role=Role.AUDITEUR)
    soon = timezone.now() + timedelta(days=1)
    token_a = token_create(membership=user.memberships.get(organisation=org), name="A", scope="read", expires_at=soon)
    token_b = token_create(membership=in_other, name="B", scope="read", expires_at=soon)

    names_a = {row["name"] for row in api(token_a.secret).get("/api/sites/").json()["results"]}
    names_b = {row["name"] for row in api(token_b.secret).get("/api/sites/").json()["results"]}

    assert names_a == {"Hôtel communautaire"}
    assert names_b == {"Hôtel communautaire (voisine)"}
    assert Site.objects.count() == 2


#
# A Prestataire: its own vendor and contracts only
#


def test_a_prestataire_lists_only_its_own_vendors_contracts(org, users, issue_token, api):
    from gouvernail.testing.factories.vendors import make_contract, make_vendor

    vendor_a, vendor_b = make_vendor(org, "Prestataire A"), make_vendor(org, "Prestataire B")
    vendor_a.accounts.add(users[Role.PRESTATAIRE].memberships.get())
    contract_a = make_contract(org, vendor_a, "A-2025-01")
    contract_b = make_contract(org, vendor_b, "B-2025-01")
    client = api(issue_token(Role.PRESTATAIRE)[1])

    listed = [row["reference"] for row in client.get("/api/contrats/").json()["results"]]

    assert listed == ["A-2025-01"]
    assert client.get(f"/api/contrats/{contract_a.pk}/").status_code == 200
    assert client.get(f"/api/contrats/{contract_b.pk}/").status_code == 403
