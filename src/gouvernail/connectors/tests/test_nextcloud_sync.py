from datetime import date

import pytest

from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.connectors.http import ServerError
from gouvernail.connectors.nextcloud.client import NextcloudClient
from gouvernail.connectors.nextcloud.sync import sync
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account, folder
from gouvernail.connectors.tests.privacy import stored_rows
from gouvernail.testing.factories.core import make_person, make_service

LAST_LOGIN = 1718000000  # 2024-06-10
TODAY = date(2024, 6, 10)
GROUPS = [["finances"], ["Finances", "DGS"], ["DGS"], ["Urbanisme"], ["Stagiaires"], ["URBANISME"], []]


def accounts():
    return [
        account(f"agent{i}", g, used=(i + 1) * GIB, last_login_s=0 if i == 6 else LAST_LOGIN - i * 86400 * 20)
        for i, g in enumerate(GROUPS)
    ]


def folders():
    return {
        3: folder(3, "Finances", {"Finances": 31}, acl=True, manage=[], legacy=False),
        4: folder(4, "Commun", {"DGS": 31}, acl=False, manage=[], legacy=False),
    }


@pytest.fixture
def services(org):
    return {name: make_service(org, name) for name in ("Finances", "Urbanisme", "Élus")}


@pytest.fixture
def fake(httpserver):
    return FakeNextcloud(httpserver, users=accounts(), folders=folders()).install()


def run(org, fake, sleeps, page_size=3):
    with NextcloudClient(fake.url, username=USERNAME, app_password=SECRET, sleep=sleeps) as client:
        client_pages = client.user_details

        client.user_details = lambda: client_pages(page_size=page_size)
        return sync(org, client, today=TODAY)


def usage(org):
    snapshot = NextcloudSnapshot.objects.get(organisation=org, taken_on=TODAY)
    return {
        (row.service.name if row.service else None): (row.users, row.active_users, row.used_bytes // GIB)
        for row in snapshot.service_usages.select_related("service")
    }


def test_it_stores_the_snapshot_per_service_and_the_folders(org, services, fake, sleeps):
    counts = run(org, fake, sleeps)
    # Groups meet services whatever their case; agent 6 never logged in; 20 days apart.
    assert usage(org) == {
        "Finances": (2, 2, 3),
        "Urbanisme": (2, 0, 10),
        None: (3, 0, 3 + 5),
    }  # agent 6 never logged in: no files
    spaces = {s.name: s for s in SharedSpace.objects.filter(organisation=org)}
    assert spaces["Finances"].service == services["Finances"]
    assert spaces["Commun"].service is None
    assert (counts.created, counts.updated, counts.unchanged) == (3, 0, 0)


def test_a_second_sync_writes_nothing(org, services, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    counts = run(org, fake, sleeps)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 3)
    assert stored_rows() == before


def test_a_removed_folder_is_marked_absent_and_a_changed_count_rewrites_the_day(org, services, fake, sleeps):
    run(org, fake, sleeps)
    del fake.folders[4]
    fake.users = fake.users[:3]
    counts = run(org, fake, sleeps)
    assert (counts.updated, counts.deleted, counts.unchanged) == (1, 1, 1)
    assert not SharedSpace.objects.get(organisation=org, external_id="4").is_active
    assert NextcloudSnapshot.objects.filter(organisation=org).count() == 1


def test_a_server_error_on_the_second_page_changes_nothing(org, services, fake, sleeps):
    run(org, fake, sleeps)
    before = stored_rows()
    fake.users = fake.users[:2]
    fake.faults.add("users:2", "error", times=10)
    with pytest.raises(ServerError, match="Nextcloud est en erreur"):
        run(org, fake, sleeps, page_size=1)
    assert stored_rows() == before


def test_no_uid_or_address_is_stored(org, services, fake, sleeps):
    before = stored_rows()
    run(org, fake, sleeps)
    text = "\n".join(stored_rows() - before)
    assert "finances" in text
    assert "agent" not in text and "mairie.example" not in text


def test_organisations_stay_apart(org, other_org, services, fake, sleeps):
    run(org, fake, sleeps)
    run(other_org, fake, sleeps)
    other = NextcloudSnapshot.objects.get(organisation=other_org)
    assert list(other.service_usages.values_list("service_id", "users")) == [(None, 7)]
    assert NextcloudServiceUsage.objects.filter(organisation=org).count() == 3
    assert SharedSpace.objects.filter(organisation=other_org, service__isnull=False).count() == 0


def managed_folder(*managers: str) -> dict:
    manage = [{"type": "group", "id": "Finances", "displayname": "Finances"}]
    manage += [{"type": "user", "id": uid, "displayname": uid.title()} for uid in managers]
    return {3: folder(3, "Finances", {"Finances": 31}, acl=True, manage=manage)}


def test_a_space_gets_as_responsible_its_first_manager_known_in_the_referentiel(org, services, httpserver, sleeps):
    # agent9 has no account in Nextcloud's list, agent2 no person: agent1 is the first that matches.
    claire = make_person(org, "Martin", email="agent1@mairie.example")
    make_person(org, "Durand", email="agent3@mairie.example")
    fake = FakeNextcloud(httpserver, users=accounts(), folders=managed_folder("agent9", "agent2", "agent1", "agent3"))

    run(org, fake.install(), sleeps)

    space = SharedSpace.objects.get(organisation=org, external_id="3")
    assert space.responsible == claire
    assert SharedSpace.objects.filter(organisation=org).without_responsible().count() == 0


def test_a_responsible_chosen_in_gouvernail_is_never_replaced_by_the_managers(org, services, httpserver, sleeps):
    make_person(org, "Martin", email="agent1@mairie.example")
    chosen = make_person(org, "Bernard")
    fake = FakeNextcloud(httpserver, users=accounts(), folders=managed_folder()).install()
    run(org, fake, sleeps)
    space = SharedSpace.objects.get(organisation=org, external_id="3")
    assert space.responsible is None  # only a group manages it: nobody to name
    space.responsible = chosen
    space.save()

    fake.folders = managed_folder("agent1")
    counts = run(org, fake, sleeps)

    assert SharedSpace.objects.get(pk=space.pk).responsible == chosen
    assert counts.updated == 0


def test_a_space_without_acl_has_no_responsible_from_nextcloud(org, services, fake, sleeps):
    make_person(org, "Martin", email="agent0@mairie.example")
    run(org, fake, sleeps)
    assert SharedSpace.objects.get(organisation=org, external_id="4").responsible is None
