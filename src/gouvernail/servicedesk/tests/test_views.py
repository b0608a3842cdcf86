import pytest

from gouvernail.core.choices import Role
from gouvernail.servicedesk.choices import RequestFamily
from gouvernail.servicedesk.models import Request
from gouvernail.testing.factories.servicedesk import make_request

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_family_and_opening_date(org, client_for):
    make_request(org, "1", family=RequestFamily.SECURITY, opened_at="2026-01-15T10:00:00+01:00")
    make_request(org, "2", family=RequestFamily.SECURITY, opened_at="2026-03-02T10:00:00+01:00")
    make_request(org, "3", family=RequestFamily.SITES, opened_at="2026-01-20T10:00:00+01:00")

    response = client_for(Role.REFERENT_SI).get(
        "/demandes/", {"family": "securite", "opened_from": "2026-01-01", "opened_to": "2026-01-31"}
    )

    assert response.status_code == 200
    assert [row.record.external_id for row in response.context["table"].rows] == ["1"]


def test_a_request_offers_neither_edit_nor_history(org, client_for):
    request = make_request(org, "42")

    page = client_for(Role.ADMIN).get(f"/demandes/{request.pk}/").content.decode()

    assert "GestSup n° 42" in page
    assert "modifier/" not in page
    assert "historique/" not in page


def test_a_new_mapping_rewrites_the_family_of_existing_requests(org, client_for):
    make_request(org, "1", category="Logiciel métier", family=RequestFamily.USER_SUPPORT)

    response = client_for(Role.REFERENT_SI).post(
        "/demandes/familles/ajouter/", {"category": "Logiciel métier", "subcategory": "", "family": "projets"}
    )

    assert response.status_code == 302
    assert Request.objects.get(organisation=org).family == RequestFamily.PROJECTS
