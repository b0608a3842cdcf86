from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gouvernail.collaboration.models import NextcloudServiceUsage, NextcloudSnapshot, SharedSpace
from gouvernail.collaboration.services import Account, is_active_user, snapshot_store, space_upsert
from gouvernail.testing.factories.core import make_person, make_service

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2026, 3, 31, 23, 59, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("last_login", "active"),
    [
        (AT - timedelta(days=30), True),
        (AT - timedelta(days=30, seconds=1), False),
        (AT, True),
        (AT + timedelta(seconds=1), False),
        (None, False),
    ],
)
def test_an_active_user_logged_in_during_the_last_30_days(last_login, active):
    assert is_active_user(last_login, at=AT) is active


def test_a_snapshot_keeps_counts_per_service_and_no_account(org):
    finances, rh = make_service(org, "Finances"), make_service(org, "RH")
    accounts = [
        Account(finances.pk, AT - timedelta(days=2), 1000),
        Account(finances.pk, AT - timedelta(days=31), 500),
        Account(rh.pk, None, 0),
        Account(None, AT - timedelta(days=1), 250),
    ]

    snapshot = snapshot_store(
        organisation=org, taken_on=date(2026, 3, 31), source="nextcloud", accounts=accounts, at=AT
    )

    assert (snapshot.total_users, snapshot.active_users, snapshot.total_bytes) == (4, 2, 1750)
    usage = {u.service_id: (u.users, u.active_users, u.used_bytes) for u in snapshot.service_usages.all()}
    assert usage == {finances.pk: (2, 1, 1500), rh.pk: (1, 0, 0), None: (1, 1, 250)}


def test_the_instance_figures_win_over_the_sums_when_given(org):
    snapshot = snapshot_store(
        organisation=org,
        taken_on=date(2026, 3, 31),
        source="nextcloud",
        accounts=[Account(None, None, 10)],
        active_users=95,
        total_bytes=10**12,
        shares_count=340,
    )

    assert (snapshot.active_users, snapshot.total_bytes, snapshot.shares_count) == (95, 10**12, 340)


def test_storing_the_same_day_twice_leaves_one_snapshot(org, other_org):
    for _ in range(2):
        snapshot_store(organisation=org, taken_on=date(2026, 3, 31), source="nextcloud", accounts=[Account(None, None)])
    snapshot_store(organisation=other_org, taken_on=date(2026, 3, 31), source="nextcloud", accounts=[])

    assert NextcloudSnapshot.objects.filter(organisation=org).count() == 1
    assert NextcloudServiceUsage.objects.filter(organisation=org).count() == 1


def test_a_sync_refreshes_a_space_but_keeps_what_was_decided_here(org):
    space = space_upsert(
        organisation=org,
        source="nextcloud",
        external_id="3",
        name="Finances",
        kind="dossier_groupe",
        size_bytes=10,
        quota_bytes=None,
        seen_on=date(2026, 3, 1),
    )
    space.responsible = make_person(org)
    space.save()

    again = space_upsert(
        organisation=org,
        source="nextcloud",
        external_id="3",
        name="Finances et budget",
        kind="dossier_equipe",
        size_bytes=20,
        quota_bytes=100,
        seen_on=date(2026, 4, 1),
    )

    assert again.pk == space.pk
    assert SharedSpace.objects.count() == 1
    again.refresh_from_db()
    assert (again.name, again.size_bytes, again.last_seen_on) == ("Finances et budget", 20, date(2026, 4, 1))
    assert again.responsible is not None
