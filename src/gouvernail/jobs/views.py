"""A job's page (« Traitement »): its progress, polled with htmx, its result and « Annuler »."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from gouvernail.jobs.choices import JobStatus
from gouvernail.jobs.models import Job
from gouvernail.jobs.services import job_cancel, job_may_cancel, job_progress, job_visible_to


class JobMixin(LoginRequiredMixin):
    """A job the user may follow (403 otherwise, as on any page their role may not read) of the
    current organisation (404 otherwise)."""

    def get_job(self) -> Job:
        membership = self.request.membership
        if membership is None:
            raise PermissionDenied("Vous n'avez d'habilitation dans aucune organisation.")
        job = get_object_or_404(Job.objects.select_related("requested_by"), pk=self.kwargs["pk"])
        if not job_visible_to(job, self.request.user, membership, same_organisation=False):
            raise PermissionDenied("Ce traitement ne vous est pas accessible.")
        if job.organisation_id != membership.organisation_id:
            raise Http404("Traitement inconnu.")
        return job

    def job_context(self, job: Job) -> dict:
        current, total = job_progress(job)
        percent = min(100, round(100 * current / total)) if total else None
        return {
            "job": job,
            "progress_current": current,
            "progress_total": total,
            "progress_percent": percent,
            "may_cancel": job_may_cancel(job, self.request.user, self.request.membership),
            "statuses": JobStatus,
        }


class JobDetailView(JobMixin, TemplateView):
    template_name = "jobs/job_detail.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.job_context(self.get_job())}


class JobProgressView(JobMixin, TemplateView):
    """The fragment the job's page polls until the job ends."""

    template_name = "jobs/includes/job_progress.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.job_context(self.get_job())}


class JobCancelView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        if not job_may_cancel(job, request.user, request.membership, finished_too=True):
            raise PermissionDenied("Votre rôle ne permet pas d'annuler ce traitement.")
        if job.is_finished:
            messages.info(request, "Ce traitement est déjà terminé.")
            return redirect(job.get_absolute_url())
        job_cancel(job=job, acting_user=request.user)
        messages.info(request, "Annulation demandée : le traitement s'arrête à sa prochaine étape, sans rien modifier.")
        return redirect(job.get_absolute_url())


class JobFileView(JobMixin, View):
    """The file a finished job produced (an export), for those who may follow the job."""

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != JobStatus.SUCCEEDED or not job.result_file:
            raise Http404("Ce traitement n'a pas produit de fichier.")
        return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or None)
