from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.core.models import Organisation, OrganisationQuerySet
from gouvernail.reports.choices import PackFormat

__all__ = ("CopilPack", "ImmutablePackError")

IMMUTABLE_MESSAGE = "Un dossier de COPIL archivé ne se modifie ni ne se supprime : générez-en un nouveau."


class ImmutablePackError(ValidationError):
    def __init__(self, message: str = IMMUTABLE_MESSAGE):
        super().__init__(message)


def pack_upload_to(instance: "CopilPack", filename: str) -> str:
    return f"dossiers-copil/{instance.organisation_id}/{instance.meeting_id}/{filename}"


class CopilPack(models.Model):
    """A generated COPIL pack, archived with its meeting: the file, its SHA-256 and the data
    snapshot it was drawn from (every value shown), so the auditor sees exactly what the COPIL
    was shown. Created by `reports.packs.copil_pack_create` only; never changed nor deleted.

    Not an `OrganisationScopedModel`: an immutable row needs neither change history nor
    `row_version`.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    meeting = models.ForeignKey(
        "governance.Meeting", verbose_name="réunion", on_delete=models.RESTRICT, related_name="copil_packs"
    )
    format = models.CharField("format", max_length=4, choices=PackFormat.choices)
    file = models.FileField("fichier", upload_to=pack_upload_to, max_length=300)
    size = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    snapshot = models.JSONField("données figées")
    created_at = models.DateTimeField("généré le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="généré par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()
    # The pack shows the dashboards' figures: read by every role but the Prestataire.
    permission_domain = "dashboards"

    class Meta:
        verbose_name = "dossier de COPIL"
        verbose_name_plural = "dossiers de COPIL"
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Dossier de COPIL {self.meeting} ({self.get_format_display()}, {self.created_at:%d/%m/%Y %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutablePackError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutablePackError()

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    def is_visible_to(self, membership) -> bool:
        return self.organisation_id == membership.organisation_id
