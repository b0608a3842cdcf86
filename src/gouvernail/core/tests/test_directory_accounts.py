"""Directory accounts (Entra ID) on the people: written in one act by their service, filtered in
the person list for the MFA and dormant-account drill-downs."""

from datetime import date

import pytest
from django.urls import reverse

from gouvernail.core.choices import Role
from gouvernail.core.models import DirectoryAccount
from gouvernail.core.services import AccountState, directory_accounts_replace, person_ids_by_email
from gouvernail.testing.factories.core import make_membership, make_person


def replace(org, states):
    return directory_accounts_replace(organisation=org, states=states)


def test_it_creates_updates_and_deletes_to_match_the_states_given(org):
    kept, changed, gone, new = (make_person(org, name) for name in ("Kept", "Changed", "Gone", "New"))
    replace(org, {p.pk: AccountState(True, True, date(2026, 11, 1)) for p in (kept, changed, gone)})

    counts = replace(
        org,
        {
            kept.pk: AccountState(True, True, date(2026, 11, 1)),
            changed.pk: AccountState(False, None, None),
            new.pk: AccountState(True, False, date(2026, 11, 2)),
        },
    )

    assert counts == {"created": 1, "updated": 1, "unchanged": 1, "deleted": 1}
    assert not DirectoryAccount.objects.filter(person=gone).exists()
    stored = DirectoryAccount.objects.get(person=changed)
    assert (stored.enabled, stored.mfa_registered, stored.last_sign_in, stored.organisation) == (False, None, None, org)


def test_a_person_of_another_organisation_refuses_the_whole_write(org, other_org):
    ours, theirs = make_person(org), make_person(other_org)

    with pytest.raises(ValueError, match="n'appartiennent pas à l'organisation"):
        replace(org, {ours.pk: AccountState(True, True, None), theirs.pk: AccountState(True, True, None)})

    assert not DirectoryAccount.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_it_writes_in_a_number_of_queries_that_does_not_grow_with_the_people(org, size, django_assert_num_queries):
    people = [make_person(org, f"Agent {n}") for n in range(size)]
    replace(org, {p.pk: AccountState(True, False, None) for p in people[: size // 2 + 1]})

    # Read the people and the accounts, create, update, delete (plus the transaction's savepoint).
    with django_assert_num_queries(7):
        replace(org, {p.pk: AccountState(True, True, None) for p in people[1:]})


def test_people_are_found_by_the_email_of_their_account_in_this_organisation_only(org, other_org):
    ours = make_person(org, "Durand")
    make_membership(org, "Claire.Durand@Mairie.example", person=ours)
    make_membership(org, "sans-fiche@mairie.example")
    make_membership(other_org, "voisine@mairie.example", person=make_person(other_org))

    assert person_ids_by_email(org) == {"claire.durand@mairie.example": ours.pk}


def test_the_person_list_filters_on_the_account_and_counts_unknown_mfa_for_people_without_one(org, client_for):
    registered, refused, unknown, without = (make_person(org, n) for n in ("Avec", "Sans", "Inconnu", "Aucun"))
    replace(
        org,
        {
            registered.pk: AccountState(True, True, date(2026, 1, 2)),
            refused.pk: AccountState(True, False, date(2026, 11, 1)),
            unknown.pk: AccountState(False, None, None),
        },
    )
    client = client_for(Role.REFERENT_SI)

    def listed(query):
        response = client.get(reverse("core:person_list"), query)
        assert response.status_code == 200
        return {row.record.last_name for row in response.context["table"].page.object_list}

    assert listed({"mfa_registered": "true"}) == {"Avec"}
    assert listed({"mfa_known": "true", "account_enabled": "true"}) == {"Avec", "Sans"}
    assert listed({"mfa_known": "false"}) == {"Inconnu", "Aucun"}
    assert listed({"signed_in_before": "2026-06-01"}) == {"Avec"}
    assert listed({"account_enabled": "false"}) == {"Inconnu"}
