"""The GestSup password never surfaces: not in logs, pages, exports, the journal, run messages
or the admin."""

import logging

import pytest
from django.apps import apps

from gouvernail.connectors.models import ConnectorSecret
from gouvernail.connectors.runner import config_password_set
from gouvernail.connectors.tests.gestsup.conftest import READER_PASSWORD
from gouvernail.connectors.tests.gestsup.fakedb import generated_tickets
from gouvernail.connectors.tests.gestsup.helpers import sync
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry

pytestmark = pytest.mark.django_db


def test_the_password_appears_in_no_log_page_export_or_journal(org, gestsup, gestsup_config, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    gestsup.insert("tincidents", generated_tickets(30))
    succeeded = sync(gestsup_config)
    gestsup_config.user = "compte-inconnu"
    gestsup_config.save()
    # A new account: its password is typed again (a stored one stays bound to the old account).
    config_password_set(config=gestsup_config, password=READER_PASSWORD)
    failed = sync(gestsup_config)
    client = client_for(Role.ADMIN)
    pages = [
        "/collecte/gestsup/",
        "/collecte/executions/",
        "/collecte/executions/?_export=csv",
        "/collecte/executions/?_export=xlsx",
        f"/collecte/executions/{succeeded.pk}/",
        f"/collecte/executions/{failed.pk}/",
        f"/collecte/executions/{failed.pk}/progression/",
        "/journal/",
        "/journal/?_export=csv",
    ]
    tested = client.post("/collecte/gestsup/", {"action": "test", "host": gestsup_config.host})

    assert failed.error_message == "Identifiants refusés : l'utilisateur ou le mot de passe est incorrect."
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert READER_PASSWORD.encode() not in response.content, url
    assert READER_PASSWORD not in tested.content.decode()
    assert READER_PASSWORD not in caplog.text
    assert all(READER_PASSWORD not in str(entry.changes) for entry in JournalEntry.objects.all())
    assert READER_PASSWORD not in str(list(gestsup_config.runs.values()))
    assert READER_PASSWORD not in ConnectorSecret.objects.get(config=gestsup_config).value_encrypted


def test_no_connector_model_is_offered_in_an_admin():
    # The Django admin is not installed at all (it would show the connector rows and secrets).
    assert not apps.is_installed("django.contrib.admin")
