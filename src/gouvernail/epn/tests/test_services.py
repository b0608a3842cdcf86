from datetime import date

import pytest
from django.db import connection

from gouvernail.epn.importer import parse_sessions
from gouvernail.epn.models import EpnSession
from gouvernail.epn.services import sessions_import
from gouvernail.testing.factories.core import make_site
from gouvernail.testing.factories.epn import make_epn_session

pytestmark = pytest.mark.django_db

HEADER = "date;heure;durée;usager;atelier;site"


def rows(org, text):
    return parse_sessions(text.encode(), organisation=org, today=date(2026, 6, 30)).rows


def test_an_import_replaces_the_sessions_of_its_period_and_sites_only(org):
    epn, annexe = make_site(org, "EPN"), make_site(org, "Annexe")
    make_epn_session(org, date(2026, 3, 1), site=epn)  # before the period: kept
    make_epn_session(org, date(2026, 3, 2), site=epn)  # replaced
    make_epn_session(org, date(2026, 3, 2), site=annexe)  # another site: kept
    text = f"{HEADER}\n02/03/2026;;30;a;;EPN\n03/03/2026;;45;b;;EPN\n"

    result = sessions_import(organisation=org, rows=rows(org, text))

    assert (result.created, result.replaced) == (2, 1)
    assert EpnSession.objects.filter(organisation=org).count() == 4


def test_importing_the_same_file_twice_counts_it_once(org):
    text = f"{HEADER}\n02/03/2026;;30;a;;\n03/03/2026;;45;b;Word;\n"

    sessions_import(organisation=org, rows=rows(org, text))
    sessions_import(organisation=org, rows=rows(org, text))

    assert EpnSession.objects.count() == 2


def test_an_import_that_fails_midway_leaves_the_previous_sessions(org, monkeypatch):
    make_epn_session(org, date(2026, 3, 2))
    parsed = rows(org, f"{HEADER}\n02/03/2026;;30;a;;\n")

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(EpnSession.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        sessions_import(organisation=org, rows=parsed)

    assert EpnSession.objects.count() == 1


def test_no_raw_identifier_reaches_the_database(org):
    identifier = "Jeanne-Dupont-1952"
    sessions_import(organisation=org, rows=rows(org, f"{HEADER}\n02/03/2026;;30;{identifier};;\n"))

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM epn_epnsession")
        stored = repr(cursor.fetchall())
    assert identifier not in stored
    assert identifier.lower() not in stored
