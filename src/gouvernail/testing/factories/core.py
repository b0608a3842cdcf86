"""Builders for the rows of the `core` app: a valid row with sensible defaults, overridable."""

from gouvernail.core.choices import Role
from gouvernail.core.models import Membership, Organisation, Person, Service, Site, User


def make_site(organisation: Organisation, name: str = "Hôtel communautaire", **fields) -> Site:
    return Site.objects.create(organisation=organisation, name=name, **{"city": "Bilurien", **fields})


def make_service(organisation: Organisation, name: str = "Ressources humaines", **fields) -> Service:
    return Service.objects.create(organisation=organisation, name=name, **fields)


def make_person(organisation: Organisation, last_name: str = "Martin", **fields) -> Person:
    return Person.objects.create(organisation=organisation, last_name=last_name, **{"first_name": "Claire", **fields})


def make_membership(organisation: Organisation, email: str, role: str = Role.DIRECTION, **fields) -> Membership:
    user = User.objects.create_user(email, "Mot-de-passe-de-test-2026")
    return Membership.objects.create(organisation=organisation, user=user, role=role, **fields)
