"""A job: long work (a sync, an import's commit, a large export, a COPIL pack) done by
`gouvernail worker` off the web request. Its row is what every web process reads: status,
progress, the message, the result and the cancel request."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from gouvernail.core.models import Organisation, OrganisationQuerySet
from gouvernail.jobs.choices import FINISHED, JobKind, JobStatus


class Job(models.Model):
    """One piece of long work asked for in an organisation, and how it went."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    kind = models.CharField("type", max_length=20, choices=JobKind.choices)
    # The registered work (jobs.registry) the worker runs, and what it needs.
    handler = models.CharField("traitement", max_length=60)
    params = models.JSONField("paramètres", default=dict, blank=True)
    label = models.CharField("libellé", max_length=200)
    # Who may follow the job: the readers of this permission domain (core.permissions), or only
    # the person who asked for it when it is private (an export holds what their role sees).
    domain = models.CharField("domaine de droits", max_length=40)
    private = models.BooleanField("réservé au demandeur", default=False)
    status = models.CharField("état", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_current = models.PositiveIntegerField("avancement", default=0)
    progress_total = models.PositiveIntegerField("total", null=True, blank=True)
    message = models.TextField("message", blank=True)
    result_url = models.CharField("résultat (lien)", max_length=300, blank=True)
    result_file = models.FileField("résultat (fichier)", upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField("nom du fichier", max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_requested = models.BooleanField("annulation demandée", default=False)
    task_id = models.CharField("tâche", max_length=64, blank=True)
    created = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "traitement"
        verbose_name_plural = "traitements"
        ordering = ("-created", "-pk")
        indexes = [models.Index(fields=("organisation", "-created"))]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_current / self.progress_total))
