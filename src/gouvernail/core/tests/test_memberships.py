"""An organisation's administrator creates accounts; they cannot pull in an existing account,
which would put a user of another organisation into theirs."""

import pytest
from django.core.exceptions import ValidationError

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, User
from gouvernail.core.services import membership_grant
from gouvernail.testing.helpers import form_errors

ADD_URL = "/habilitations/ajouter/"


@pytest.fixture
def neighbour(other_org, db) -> User:
    user = User.objects.create_user("dgs@voisine.example", "x")
    Membership.objects.create(organisation=other_org, user=user, role=Role.ADMIN)
    return user


def test_an_administrator_cannot_attach_a_user_of_another_organisation(org, other_org, neighbour, client_for):
    response = client_for(Role.ADMIN).post(ADD_URL, {"email": "DGS@voisine.example", "role": Role.DIRECTION})

    assert response.status_code == 200
    assert "Un compte Gouvernail existe déjà pour cette adresse" in " ".join(form_errors(response)["email"])
    assert list(neighbour.memberships.values_list("organisation", flat=True)) == [other_org.pk]


def test_an_administrator_creates_an_account_for_a_new_address(org, client_for):
    response = client_for(Role.ADMIN).post(ADD_URL, {"email": "Nouvelle@Test.example", "role": Role.DIRECTION})

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@test.example")
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation", "role")) == [(org.pk, Role.DIRECTION)]


def test_the_service_refuses_an_existing_account_to_an_organisation_s_administrator(org, neighbour):
    with pytest.raises(ValidationError):
        membership_grant(
            organisation=org, email=neighbour.email, role=Role.ELU, acting_user=None, new_account_only=True
        )

    assert not Membership.objects.filter(organisation=org, user=neighbour).exists()
