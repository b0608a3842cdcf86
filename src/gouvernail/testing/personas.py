"""The personas of every test: two organisations and one user per role.

`org` is the organisation under test, `other_org` a second one whose rows must stay invisible.
`users[role]` is a user with that role in `org`; all share PASSWORD.
"""

import pytest

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, Organisation, User

PASSWORD = "Mot-de-passe-de-test-2026"


@pytest.fixture
def org(db) -> Organisation:
    return Organisation.objects.create(
        name="Communauté de communes de Test", slug="test", siren="200000001", department="72"
    )


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(name="Commune Voisine", slug="voisine", kind="commune")


@pytest.fixture
def users(org) -> dict[str, User]:
    result = {}
    for role in Role.values:
        user = User.objects.create_user(f"{role}@test.example", PASSWORD)
        Membership.objects.create(organisation=org, user=user, role=role)
        result[role] = user
    return result


@pytest.fixture
def client_for(client, users):
    """client_for(role) -> a test client logged in with that role in `org`."""

    def login(role: str):
        client.force_login(users[role])
        return client

    return login


@pytest.fixture
def editor(client_for):
    """A client logged in as the Référent SI, who edits the référentiel."""
    return client_for(Role.REFERENT_SI)
