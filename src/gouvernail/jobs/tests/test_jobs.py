"""Jobs: their page (progress polled with htmx, result, « Annuler »), who may follow them, and
how the work learns that it must stop."""

import socket

import pytest
from django.core.cache import cache

from gouvernail.connectors.runner import config_password_set
from gouvernail.core.choices import Role
from gouvernail.jobs.choices import JobStatus
from gouvernail.jobs.errors import JobCancelled, JobFailed
from gouvernail.jobs.models import Job
from gouvernail.jobs.registry import register_handler
from gouvernail.jobs.services import JobContext, job_start
from gouvernail.testing.factories.connectors import make_connector_config
from gouvernail.testing.factories.jobs import make_job

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def produce_a_file(job, context):
    for done in range(0, 4):
        context.progress(done, 3)
    context.set_file("parc.csv", b"nom;site\nPC-01;Mairie\n")
    context.message = "3 lignes exportées."


def refuse(job, context):
    raise JobFailed("Le fichier est vide : rien n'a été modifié.")


def crash(job, context):
    raise RuntimeError("panne interne")


register_handler("tests.produce_a_file", produce_a_file)
register_handler("tests.refuse", refuse)
register_handler("tests.crash", crash)


def start(org, handler, user=None, **fields):
    defaults = {"kind": "export", "label": "Export du parc", "domain": "referentiel"}
    return job_start(organisation=org, handler=handler, requested_by=user, **{**defaults, **fields})


def test_a_finished_job_offers_its_file_on_its_page(org, users, client_for):
    job = start(org, "tests.produce_a_file", users[Role.REFERENT_SI], private=True)

    page = client_for(Role.REFERENT_SI).get(f"/traitements/{job.pk}/").content.decode()
    download = client_for(Role.REFERENT_SI).get(f"/traitements/{job.pk}/fichier/")

    assert (job.status, job.message, job.progress_current, job.progress_total) == (
        "termine",
        "3 lignes exportées.",
        3,
        3,
    )
    assert "Terminé" in page and f"/traitements/{job.pk}/fichier/" in page and 'hx-trigger="every' not in page
    assert download["Content-Disposition"] == 'attachment; filename="parc.csv"'
    assert b"".join(download.streaming_content) == b"nom;site\nPC-01;Mairie\n"


def test_a_private_job_is_shown_to_its_requester_only(org, users, client_for):
    job = start(org, "tests.produce_a_file", users[Role.REFERENT_SI], private=True)

    assert client_for(Role.ADMIN).get(f"/traitements/{job.pk}/").status_code == 403
    assert client_for(Role.ADMIN).get(f"/traitements/{job.pk}/fichier/").status_code == 403


def test_a_job_refused_in_french_says_why_and_an_internal_error_says_nothing_of_it(org, users):
    refused = start(org, "tests.refuse", users[Role.ADMIN])
    crashed = start(org, "tests.crash", users[Role.ADMIN])

    assert (refused.status, refused.message) == ("echoue", "Le fichier est vide : rien n'a été modifié.")
    assert crashed.status == "echoue" and "panne" not in crashed.message
    assert crashed.message.startswith("Erreur interne")


def test_a_running_job_page_polls_its_progress_from_the_shared_cache(org, users, client_for):
    job = make_job(org, status=JobStatus.RUNNING, requested_by=users[Role.REFERENT_SI])
    JobContext(job).progress(250, 1000)

    fragment = client_for(Role.REFERENT_SI).get(f"/traitements/{job.pk}/progression/").content.decode()

    assert f'hx-get="/traitements/{job.pk}/progression/"' in fragment
    assert "250 sur 1000" in fragment and 'aria-valuenow="25"' in fragment
    assert "Annuler" in fragment


def test_cancelling_a_running_job_stops_its_work_at_the_next_batch(org, users, client_for):
    job = make_job(org, status=JobStatus.RUNNING, requested_by=users[Role.REFERENT_SI])
    context = JobContext(job)
    context.progress(1, 10)

    response = client_for(Role.REFERENT_SI).post(f"/traitements/{job.pk}/annuler/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.cancel_requested
    with pytest.raises(JobCancelled):
        context.progress(2, 10)


def test_cancelling_a_queued_job_ends_it_at_once(org, users, client_for):
    job = make_job(org, status=JobStatus.QUEUED, requested_by=users[Role.ADMIN])

    client_for(Role.ADMIN).post(f"/traitements/{job.pk}/annuler/")

    job.refresh_from_db()
    assert (job.status, job.message) == ("annule", "Annulé à la demande : rien n'a été modifié.")


def test_a_reader_who_does_not_edit_the_domain_may_not_cancel(org, client_for):
    job = make_job(org, status=JobStatus.RUNNING)

    page = client_for(Role.AUDITEUR).get(f"/traitements/{job.pk}/").content.decode()
    response = client_for(Role.AUDITEUR).post(f"/traitements/{job.pk}/annuler/")

    assert "Annuler" not in page
    assert response.status_code == 403
    job.refresh_from_db()
    assert not job.cancel_requested and not cache.get(f"gouvernail:jobs:{job.pk}:cancel")


def test_a_job_of_another_organisation_is_not_found(org, other_org, client_for):
    job = make_job(other_org, result=b"x")

    for url in (f"/traitements/{job.pk}/", f"/traitements/{job.pk}/fichier/", f"/traitements/{job.pk}/progression/"):
        assert client_for(Role.ADMIN).get(url).status_code == 404, url
    assert client_for(Role.ADMIN).post(f"/traitements/{job.pk}/annuler/").status_code == 404


def test_a_scheduled_sync_is_a_job_linked_to_its_run(org):
    from gouvernail.connectors.tasks import run_due_syncs

    config = make_connector_config(org, host="127.0.0.1", port=closed_port())
    config_password_set(config=config, password="secret-de-test")

    (run,) = run_due_syncs()

    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.result_url) == ("synchronisation", None, run.get_absolute_url())
    assert job.status == "echoue" and "injoignable : aucune connexion" in job.message
