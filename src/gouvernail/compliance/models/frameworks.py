"""Frameworks as data: a framework (the ANSSI hygiene guide, or any library imported from CISO
Assistant's YAML) has versions; a version has themes and measures.

A new version of a framework is a new `FrameworkVersion` with its own themes and measures: the
assessments made against an older version keep pointing at its measures (RESTRICT), so changing
a framework never loses a past assessment. Re-importing the same version updates its texts in place.
"""

from django.db import models

from gouvernail.compliance.choices import MeasureLevel
from gouvernail.core.models import OrganisationScopedModel

__all__ = ("Framework", "FrameworkVersion", "Measure", "Theme")


class Framework(OrganisationScopedModel):
    """A reference framework the organisation assesses itself against."""

    urn = models.CharField(
        "URN", max_length=200, help_text="Identifiant stable du référentiel (format CISO Assistant)."
    )
    slug = models.SlugField("identifiant court", max_length=80)
    name = models.CharField("nom", max_length=200)
    provider = models.CharField("éditeur", max_length=120, blank=True)
    description = models.TextField("description", blank=True)
    source_url = models.URLField("texte officiel", blank=True)
    copyright = models.CharField("licence ou droits", max_length=300, blank=True)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "référentiel"
        verbose_name_plural = "référentiels"
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "urn"],
                name="compliance_framework_unique_org_urn",
                violation_error_message="Ce référentiel est déjà chargé dans l'organisation.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="compliance_framework_unique_org_slug",
                violation_error_message="Un référentiel porte déjà cet identifiant court.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> "FrameworkVersion | None":
        return self.versions.order_by("-number").first()


class FrameworkVersion(OrganisationScopedModel):
    """One version of a framework, with its themes and measures as they were in that version."""

    framework = models.ForeignKey(
        Framework, verbose_name="référentiel", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("version")
    publication_date = models.DateField("publiée le", null=True, blank=True)
    locale = models.CharField("langue", max_length=10, default="fr")
    content_hash = models.CharField("empreinte du contenu", max_length=64, blank=True, editable=False)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "version de référentiel"
        verbose_name_plural = "versions de référentiel"
        ordering = ("framework__name", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="compliance_version_unique_framework_number",
                violation_error_message="Cette version du référentiel existe déjà.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} — version {self.number}"

    def get_absolute_url(self) -> str:
        return self.framework.get_absolute_url()


class Theme(OrganisationScopedModel):
    """A chapter of a framework version (« Sécuriser les postes »)."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="version", on_delete=models.CASCADE, related_name="themes"
    )
    ref_id = models.CharField("repère", max_length=40)
    name = models.CharField("intitulé", max_length=300)
    position = models.PositiveIntegerField("ordre", default=0)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ("version", "position")
        constraints = [
            models.UniqueConstraint(fields=["version", "ref_id"], name="compliance_theme_unique_version_ref")
        ]

    def __str__(self) -> str:
        return f"{self.ref_id}. {self.name}"

    def get_absolute_url(self) -> str:
        return self.version.framework.get_absolute_url()


class Measure(OrganisationScopedModel):
    """An assessable requirement of a framework version: number, level, short title, description."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="version", on_delete=models.CASCADE, related_name="measures"
    )
    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.CASCADE, related_name="measures")
    ref_id = models.CharField("n°", max_length=40)
    urn = models.CharField("URN", max_length=200, blank=True)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    level = models.CharField("niveau", max_length=20, choices=MeasureLevel.choices, default=MeasureLevel.STANDARD)
    questions = models.JSONField("questions", default=list, blank=True)
    position = models.PositiveIntegerField("ordre", default=0)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ("version", "position")
        constraints = [
            models.UniqueConstraint(fields=["version", "ref_id"], name="compliance_measure_unique_version_ref")
        ]

    def __str__(self) -> str:
        return f"{self.ref_id}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.version.framework.get_absolute_url()
