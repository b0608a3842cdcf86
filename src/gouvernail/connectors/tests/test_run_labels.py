"""The run log speaks French, and a run's title gives the same time as its page."""

from datetime import UTC, datetime

from gouvernail.connectors.tables import SyncRunTable
from gouvernail.core.choices import Role
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run


def test_the_runs_table_headers_are_in_french(org):
    headers = [str(column.header) for column in SyncRunTable([]).columns]

    assert not {"Started at", "Finished at", "Full"} & set(headers)
    assert {"Début", "Fin", "Complète"} <= set(headers)


def test_a_run_title_is_in_paris_time(org, client_for):
    run = make_sync_run(make_connector_config(org), started_at=datetime(2026, 7, 1, 12, 30, tzinfo=UTC))

    page = client_for(Role.REFERENT_SI).get(f"/collecte/executions/{run.pk}/").content.decode()

    assert str(run) == "GestSup — 01/07/2026 14:30"
    assert "01/07/2026 14:30" in page and "12:30" not in page
