"""Private iCal feeds: parsed back with icalendar; a revoked or unknown token gets 404; a feed
shows only what its membership may read, in its own organisation."""

import logging
from datetime import date, datetime, time

import pytest
from django.utils import timezone
from icalendar import Calendar

from gouvernail.core.choices import Role
from gouvernail.reports import calendars
from gouvernail.reports.models import CalendarToken
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import make_committee, make_decision, make_meeting
from gouvernail.testing.factories.steering import make_action
from gouvernail.testing.factories.vendors import make_contract, make_vendor

pytestmark = pytest.mark.django_db


def dated_rows(organisation, suffix=""):
    """One row of each of the four kinds, with its date."""
    committee = make_committee(organisation, f"COPIL SI{suffix}")
    make_meeting(
        committee, f"COPIL n° 4{suffix}", date=date(2026, 6, 16), start_time=time(9, 30), place=f"Salle A{suffix}"
    )
    make_meeting(committee, f"COPIL n° 5{suffix}", date=date(2026, 9, 15))
    make_decision(organisation, f"Choisir l'outil de GLPI{suffix}", needed_by=date(2026, 7, 1))
    make_decision(organisation, f"Sans date{suffix}")
    owner = make_person(organisation, f"Bernard{suffix}")
    make_action(
        organisation, 1, title=f"Sauvegardes externalisées{suffix}", due_date=date(2026, 5, 31), owner_person=owner
    )
    make_action(organisation, 2, title=f"Action soldée{suffix}", due_date=date(2026, 5, 1), status="fait")
    vendor_a = make_vendor(organisation, f"Prestataire A{suffix}")
    vendor_b = make_vendor(organisation, f"Prestataire B{suffix}")
    contract_a = make_contract(organisation, vendor_a, f"A-2025{suffix}", start_date=date(2025, 1, 1))
    contract_b = make_contract(organisation, vendor_b, f"B-2025{suffix}", start_date=date(2025, 7, 1))
    return {"vendor_a": vendor_a, "contract_a": contract_a, "contract_b": contract_b}


def feed_for(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict[str, dict]:
    return {
        str(event["summary"]): {
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
            "location": str(event.get("location", "")),
            "stamp": event.decoded("dtstamp"),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def token_of(users, org):
    def make(role: str, **choices) -> CalendarToken:
        calendar = calendars.calendar_token_regenerate(membership=users[role].memberships.get(organisation=org))
        for name, value in choices.items():
            setattr(calendar, name, value)
        calendar.save()
        return calendar

    return make


def test_a_feed_lists_meetings_decision_deadlines_open_actions_and_notice_deadlines(org, token_of, client):
    rows = dated_rows(org)
    token = token_of(Role.REFERENT_SI)

    calendar = feed_for(client, f"/agenda/{token.token}.ics")
    found = events(calendar)

    paris = timezone.get_current_timezone()
    assert found["COPIL SI — COPIL n° 4"]["start"] == datetime(2026, 6, 16, 9, 30, tzinfo=paris)
    assert found["COPIL SI — COPIL n° 4"]["location"] == "Salle A"
    assert found["COPIL SI — COPIL n° 5"]["start"] == date(2026, 9, 15)
    assert found["Décision à prendre : Choisir l'outil de GLPI"]["start"] == date(2026, 7, 1)
    assert found["Échéance de l'action 1. Sauvegardes externalisées"]["start"] == date(2026, 5, 31)
    notice = "Date limite de dénonciation : A-2025 (Prestataire A)"
    assert found[notice]["start"] == rows["contract_a"].notice_deadline
    assert not any("Sans date" in summary or "soldée" in summary for summary in found)
    assert len(found) == 6
    assert all(event["stamp"].tzinfo is not None for event in found.values())
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_event_uids_are_stable_from_one_fetch_to_the_next(org, token_of, client):
    dated_rows(org)
    url = f"/agenda/{token_of(Role.ADMIN).token}.ics"

    first = {summary: event["uid"] for summary, event in events(feed_for(client, url)).items()}
    second = {summary: event["uid"] for summary, event in events(feed_for(client, url)).items()}

    assert first == second
    assert len(set(first.values())) == len(first)
    assert all(uid.endswith("@gouvernail") for uid in first.values())


def test_the_feed_holds_only_the_chosen_categories(org, token_of, client):
    dated_rows(org)
    token = token_of(Role.DIRECTION, include_meetings=False, include_actions=False, include_contracts=False)

    found = events(feed_for(client, f"/agenda/{token.token}.ics"))

    assert list(found) == ["Décision à prendre : Choisir l'outil de GLPI"]


def test_a_revoked_or_unknown_token_gets_404(org, users, token_of, client):
    token = token_of(Role.ELU)
    calendars.calendar_token_revoke(membership=users[Role.ELU].memberships.get())

    assert client.get(f"/agenda/{token.token}.ics").status_code == 404
    assert client.get("/agenda/jeton-invente.ics").status_code == 404


def test_regenerating_kills_the_old_address_and_keeps_the_choices(org, users, token_of, client):
    old = token_of(Role.ELU, include_contracts=False)

    new = calendars.calendar_token_regenerate(membership=users[Role.ELU].memberships.get())

    assert new.token != old.token
    assert new.include_contracts is False
    assert client.get(f"/agenda/{old.token}.ics").status_code == 404
    assert client.get(f"/agenda/{new.token}.ics").status_code == 200


def test_a_feed_dies_with_its_users_membership(org, users, token_of, client):
    token = token_of(Role.AUDITEUR)

    users[Role.AUDITEUR].memberships.all().delete()

    assert client.get(f"/agenda/{token.token}.ics").status_code == 404


def test_a_feed_of_organisation_a_never_shows_organisation_b(org, other_org, token_of, client):
    dated_rows(org)
    dated_rows(other_org, " (voisine)")

    found = events(feed_for(client, f"/agenda/{token_of(Role.ADMIN).token}.ics"))

    assert len(found) == 6
    assert not any("voisine" in summary for summary in found)


def test_a_prestataires_feed_shows_only_its_own_vendors_contracts(org, users, token_of, client):
    rows = dated_rows(org)
    rows["vendor_a"].accounts.add(users[Role.PRESTATAIRE].memberships.get())

    found = events(feed_for(client, f"/agenda/{token_of(Role.PRESTATAIRE).token}.ics"))

    contracts = [summary for summary in found if summary.startswith("Date limite de dénonciation")]
    assert contracts == ["Date limite de dénonciation : A-2025 (Prestataire A)"]


def test_a_refused_token_stays_out_of_the_request_log(org, token_of, client, caplog):
    token = token_of(Role.ELU)
    token.revoked = timezone.now()
    token.save()

    with caplog.at_level(logging.DEBUG):
        client.get(f"/agenda/{token.token}.ics")

    assert token.token not in caplog.text
    assert token.token not in str(token)


def test_the_feed_takes_a_fixed_number_of_queries(org, token_of, client, django_assert_max_num_queries):
    dated_rows(org)
    committee = make_committee(org, "COTECH")
    for index in range(10):
        make_action(org, 10 + index, due_date=date(2026, 5, 1), owner_person=make_person(org, f"Porteur {index}"))
        make_meeting(committee, f"COTECH n° {index}", date=date(2026, 5, 1 + index))
    url = f"/agenda/{token_of(Role.ADMIN).token}.ics"

    with django_assert_max_num_queries(7):
        client.get(url)


def test_the_access_log_masks_the_token_of_a_feed_url():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from gouvernail.core.access_log import MaskedAccessLogger

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/agenda/s3cr3t-T0ken_x.ics",
        "PATH_INFO": "/agenda/s3cr3t-T0ken_x.ics",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }

    atoms = MaskedAccessLogger(Config()).atoms(
        SimpleNamespace(status="200 OK", headers=[], sent=0), {}, environ, timedelta(0)
    )

    assert atoms["r"] == "GET /agenda/….ics HTTP/1.1"
    assert atoms["U"] == "/agenda/….ics"
    assert "s3cr3t" not in str(atoms)


def test_the_decision_category_carries_the_dates_of_the_acts(org, token_of, client):
    from gouvernail.testing.factories.governance import make_act

    make_act(org, transmitted_on=date(2026, 2, 26), published_on=date(2026, 3, 4))
    token = token_of(Role.ELU, include_meetings=False, include_actions=False, include_contracts=False)

    found = events(feed_for(client, f"/agenda/{token.token}.ics"))

    assert found["Délibération n° 2026_02_031 — adoption"]["start"] == date(2026, 2, 12)
    assert found["Délibération n° 2026_02_031 — transmission en préfecture"]["start"] == date(2026, 2, 26)
    assert found["Délibération n° 2026_02_031 — publication"]["start"] == date(2026, 3, 4)
