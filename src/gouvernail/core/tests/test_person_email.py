"""A person's work e-mail: stored lower-cased, unique in the organisation when given, shown in the
list (searched, exported), and the first key the connectors match people by."""

import csv
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse

from gouvernail.core.choices import Role
from gouvernail.core.forms import PersonForm
from gouvernail.core.models import JournalEntry
from gouvernail.core.services import person_ids_by_email
from gouvernail.testing.factories.core import make_membership, make_person

DUPLICATE = "Une autre personne de l'organisation a déjà cette adresse e-mail."


def form_for(org, email, instance=None):
    data = {"last_name": "Durand", "first_name": "Claire", "kind": "agent", "is_active": "on", "email": email}
    return PersonForm(data, instance=instance, organisation=org)


def test_the_form_stores_the_address_lower_cased(org):
    form = form_for(org, "  Claire.Durand@Mairie.Example ")

    assert form.is_valid(), form.errors
    assert form.save().email == "claire.durand@mairie.example"


def test_the_form_refuses_an_address_of_another_person_whatever_its_case_in_french(org):
    make_person(org, "Martin", email="claire.durand@mairie.example")

    form = form_for(org, "CLAIRE.Durand@mairie.example")

    assert not form.is_valid()
    assert form.errors["email"] == [DUPLICATE]


def test_the_form_keeps_the_persons_own_address_on_edit(org):
    person = make_person(org, "Durand", email="claire.durand@mairie.example")

    assert form_for(org, "Claire.Durand@mairie.example", instance=person).is_valid()


def test_the_form_refuses_an_address_that_is_not_one(org):
    form = form_for(org, "claire.durand")

    assert not form.is_valid()
    assert "email" in form.errors


def test_many_people_may_have_no_address_and_another_organisation_may_reuse_one(org, other_org):
    make_person(org, "Sans", email="")
    make_person(other_org, "Voisine", email="claire.durand@mairie.example")

    assert form_for(org, "").is_valid()
    assert form_for(org, "claire.durand@mairie.example").is_valid()


def test_the_database_refuses_the_same_address_saved_in_another_case(org):
    make_person(org, "Durand", email="claire.durand@mairie.example")

    with pytest.raises(IntegrityError):
        make_person(org, "Martin", email="Claire.Durand@MAIRIE.example")


def test_a_change_of_address_is_journaled_like_the_other_fields(org, editor):
    person = make_person(org, "Durand", email="ancienne@mairie.example")

    data = {
        "last_name": "Durand",
        "kind": "agent",
        "is_active": "on",
        "email": "Nouvelle@mairie.example",
        "row_version_seen": person.row_version,
    }
    response = editor.post(reverse("core:person_edit", args=[person.pk]), data)

    assert response.status_code == 302
    entry = JournalEntry.objects.filter(organisation=org, object_id=str(person.pk)).latest("timestamp")
    assert entry.changes["adresse e-mail professionnelle"] == ["ancienne@mairie.example", "nouvelle@mairie.example"]


def test_the_person_list_finds_by_address_shows_it_and_exports_it(org, client_for):
    make_person(org, "Durand", email="claire.durand@mairie.example")
    make_person(org, "Martin", first_name="Paul", email="paul.martin@mairie.example")
    client = client_for(Role.REFERENT_SI)

    page = client.get(reverse("core:person_list"), {"q": "claire.durand@"})
    assert [p.last_name for p in page.context["table"].data] == ["Durand"]
    assert "claire.durand@mairie.example" in page.content.decode()

    export = client.get(reverse("core:person_list"), {"_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {row["Adresse e-mail professionnelle"] for row in rows} == {
        "claire.durand@mairie.example",
        "paul.martin@mairie.example",
    }


def test_the_detail_page_shows_the_address(org, client_for):
    person = make_person(org, "Durand", email="claire.durand@mairie.example")

    response = client_for(Role.REFERENT_SI).get(reverse("core:person_detail", args=[person.pk]))

    assert "claire.durand@mairie.example" in response.content.decode()


#
# The lookup the connectors share
#


def test_people_are_found_by_their_work_email_then_by_their_login(org, other_org):
    by_mail = make_person(org, "Durand", email="claire.durand@mairie.example")
    by_login = make_person(org, "Roux")
    make_membership(org, "Paul.Roux@Mairie.example", person=by_login)
    both = make_person(org, "Petit", email="lea.petit@mairie.example")
    make_membership(org, "lpetit@mairie.example", person=both)
    make_person(other_org, "Voisine", email="voisine@mairie.example")
    make_membership(other_org, "voisin@mairie.example", person=make_person(other_org, "Voisin"))

    assert person_ids_by_email(org) == {
        "claire.durand@mairie.example": by_mail.pk,
        "paul.roux@mairie.example": by_login.pk,
        "lea.petit@mairie.example": both.pk,
        "lpetit@mairie.example": both.pk,
    }


def test_a_work_email_wins_over_the_same_address_used_as_another_persons_login(org):
    owner = make_person(org, "Durand", email="accueil@mairie.example")
    make_membership(org, "accueil@mairie.example", person=make_person(org, "Martin"))

    assert person_ids_by_email(org) == {"accueil@mairie.example": owner.pk}


def test_the_lookup_reads_in_two_queries_whatever_the_number_of_people(org, django_assert_num_queries):
    for n in range(5):
        make_membership(org, f"agent{n}@mairie.example", person=make_person(org, f"Agent {n}", email=f"a{n}@m.example"))

    with django_assert_num_queries(2):
        found = person_ids_by_email(org)

    assert len(found) == 10
