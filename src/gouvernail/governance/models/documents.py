"""Framework documents (charte informatique, procedures) and their versions, then the
acknowledgement campaigns of a published version.

A version moves drafted → submitted → approved (by a recorded, adopted decision) → published,
only through the services (`document_version_submit`, `_approve`, `_publish`). Once approved it
is immutable, like a recorded decision: a change is a new version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, ProtectedError, Subquery

from gouvernail.core.choices import PersonKind
from gouvernail.core.models import OrganisationQuerySet, OrganisationScopedModel, Person
from gouvernail.core.permissions import can_edit
from gouvernail.governance.choices import APPROVED_STATUSES, DocumentKind, VersionStatus

__all__ = (
    "APPROVED_VERSION_MESSAGE",
    "NOT_A_DRAFT_MESSAGE",
    "Acknowledgement",
    "AcknowledgementCampaign",
    "FrameworkDocument",
    "FrameworkDocumentVersion",
    "LockedVersionError",
)

APPROVED_VERSION_MESSAGE = (
    "Cette version est approuvée par une décision : elle ne peut plus être modifiée ni supprimée. "
    "Pour la changer, rédigez une nouvelle version du document."
)
NOT_A_DRAFT_MESSAGE = (
    "Cette version n'est plus un brouillon : elle a été soumise à approbation et ne peut plus être modifiée."
)


class LockedVersionError(ValidationError):
    """A write refused because the version has left the draft state."""


class FrameworkDocumentQuerySet(OrganisationQuerySet):
    def with_current_number(self):
        """Annotates each document with the number of its version in force (one query for a list)."""
        current = (
            FrameworkDocumentVersion.objects.filter(document=OuterRef("pk"), status__in=APPROVED_STATUSES)
            .order_by(F("approved_at").desc(nulls_last=True), "-number")
            .values("number")[:1]
        )
        return self.annotate(current_number=Subquery(current))


class FrameworkDocument(OrganisationScopedModel):
    """A framework document of the organisation (charte informatique, politique, procédure)."""

    title = models.CharField("titre", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=DocumentKind.choices, default=DocumentKind.IT_CHARTER)
    owner = models.ForeignKey(
        Person, verbose_name="responsable", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("description", blank=True)

    objects = FrameworkDocumentQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "document cadre"
        verbose_name_plural = "documents cadres"
        ordering = ("title",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="governance_document_unique_org_title",
                violation_error_message="Un document cadre porte déjà ce titre.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> "FrameworkDocumentVersion | None":
        """The version in force: the last one approved (published or not)."""
        return (
            self.versions.filter(status__in=APPROVED_STATUSES)
            .select_related("decision")
            .order_by(F("approved_at").desc(nulls_last=True), "-number")
            .first()
        )


class FrameworkDocumentVersion(OrganisationScopedModel):
    """One version of a framework document: its text (or the reference of the attached file), the
    steps it went through, who did each and the decision that approved it."""

    document = models.ForeignKey(
        FrameworkDocument, verbose_name="document", on_delete=models.RESTRICT, related_name="versions"
    )
    number = models.PositiveIntegerField("n° de version")
    text = models.TextField("texte", blank=True)
    file_reference = models.CharField(
        "fichier joint (référence)",
        max_length=300,
        blank=True,
        help_text="Nom ou emplacement du fichier signé (GED, Nextcloud…), quand le texte n'est pas saisi ici.",
    )
    summary = models.TextField("résumé", blank=True)
    change_note = models.TextField("note de changement", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFTED, editable=False
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name="décision d'approbation",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="approved_versions",
        editable=False,
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="soumise par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField("approuvée le", null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="approbation enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="publiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    permission_domain = "governance"

    class Meta:
        verbose_name = "version de document cadre"
        verbose_name_plural = "versions de documents cadres"
        ordering = ("document", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="governance_version_unique_number",
                violation_error_message="Ce document a déjà une version portant ce numéro.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} — v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFTED

    def stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def save(self, *args, **kwargs):
        # Only the transition services (which set `_transition`) may write a version that has
        # left the draft state; everything else (forms, admin, scripts) is refused here.
        if not getattr(self, "_transition", False):
            stored = self.stored_status()
            if stored in APPROVED_STATUSES:
                raise LockedVersionError(APPROVED_VERSION_MESSAGE)
            if stored == VersionStatus.SUBMITTED:
                raise LockedVersionError(NOT_A_DRAFT_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() in APPROVED_STATUSES:
            raise ProtectedError(APPROVED_VERSION_MESSAGE, {self})
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.is_draft and not (self.text or "").strip() and not (self.file_reference or "").strip():
            raise ValidationError("Saisissez le texte de la version ou la référence du fichier joint.")


class AcknowledgementCampaign(OrganisationScopedModel):
    """A campaign asking agents and/or élus to acknowledge a published version (« prise de
    connaissance » of the charte). The targeted people are the active ones at reading time."""

    version = models.ForeignKey(
        FrameworkDocumentVersion, verbose_name="version", on_delete=models.RESTRICT, related_name="campaigns"
    )
    title = models.CharField("intitulé", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    targets_agents = models.BooleanField("agents actifs", default=True)
    targets_elected = models.BooleanField("élus", default=False)

    permission_domain = "governance"

    class Meta:
        verbose_name = "campagne de prise de connaissance"
        verbose_name_plural = "campagnes de prise de connaissance"
        ordering = ("-starts_on", "title")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.version_id and self.version.status != VersionStatus.PUBLISHED:
            errors["version"] = "Une campagne porte sur une version publiée."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "La fin de la campagne précède son début."
        if not (self.targets_agents or self.targets_elected):
            errors["targets_agents"] = "Choisissez qui est visé : les agents actifs, les élus, ou les deux."
        if errors:
            raise ValidationError(errors)

    @property
    def targets_label(self) -> str:
        targets = (("agents actifs", self.targets_agents), ("élus", self.targets_elected))
        return " et ".join(label for label, on in targets if on)

    def targeted_kinds(self) -> list[str]:
        return [
            kind
            for kind, on in ((PersonKind.AGENT, self.targets_agents), (PersonKind.ELECTED, self.targets_elected))
            if on
        ]

    def targeted_people(self):
        return Person.objects.filter(
            organisation_id=self.organisation_id, is_active=True, kind__in=self.targeted_kinds()
        )

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class AcknowledgementQuerySet(OrganisationQuerySet):
    def visible_to(self, membership):
        """Who acknowledged is followed up by the governance editors only; anyone else sees
        at most their own acknowledgement."""
        rows = super().visible_to(membership)
        if can_edit(membership, "governance"):
            return rows
        if membership.person_id is None:
            return rows.none()
        return rows.filter(person_id=membership.person_id)


class Acknowledgement(OrganisationScopedModel):
    """One person's acknowledgement of the version of a campaign (one per person and campaign)."""

    campaign = models.ForeignKey(
        AcknowledgementCampaign, verbose_name="campagne", on_delete=models.RESTRICT, related_name="acknowledgements"
    )
    person = models.ForeignKey(Person, verbose_name="personne", on_delete=models.RESTRICT, related_name="+")
    acknowledged_on = models.DateField("date de prise de connaissance")
    self_declared = models.BooleanField("déclarée par la personne", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AcknowledgementQuerySet.as_manager()
    permission_domain = "governance"

    class Meta:
        verbose_name = "prise de connaissance"
        verbose_name_plural = "prises de connaissance"
        ordering = ("campaign", "person")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                name="governance_acknowledgement_unique_person",
                violation_error_message="Cette personne a déjà pris connaissance du document pour cette campagne.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.campaign}"
