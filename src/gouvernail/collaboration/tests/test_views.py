import pytest

from gouvernail.collaboration.models import SharedSpace
from gouvernail.core.choices import Role
from gouvernail.testing.factories.collaboration import make_service_usage, make_shared_space, make_snapshot
from gouvernail.testing.factories.core import make_person, make_service

pytestmark = pytest.mark.django_db


def test_the_space_list_filters_the_spaces_without_responsible(org, client_for):
    make_shared_space(org, "Budget", responsible=make_person(org))
    make_shared_space(org, "Paie")

    response = client_for(Role.DIRECTION).get("/nextcloud/espaces/", {"without_responsible": "true"})

    assert [row.record.name for row in response.context["table"].rows] == ["Paie"]
    assert "Sans responsable identifié" in response.content.decode()


def test_the_space_list_filters_by_service(org, client_for):
    finances = make_service(org, "Finances")
    make_shared_space(org, "Budget", service=finances)
    make_shared_space(org, "Paie")

    response = client_for(Role.DIRECTION).get("/nextcloud/espaces/", {"service": finances.pk})

    assert [row.record.name for row in response.context["table"].rows] == ["Budget"]


def test_an_editor_names_the_responsible_of_a_space(org, editor):
    space = make_shared_space(org, "Paie")
    person = make_person(org, "Durand")

    response = editor.post(
        f"/nextcloud/espaces/{space.pk}/modifier/",
        {
            "name": "Paie",
            "kind": "dossier_groupe",
            "responsible": person.pk,
            "size_bytes": 10,
            "is_active": "on",
            "row_version_seen": space.row_version,
        },
    )

    assert response.status_code == 302
    assert SharedSpace.objects.get(pk=space.pk).responsible == person


def test_the_usage_list_masks_the_active_users_of_a_small_service(org, client_for):
    snapshot = make_snapshot(org)
    make_service_usage(snapshot, make_service(org, "Cybercentre"), users=3, active_users=2)

    page = client_for(Role.ELU).get(f"/nextcloud/releves/{snapshot.pk}/").content.decode()

    assert "effectif insuffisant" in page


def test_the_usage_list_and_its_export_hide_the_complement_of_a_lone_small_service(org, client_for):
    snapshot = make_snapshot(org, active_users=40)
    make_service_usage(snapshot, make_service(org, "Cybercentre"), users=3, active_users=2)
    accueil = make_service_usage(snapshot, make_service(org, "Accueil"), users=6, active_users=5)
    make_service_usage(snapshot, make_service(org, "Enfance"), users=40, active_users=33)
    client = client_for(Role.ELU)

    exported = client.get("/nextcloud/usages/", {"_export": "csv"}).content.decode()
    detail = client.get(f"/nextcloud/usages/{accueil.pk}/").content.decode()

    # 40 − 33 shown would otherwise give Cybercentre's 2 active users back.
    active = {line.split(",")[1]: line.split(",")[3] for line in exported.splitlines()[1:]}
    assert active == {"Accueil": "effectif insuffisant", "Cybercentre": "effectif insuffisant", "Enfance": "33"}
    assert "effectif insuffisant" in detail


def test_a_snapshot_offers_neither_edit_nor_history(org, client_for):
    snapshot = make_snapshot(org)

    page = client_for(Role.ADMIN).get(f"/nextcloud/releves/{snapshot.pk}/").content.decode()

    assert "modifier/" not in page
    assert "historique/" not in page


def test_the_usage_list_reads_the_masking_in_one_query_whatever_its_length(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(Role.ELU)
    snapshot = make_snapshot(org)

    def queries_for(count: int) -> int:
        for index in range(count):
            make_service_usage(snapshot, make_service(org, f"Service {count}-{index}"), users=3 + index)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/nextcloud/usages/").status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(8)
