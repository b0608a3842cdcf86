"""Where the five HTTP sources' runs surface: their secrets never do (logs, run log, journal,
history, export, pages), the worker runs every kind when due, and the `sync` command prints a
run's counts or fails with its French message.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gouvernail.connectors.choices import RunTrigger
from gouvernail.connectors.crypto import decrypt
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, SyncRun
from gouvernail.connectors.runner import config_test
from gouvernail.connectors.tasks import run_due_syncs
from gouvernail.connectors.tests.conftest import assert_secret_absent
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.source_cases import CASES, FAILED, FAILURE_WORDS, SUCCEEDED, configure
from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(params=CASES, ids=str)
def source(request, org, httpserver):
    return configure(request.param, org, httpserver, request)


#
# Secrets
#


def test_the_secrets_are_stored_encrypted(source):
    stored = dict(ConnectorSecret.objects.filter(config=source.config).values_list("name", "value_encrypted"))

    assert stored.keys() == source.case.secrets.keys()
    for name, value in source.case.secrets.items():
        assert value not in stored[name] and decrypt(stored[name]) == value


def test_no_secret_surfaces_in_logs_runs_journal_history_export_or_pages(source, all_logs, client_for):
    # Every fake's secret (GLPI's two tokens, Graph's bearer token too) contains SECRET.
    wrong = next(iter(source.case.wrong_secret.values()))
    source.run()
    source.break_call("throttling")
    throttled = source.run()
    typed = config_test(config=source.config, secrets=source.case.secrets, client_options=source.options())
    source.config.interval_minutes = 30  # a journaled change, with its history row
    source.config.save()
    source.break_call("credentials")
    refused = source.run()
    client = client_for(Role.ADMIN)
    pages = {
        url: client.get(url)
        for url in (
            "/collecte/executions/?_export=csv",
            "/collecte/executions/?_export=xlsx",
            f"/collecte/executions/{refused.pk}/",
            source.config.get_absolute_url(),
            "/journal/?_export=csv",
        )
    }

    assert (throttled.status, refused.status, typed.ok) == (FAILED, FAILED, False)
    assert FAILURE_WORDS["credentials"] in refused.error_message
    for secret in (SECRET, wrong):
        assert_secret_absent(all_logs, secret=secret)
        assert secret not in typed.message
        assert secret not in str(list(SyncRun.objects.values()))
        assert secret not in str(list(JournalEntry.objects.values()))
        assert secret not in str(list(ConnectorConfig.history.values()))
        for url, response in pages.items():
            assert response.status_code == 200, url
            assert secret.encode() not in response.content, url
    assert FAILURE_WORDS["throttling"] in pages["/collecte/executions/?_export=csv"].content.decode("utf-8-sig")


#
# The worker and the sync command
#


def test_the_worker_runs_the_due_configuration_of_every_kind(org, httpserver, request):
    configs = {case.kind: configure(case, org, httpserver, request).config for case in CASES}

    runs = run_due_syncs(now=T0)

    assert {run.config.kind: run.status for run in runs} == dict.fromkeys(configs, SUCCEEDED)
    assert {run.trigger for run in runs} == {RunTrigger.SCHEDULE}
    # Not due again before its interval has passed.
    assert run_due_syncs(now=T0 + dt.timedelta(minutes=30)) == []


def test_the_sync_command_runs_a_source_and_prints_its_counts(source, org):
    out, err = StringIO(), StringIO()

    call_command("sync", source.case.kind, "--org", org.slug, stdout=out, stderr=err)

    run = SyncRun.objects.get()
    assert (run.status, run.trigger) == (SUCCEEDED, RunTrigger.COMMAND)
    printed = out.getvalue()
    for label, section in source.case.details.items():
        if isinstance(section, dict):
            counts = ", ".join(f"{value} {name}" for name, value in section.items())
            assert f"{label[:1].upper()}{label[1:]} : {counts}\n" in printed
    for warning in source.case.details["avertissements"]:
        assert f"Avertissement : {warning}" in printed
    assert "Synchronisation réussie en " in printed
    assert str(source.config) in err.getvalue()


def test_the_sync_command_fails_with_the_french_message_and_a_non_zero_status(source, org):
    source.break_call("credentials")

    with pytest.raises(CommandError) as failure:
        call_command("sync", source.case.kind, "--org", org.slug, stdout=StringIO(), stderr=StringIO())

    run = SyncRun.objects.get()
    assert str(failure.value) == f"Échec : {run.error_message}"
    assert FAILURE_WORDS["credentials"] in run.error_message
    # What manage.py exits with (BaseCommand.run_from_argv).
    assert failure.value.returncode != 0


def test_the_run_page_shows_the_counts_in_a_fixed_order_whatever_the_database_kept(org, client_for):
    # PostgreSQL's jsonb gives its keys back shortest first, not in the order they were written.
    details = {"Équipements": {"créés": 1, "MFA inconnue": 0, "supprimés": 0, "comptes actifs": 3, "modifiés": 2}}
    run = make_sync_run(make_connector_config(org, kind="entra"), details=details)

    page = client_for(Role.ADMIN).get(run.get_absolute_url()).content.decode()

    assert run.count_sections == [
        ("Équipements", [("créés", 1), ("modifiés", 2), ("supprimés", 0), ("comptes actifs", 3), ("MFA inconnue", 0)])
    ]
    assert "1 créés · 2 modifiés · 0 supprimés · 3 comptes actifs · 0 MFA inconnue" in page
