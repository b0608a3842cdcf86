from datetime import date

import pytest

from gouvernail.connectors.graph.auth import StaticTokenProvider
from gouvernail.connectors.graph.client import GraphClient
from gouvernail.connectors.graph.sync import ACCOUNTS_SECTION, sync
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.tests.fakes.graph import ACCESS_TOKEN, FakeGraph
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.connectors.tests.test_graph import DEVICES, REGISTRATIONS, USERS
from gouvernail.core.models import DirectoryAccount, Person
from gouvernail.inventory.choices import OsClass
from gouvernail.inventory.models import Equipment
from gouvernail.testing.factories.core import make_membership, make_person
from gouvernail.testing.factories.inventory import make_equipment


@pytest.fixture
def fleet(org):
    return [
        make_equipment(org, "ANCIEN-NOM", serial="5cg1234xyz"),  # renamed since: the serial wins
        make_equipment(org, "pc-urba-02.mairie.local"),  # Intune reports the placeholder serial "0"
    ]


@pytest.fixture
def fake(httpserver):
    return FakeGraph(httpserver, users=USERS, registrations=REGISTRATIONS, devices=DEVICES).install()


def run(org, fake, sleeps):
    with GraphClient(token_provider=StaticTokenProvider(ACCESS_TOKEN), base_url=fake.url, sleep=sleeps) as client:
        return sync(org, client)


def test_it_writes_the_os_of_matched_devices_and_counts_mfa(org, fleet, fake, sleeps):
    counts = run(org, fake, sleeps)
    first, second = (Equipment.objects.get(pk=e.pk) for e in fleet)
    assert (first.os_version, first.os_class) == ("10.0.22631.4317", OsClass.WINDOWS_11)
    assert second.os_class == OsClass.WINDOWS_10
    assert (counts.updated, counts.unmatched) == (2, len(DEVICES) - 2)
    # Members enabled: u0, u1, u4 (u2 disabled, u3 guest); MFA registered for odd ids.
    assert counts.extra == {"comptes actifs": 3, "MFA enregistrée": 1, "MFA inconnue": 0}
    assert Equipment.objects.count() == 2 and Person.objects.count() == 0


def test_a_second_sync_writes_nothing(org, fleet, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    counts = run(org, fake, sleeps)
    assert (counts.updated, counts.unchanged) == (0, 2)
    assert stored_rows() == before


def test_a_server_error_on_a_later_page_changes_nothing(org, fleet, fake, sleeps):
    fake.faults.add("managedDevices:2", "error", times=10)
    before = stored_rows()
    with pytest.raises(ServerError, match="est en erreur"):
        run(org, fake, sleeps)
    assert stored_rows() == before


def test_another_organisations_equipment_is_not_matched(org, other_org, fleet, fake, sleeps):
    counts = run(other_org, fake, sleeps)
    assert (counts.updated, counts.unmatched) == (0, len(DEVICES))
    assert Equipment.objects.get(pk=fleet[0].pk).os_name == ""


#
# Directory accounts onto the people of the référentiel
#


@pytest.fixture
def agents(org):
    """People 0, 1, 2 and 4 have a Gouvernail account at agent<n>@…; the guest (3) is nobody's."""
    people = {}
    for n in (0, 1, 2, 4):
        people[n] = make_person(org, f"Agent {n}")
        make_membership(org, f"agent{n}@mairie.example", person=people[n])
    return people


def account(person):
    found = DirectoryAccount.objects.filter(person=person).first()
    return None if found is None else (found.enabled, found.mfa_registered, found.last_sign_in)


def test_it_stores_on_matched_people_only_enabled_mfa_and_the_date_of_the_last_sign_in(org, agents, fake, sleeps):
    counts = run(org, fake, sleeps)

    # u0 has no mail: matched by its userPrincipalName « Agent0@… », case ignored.
    assert account(agents[0]) == (True, False, date(2026, 11, 20))
    assert account(agents[1]) == (True, True, date(2026, 11, 24))
    assert account(agents[2]) == (False, False, None)  # never signed in
    assert account(agents[4]) == (True, False, date(2026, 10, 1))
    assert (counts.accounts.created, counts.accounts.unmatched) == (4, 1)  # the guest
    assert counts.sections("Équipements")[ACCOUNTS_SECTION]["créés"] == 4


def test_a_mail_that_matches_nobody_falls_back_to_the_user_principal_name(org, httpserver, sleeps):
    person = make_person(org, "Durand")
    make_membership(org, "cdurand@mairie.example", person=person)
    users = [
        {"id": "a", "mail": "Claire.Durand@mairie.example", "userPrincipalName": "CDurand@mairie.example"},
        {"id": "b", "mail": "inconnu@mairie.example", "userPrincipalName": "inconnu@mairie.example"},
    ]
    fake = FakeGraph(httpserver, users=users, registrations=[{"id": "a", "isMfaRegistered": True}]).install()

    counts = run(org, fake, sleeps)

    assert account(person) == (True, True, None)
    assert (counts.accounts.created, counts.accounts.unmatched) == (1, 1)


def test_the_mail_wins_over_the_user_principal_name_of_another_account(org, httpserver, sleeps):
    first, second = make_person(org, "Premier"), make_person(org, "Second")
    make_membership(org, "premier@mairie.example", person=first)
    make_membership(org, "second@mairie.example", person=second)
    users = [{"id": "a", "mail": "SECOND@mairie.example", "userPrincipalName": "premier@mairie.example"}]
    fake = FakeGraph(httpserver, users=users, registrations=[{"id": "a", "isMfaRegistered": False}]).install()

    run(org, fake, sleeps)

    assert (account(first), account(second)) == (None, (True, False, None))


def test_an_account_matches_a_person_by_the_work_email_without_any_login(org, httpserver, sleeps):
    by_mail = make_person(org, "Durand", email="claire.durand@mairie.example")
    by_upn = make_person(org, "Roux", email="P.Roux@Mairie.example")
    users = [
        {"id": "a", "mail": "Claire.Durand@mairie.example", "userPrincipalName": "cdurand@mairie.example"},
        {"id": "b", "mail": None, "userPrincipalName": "p.roux@mairie.example"},
    ]
    registrations = [{"id": "a", "isMfaRegistered": True}, {"id": "b", "isMfaRegistered": False}]
    fake = FakeGraph(httpserver, users=users, registrations=registrations).install()

    counts = run(org, fake, sleeps)

    assert (account(by_mail), account(by_upn)) == ((True, True, None), (True, False, None))
    assert (counts.accounts.created, counts.accounts.unmatched) == (2, 0)


def test_a_tenant_without_premium_licence_leaves_mfa_and_sign_in_unknown_never_no(org, agents, httpserver, sleeps):
    fake = FakeGraph(httpserver, users=USERS, registrations=REGISTRATIONS, premium=False).install()

    counts = run(org, fake, sleeps)

    assert account(agents[1]) == (True, None, None)
    assert account(agents[2]) == (False, None, None)
    assert counts.extra["MFA inconnue"] == 3
    assert not DirectoryAccount.objects.filter(mfa_registered=False).exists()


def test_a_person_gone_from_the_directory_goes_back_to_unknown_at_the_next_sync(org, agents, fake, sleeps):
    run(org, fake, sleeps)
    fake.collections["/v1.0/users"] = [item for item in USERS if item["id"] != "u1"]

    counts = run(org, fake, sleeps)

    assert account(agents[1]) is None
    assert account(agents[0]) is not None
    assert (counts.accounts.deleted, counts.accounts.unchanged) == (1, 3)


def test_a_second_identical_sync_leaves_the_accounts_as_they_were(org, agents, fleet, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()

    counts = run(org, fake, sleeps)

    assert (counts.accounts.created, counts.accounts.updated, counts.accounts.unchanged) == (0, 0, 4)
    assert stored_rows() == before


def test_a_changed_registration_updates_the_account(org, agents, fake, sleeps):
    run(org, fake, sleeps)
    fake.collections["/v1.0/reports/authenticationMethods/userRegistrationDetails"] = [
        {**row, "isMfaRegistered": True} for row in REGISTRATIONS
    ]

    counts = run(org, fake, sleeps)

    assert account(agents[0])[1] is True
    assert (counts.accounts.updated, counts.accounts.unchanged) == (3, 1)


def test_no_name_phone_or_department_of_the_directory_is_stored(org, agents, fake, sleeps):
    run(org, fake, sleeps)

    # Logins' password hashes are random text that may hold « u1 »: they are not the directory's.
    # Nor are the model names Django stores (« financesettings » holds « finances »).
    schema = ("core.user ", "auth.permission ", "contenttypes.contenttype ")
    rows = "\n".join(row for row in stored_rows() if not row.lower().startswith(schema))
    for text in ("+33 6", "finances", "urbanisme", "agent3@", "u1"):
        assert text not in rows, [row for row in rows.splitlines() if text in row]
    assert Person.objects.count() == 4  # no person created for an unmatched account


def test_a_server_error_on_a_later_page_of_users_keeps_the_accounts_of_the_last_sync(org, agents, fake, sleeps):
    run(org, fake, sleeps)
    fake.collections["/v1.0/users"] = USERS[1:]
    fake.faults.add("users:2", "error", times=10)
    before = stored_rows()

    with pytest.raises(ServerError):
        run(org, fake, sleeps)

    assert stored_rows() == before
    assert account(agents[0]) is not None


def test_people_of_another_organisation_are_not_matched(org, other_org, agents, fake, sleeps):
    counts = run(other_org, fake, sleeps)

    assert (counts.accounts.created, counts.accounts.unmatched) == (0, 5)
    assert not DirectoryAccount.objects.exists()


def test_devices_only_leaves_the_accounts_untouched(org, agents, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    with GraphClient(token_provider=StaticTokenProvider(ACCESS_TOKEN), base_url=fake.url, sleep=sleeps) as client:
        sync(org, client, with_mfa=False)
    assert stored_rows() == before
