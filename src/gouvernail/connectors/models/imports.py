"""What the spreadsheet imports keep: named column mappings and the record of each import."""

from django.conf import settings
from django.db import models

from gouvernail.connectors.choices import ImportKind, ImportStatus, OnError
from gouvernail.core.models import Organisation, OrganisationScopedModel

__all__ = ("ImportMapping", "ImportRecord", "RejectedRow")


class ImportMapping(OrganisationScopedModel):
    """A named column mapping (header as the file writes it → field), reused by the next import,
    with the user's answers for the values no synonym knows (« Portable HP » → PC portable)."""

    kind = models.CharField("type d'import", max_length=20, choices=ImportKind.choices)
    name = models.CharField("nom", max_length=120)
    # {normalized header: field name, or "" for a column deliberately ignored}
    columns = models.JSONField("correspondance des colonnes", default=dict)
    # {field: {value key (normalised as typed): allowed value}}
    values = models.JSONField("correspondance des valeurs", default=dict, blank=True)

    permission_domain = "collecte"

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"
        ordering = ("kind", "name")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"],
                name="connectors_importmapping_unique_org_kind_name",
                violation_error_message="Une correspondance porte déjà ce nom pour ce type d'import.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ImportRecord(OrganisationScopedModel):
    """One committed (or refused) import: who, when, which file (name and SHA-256), what it did."""

    kind = models.CharField("type d'import", max_length=20, choices=ImportKind.choices)
    file_name = models.CharField("fichier", max_length=255)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_error = models.CharField("en cas d'erreur", max_length=10, choices=OnError.choices, default=OnError.REFUSE)
    status = models.CharField("résultat", max_length=10, choices=ImportStatus.choices)
    header_row = models.PositiveIntegerField("ligne d'en-tête", default=1)
    mapping = models.ForeignKey(
        ImportMapping,
        verbose_name="correspondance enregistrée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    columns = models.JSONField("colonnes lues", default=dict, help_text="En-tête du fichier → champ.")
    headers = models.JSONField("en-têtes du fichier", default=list)
    created_count = models.PositiveIntegerField("créées", default=0)
    updated_count = models.PositiveIntegerField("mises à jour", default=0)
    unchanged_count = models.PositiveIntegerField("inchangées", default=0)
    rejected_count = models.PositiveIntegerField("rejetées", default=0)
    # {"Sites": [names], "Services": […], "Personnes": […]}: what the import created on request.
    created_missing = models.JSONField("créés d'après le fichier", default=dict, blank=True)

    permission_domain = "collecte"

    class Meta:
        verbose_name = "import de tableur"
        verbose_name_plural = "imports de tableurs"
        ordering = ("-created",)
        indexes = [models.Index(fields=["organisation", "-created"], name="connectors_import_org_created")]

    def __str__(self) -> str:
        return f"Import {self.get_kind_display().lower()} « {self.file_name} »"


class RejectedRow(models.Model):
    """A row an import set aside, as the file gave it, with the reason: the « lignes rejetées » file.

    Part of its import record rather than a journaled row of its own: the journal notes the
    import and its counts, not thousands of rejected cells.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    record = models.ForeignKey(ImportRecord, verbose_name="import", on_delete=models.CASCADE, related_name="rejections")
    row = models.PositiveIntegerField("ligne")
    cells = models.JSONField("cellules", default=list)
    reason = models.TextField("motif du rejet")

    class Meta:
        verbose_name = "ligne rejetée"
        verbose_name_plural = "lignes rejetées"
        ordering = ("record", "row")

    def __str__(self) -> str:
        return f"Ligne {self.row} : {self.reason}"
