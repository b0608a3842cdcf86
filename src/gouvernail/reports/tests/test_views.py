"""« Mes agendas et rappels »: each user creates, regenerates and revokes their own feed address
and chooses their reminders; nobody touches another user's."""

import pytest

from gouvernail.core.choices import Role
from gouvernail.reports.models import CalendarToken, ReminderPreference

pytestmark = pytest.mark.django_db

PAGE = "/mes-agendas/"


def test_the_menu_offers_the_page_to_every_role(users, client_for):
    for role in Role.values:
        page = client_for(role).get("/").content.decode()

        assert f'href="{PAGE}"' in page, role


def test_a_user_creates_a_feed_address_and_sees_it_on_the_page(users, client_for):
    client = client_for(Role.ELU)

    response = client.post(PAGE, {"action": "regenerate"}, follow=True)

    token = CalendarToken.objects.active().get(user=users[Role.ELU])
    assert f"http://testserver/agenda/{token.token}.ics" in response.content.decode()
    assert "Adresse d&#x27;agenda créée" in response.content.decode()


def test_regenerating_replaces_the_address_and_revoking_removes_it(users, client_for):
    client = client_for(Role.DIRECTION)
    client.post(PAGE, {"action": "regenerate"})
    first = CalendarToken.objects.active().get(user=users[Role.DIRECTION]).token

    client.post(PAGE, {"action": "regenerate"})
    second = CalendarToken.objects.active().get(user=users[Role.DIRECTION]).token
    client.post(PAGE, {"action": "revoke"})

    assert first != second
    assert not CalendarToken.objects.active().filter(user=users[Role.DIRECTION]).exists()
    assert CalendarToken.objects.filter(user=users[Role.DIRECTION]).count() == 2
    assert client.get(f"/agenda/{second}.ics").status_code == 404


def test_a_user_chooses_the_categories_of_their_feed(users, client_for):
    client = client_for(Role.AUDITEUR)
    client.post(PAGE, {"action": "regenerate"})

    client.post(PAGE, {"action": "categories", "include_meetings": "on", "include_contracts": "on"})

    token = CalendarToken.objects.active().get(user=users[Role.AUDITEUR])
    assert token.categories == {"reunions", "contrats"}


def test_a_user_chooses_their_reminders(org, users, client_for):
    client = client_for(Role.PRESTATAIRE)

    client.post(PAGE, {"action": "reminders", "copil_pack": "on"})

    preference = ReminderPreference.objects.get(organisation=org, user=users[Role.PRESTATAIRE])
    assert (preference.contract_notices, preference.overdue_actions, preference.copil_pack) == (False, False, True)


def test_revoking_only_touches_the_users_own_address(users, client_for):
    client_for(Role.ADMIN).post(PAGE, {"action": "regenerate"})
    client = client_for(Role.ELU)
    client.post(PAGE, {"action": "regenerate"})

    client.post(PAGE, {"action": "revoke"})

    assert CalendarToken.objects.active().filter(user=users[Role.ADMIN]).exists()


def test_an_anonymous_visitor_cannot_create_an_address(client):
    response = client.post(PAGE, {"action": "regenerate"})

    assert response.status_code == 302
    assert not CalendarToken.objects.exists()
