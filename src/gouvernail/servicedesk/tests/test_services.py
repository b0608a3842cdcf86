import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from gouvernail.servicedesk.choices import RequestFamily, RequestStatus
from gouvernail.servicedesk.models import Request
from gouvernail.servicedesk.services import default_family, family_resolver, requests_refamily, requests_upsert
from gouvernail.testing.factories.servicedesk import make_category_mapping, make_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("category", "subcategory", "family"),
    [
        ("Sécurité", "Virus", RequestFamily.SECURITY),
        ("Réseau", "Wi-Fi", RequestFamily.SITES),
        ("Téléphonie", "", RequestFamily.SITES),
        ("Projet", "Déploiement", RequestFamily.PROJECTS),
        ("Logiciel", "Mot de passe", RequestFamily.USER_SUPPORT),
        ("", "", RequestFamily.USER_SUPPORT),
        ("Incident réseau", "", RequestFamily.SECURITY),
    ],
)
def test_the_default_rule_reads_the_category_words(category, subcategory, family):
    assert default_family(category, subcategory) == family


def test_a_subcategory_mapping_wins_over_the_category_mapping_which_wins_over_the_default(org):
    make_category_mapping(org, "Logiciel", family=RequestFamily.PROJECTS)
    make_category_mapping(org, "Logiciel", subcategory="Antivirus", family=RequestFamily.SECURITY)
    resolve = family_resolver(org)

    assert resolve("Logiciel", "Antivirus") == RequestFamily.SECURITY
    assert resolve(" logiciel ", "Bureautique") == RequestFamily.PROJECTS
    assert resolve("Imprimante", "") == RequestFamily.USER_SUPPORT


def test_the_resolver_ignores_another_organisations_mappings(org, other_org):
    make_category_mapping(other_org, "Logiciel", family=RequestFamily.PROJECTS)

    assert family_resolver(org)("Logiciel") == RequestFamily.USER_SUPPORT


def test_refamily_rewrites_only_the_requests_whose_family_changed(org, other_org):
    make_request(org, "1", category="Logiciel", family=RequestFamily.USER_SUPPORT)
    make_request(org, "2", category="Imprimante", family=RequestFamily.USER_SUPPORT)
    make_request(other_org, "1", category="Logiciel", family=RequestFamily.USER_SUPPORT)
    make_category_mapping(org, "Logiciel", family=RequestFamily.PROJECTS)

    changed = requests_refamily(organisation=org)

    assert changed == 1
    assert dict(Request.objects.filter(organisation=org).values_list("external_id", "family")) == {
        "1": RequestFamily.PROJECTS,
        "2": RequestFamily.USER_SUPPORT,
    }
    assert Request.objects.get(organisation=other_org).family == RequestFamily.USER_SUPPORT


def ticket_row(external_id: str, **values) -> dict:
    return {
        "external_id": external_id,
        "opened_at": dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
        "resolved_at": None,
        "source_modified_at": None,
        "status": RequestStatus.NEW,
        "request_type": "Incident",
        "category": "Logiciel",
        "subcategory": "",
        "family": RequestFamily.USER_SUPPORT,
        "service_id": None,
        "site_id": None,
        "time_spent_minutes": None,
        **values,
    }


def test_a_batch_known_new_is_written_without_reading_the_stored_rows(org):
    rows = [ticket_row(str(number)) for number in range(1, 4)]

    with CaptureQueriesContext(connection) as queries:
        counts = requests_upsert(organisation=org, source="gestsup", rows=rows, none_stored=True)

    assert counts == (3, 0, 0)
    touching = [query["sql"] for query in queries if "servicedesk_request" in query["sql"]]
    assert len(touching) == 1 and "INSERT INTO" in touching[0] and "SELECT" not in touching[0]
    assert sorted(Request.objects.filter(organisation=org).values_list("external_id", flat=True)) == ["1", "2", "3"]


def test_a_batch_wrongly_said_new_fails_rather_than_doubling_a_request(org):
    requests_upsert(organisation=org, source="gestsup", rows=[ticket_row("7")])

    with pytest.raises(IntegrityError), transaction.atomic():
        requests_upsert(organisation=org, source="gestsup", rows=[ticket_row("7", status="resolue")], none_stored=True)

    assert Request.objects.get(organisation=org, external_id="7").status == RequestStatus.NEW
