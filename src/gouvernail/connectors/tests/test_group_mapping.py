"""The Nextcloud settings' group mapping: lines « Groupe = Service » typed on the page, stored
as service ids, shown back as names, and read by the next synchronisation."""

import html

import pytest

from gouvernail.collaboration.models import NextcloudSnapshot
from gouvernail.connectors.choices import ConnectorKind, RunStatus
from gouvernail.connectors.models import ConnectorConfig, SyncRun
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account
from gouvernail.testing.factories.core import make_service

pytestmark = pytest.mark.django_db

LAST_LOGIN = 1718000000


@pytest.fixture
def services(org):
    return {name: make_service(org, name) for name in ("Finances", "Urbanisme", "Élus")}


@pytest.fixture
def nextcloud(httpserver):
    users = [
        account("agent1", ["Compta"], used=GIB, last_login_s=LAST_LOGIN),
        account("agent2", ["Compta", "Stagiaires"], used=2 * GIB, last_login_s=LAST_LOGIN),
        account("agent3", ["urbanisme"], used=3 * GIB, last_login_s=LAST_LOGIN),
        account("agent4", ["Stagiaires", "Prestataires"], used=4 * GIB, last_login_s=LAST_LOGIN),
    ]
    return FakeNextcloud(httpserver, users=users).install()


def data(mapping: str, url: str = "https://cloud.example", **overrides) -> dict:
    return {
        "url": url,
        "user": USERNAME,
        "password": SECRET,
        "interval_minutes": 60,
        "enabled": "on",
        "group_mapping": mapping,
        "action": "save",
        **overrides,
    }


def test_the_mapping_is_stored_as_service_ids_and_shown_back_as_names(org, editor, services):
    response = editor.post("/collecte/nextcloud/", data("Compta = finances\n\n  Élus-2026 =Élus  \n"))

    assert response.status_code == 302
    config = ConnectorConfig.objects.get(organisation=org, kind=ConnectorKind.NEXTCLOUD)
    assert config.group_services == {"Compta": services["Finances"].pk, "Élus-2026": services["Élus"].pk}
    page = html.unescape(editor.get("/collecte/nextcloud/").content.decode())
    assert ">\nCompta = Finances\nÉlus-2026 = Élus</textarea>" in page


def test_bad_lines_are_refused_with_their_line_number(org, editor, services):
    mapping = "Compta Finances\nCompta = Finances\n\nRH = Ressources humaines\nCompta = Urbanisme\n = Élus"

    response = editor.post("/collecte/nextcloud/", data(mapping))

    assert response.context["form"].errors["group_mapping"] == [
        "Ligne 1 : écrivez « Groupe Nextcloud = Service » (lu : « Compta Finances »).",
        "Ligne 4 : aucun service « Ressources humaines » dans l'organisation.",
        "Ligne 5 : le groupe « Compta » est déjà rattaché plus haut.",
        "Ligne 6 : écrivez « Groupe Nextcloud = Service » (lu : « = Élus »).",
    ]
    assert not ConnectorConfig.objects.exists()


def test_a_group_written_twice_in_another_case_is_refused(org, editor, services):
    # The sync meets groups whatever their case: two lines for one group would let one win silently.
    response = editor.post("/collecte/nextcloud/", data("Compta = Finances\nCOMPTA = Urbanisme"))

    assert response.context["form"].errors["group_mapping"] == [
        "Ligne 2 : le groupe « COMPTA » est déjà rattaché plus haut."
    ]


def test_the_next_sync_puts_mapped_groups_in_their_service_and_names_the_unmapped_ones(
    org, editor, services, nextcloud
):
    editor.post("/collecte/nextcloud/", data("Compta = Finances", url=nextcloud.url))

    response = editor.post("/collecte/nextcloud/synchroniser/")

    run = SyncRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    snapshot = NextcloudSnapshot.objects.get(organisation=org)
    usage = {
        (row.service.name if row.service else None): (row.users, row.used_bytes // GIB)
        for row in snapshot.service_usages.select_related("service")
    }
    assert usage == {"Finances": (2, 3), "Urbanisme": (1, 3), None: (1, 4)}
    warning = (
        "Groupes Nextcloud rattachés à aucun service (à compléter dans les paramètres du connecteur) : "
        "Prestataires, Stagiaires."
    )
    assert run.details["avertissements"] == [warning]
    assert warning in html.unescape(editor.get(run.get_absolute_url()).content.decode())
    assert response["Location"].startswith("/traitements/")


def test_clearing_the_mapping_empties_it(org, editor, services):
    editor.post("/collecte/nextcloud/", data("Compta = Finances"))

    editor.post("/collecte/nextcloud/", data("", password=""))

    assert ConnectorConfig.objects.get().group_services == {}
