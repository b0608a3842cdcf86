"""The five HTTP sources through the runner: a run succeeds with its counts and recomputes the
indicators, a second run changes nothing, and each failure class ends « échouée » in French
without touching what an earlier run wrote. The sources' own sync tests cover the mapping.
"""

from collections import Counter
from dataclasses import replace

import pytest

from gouvernail.connectors.choices import ConnectorKind
from gouvernail.connectors.errors import (
    AuthenticationRefused,
    ServerError,
    SourceTimeout,
    Throttled,
    UnexpectedResponse,
)
from gouvernail.connectors.http import MAX_THROTTLE_ATTEMPTS, SERVER_ERROR_WAIT
from gouvernail.connectors.runner import INTERNAL_ERROR, config_password_set, config_test
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.source_cases import (
    CASES,
    FAILED,
    FAILURE_WORDS,
    SUCCEEDED,
    configure,
    data_rows,
    measurements,
)
from gouvernail.metrics.models import Measurement

pytestmark = pytest.mark.django_db

FAILURES = tuple(FAILURE_WORDS)
ADVICE = {
    "credentials": AuthenticationRefused.diagnosis,
    "forbidden": AuthenticationRefused.diagnosis,
    "throttling": Throttled.diagnosis,
    "server_error": ServerError.diagnosis,
    "timeout": SourceTimeout.diagnosis,
    "unexpected": UnexpectedResponse.diagnosis,
    "unexpected_shape": UnexpectedResponse.diagnosis,
}


@pytest.fixture(params=CASES, ids=str)
def source(request, org, httpserver):
    return configure(request.param, org, httpserver, request)


def test_a_configured_source_runs_to_success_with_its_counts_and_recomputes_the_indicators(source, org):
    assert not Measurement.objects.filter(organisation=org).exists()

    run = source.run()

    assert (run.status, run.error_message) == (SUCCEEDED, "")
    assert (run.created_count, run.updated_count, run.unchanged_count, run.deleted_count) == source.case.counts
    assert run.details == source.case.details
    assert run.finished_at is not None and run.progress_current > 0
    code, values = source.case.measurement
    assert [int(value) for key, _, _, value in measurements(org) if key == code] == values
    assert not Measurement.objects.filter(organisation=org, computed_at__lt=run.started_at).exists()


@pytest.mark.parametrize("case", [case for case in CASES if case.older], ids=str)
def test_an_older_release_of_the_product_still_runs_to_success(case, org, httpserver, request):
    older = configure(replace(case, fake=case.older), org, httpserver, request)

    run = older.run()

    assert (run.status, run.error_message) == (SUCCEEDED, "")
    assert run.created_count + run.updated_count > 0


def test_a_second_identical_run_changes_no_data_and_keeps_one_measurement_per_period(source, org):
    source.run()
    before, indicators = data_rows(exclude=("connectors.SyncRun", "metrics.Measurement")), measurements(org)

    again = source.run()

    assert again.status == SUCCEEDED
    assert (again.created_count, again.updated_count, again.deleted_count) == (0, 0, 0)
    assert again.unchanged_count == sum(source.case.counts[:2])
    assert data_rows(exclude=("connectors.SyncRun", "metrics.Measurement")) == before
    assert measurements(org) == indicators
    keys = Counter(Measurement.objects.filter(organisation=org).values_list("code", "period_key", "dimension_key"))
    assert keys and max(keys.values()) == 1


@pytest.mark.parametrize("failure", FAILURES)
def test_each_failure_class_ends_failed_in_french_and_changes_nothing(source, failure):
    written = source.run()
    options = source.break_call(failure)
    before = data_rows()

    run = source.run(**options)

    assert run.status == FAILED
    assert FAILURE_WORDS[failure] in run.error_message
    assert run.error_message != INTERNAL_ERROR
    assert (run.created_count, run.updated_count, run.details) == (0, 0, {})
    # The earlier run's rows and the indicators it led to are all still there, unchanged.
    assert data_rows() == before
    assert written.status == SUCCEEDED and source.config.last_success_at == written.finished_at


def test_throttling_waits_as_asked_then_gives_up_without_really_sleeping(source):
    source.break_call("throttling")

    run = source.run()

    assert run.status == FAILED
    assert f"appel refusé {MAX_THROTTLE_ATTEMPTS} fois, délai d'attente demandé : 1 s" in run.error_message
    assert source.sleeps.delays == [1.0] * (MAX_THROTTLE_ATTEMPTS - 1)


def test_a_server_error_mid_paging_is_retried_once_before_failing(source):
    source.run()
    source.break_call("server_error")

    run = source.run()

    assert run.status == FAILED and "HTTP 500" in run.error_message
    assert source.sleeps.delays == [SERVER_ERROR_WAIT]


#
# « Tester la connexion »
#


def test_the_connection_test_says_so_in_french_when_it_succeeds(source):
    diagnosis = config_test(config=source.config, client_options=source.options())

    assert (diagnosis.ok, diagnosis.message) == (True, source.case.probe)


@pytest.mark.parametrize("failure", FAILURES)
def test_the_connection_test_diagnoses_each_failure_class_in_french(source, failure):
    options = source.break_call(failure, probe=True)

    diagnosis = config_test(config=source.config, client_options=source.options(**options))

    assert not diagnosis.ok
    assert FAILURE_WORDS[failure] in diagnosis.message
    assert diagnosis.message.endswith(ADVICE[failure])


def test_the_connection_test_tries_the_typed_secret_before_the_stored_one(source):
    typed = {name: "faux-" + value for name, value in source.case.secrets.items()}

    diagnosis = config_test(config=source.config, secrets=typed, client_options=source.options())

    assert not diagnosis.ok and FAILURE_WORDS["credentials"] in diagnosis.message


def test_a_secret_that_cannot_travel_in_a_header_fails_in_french_naming_it(source):
    # Typed on an AZERTY keyboard: an accented letter is not ASCII, which HTTP headers require.
    for name in source.case.secrets:
        config_password_set(config=source.config, name=name, password="clé-" + SECRET)

    run = source.run()
    diagnosis = config_test(config=source.config, client_options=source.options())

    assert run.status == FAILED
    # Basic auth (Nextcloud) and Entra's form body encode it: the source itself refuses it.
    in_header = source.case.kind in (ConnectorKind.GLPI, ConnectorKind.GOPHISH)
    expected = "contient des caractères non autorisés (lettre accentuée" if in_header else FAILURE_WORDS["credentials"]
    assert expected in run.error_message
    assert run.error_message in diagnosis.message and not diagnosis.ok
