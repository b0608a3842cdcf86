"""Assessments: one per organisation, framework version and campaign date; one row per measure.

A measure may be bound to evidence already in Gouvernail (`EvidenceBinding`: an indicator or a
record, see evidence.py). The evidence proposes a status with its explanation; the person
confirms it or decides otherwise with a reason. The last proposal and the decision, with the
proposal it answered, are both kept on the row, and its history keeps every earlier one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gouvernail.compliance.choices import MeasureStatus
from gouvernail.compliance.models.frameworks import Framework, FrameworkVersion, Measure
from gouvernail.core.models import OrganisationScopedModel, Person

__all__ = ("Assessment", "EvidenceBinding", "MeasureAssessment")


class Assessment(OrganisationScopedModel):
    """A self-assessment campaign against one version of a framework, dated."""

    version = models.ForeignKey(
        FrameworkVersion, verbose_name="référentiel (version)", on_delete=models.RESTRICT, related_name="assessments"
    )
    campaign_date = models.DateField("date de la campagne")
    title = models.CharField("intitulé", max_length=200)
    notes = models.TextField("notes", blank=True)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "évaluation"
        verbose_name_plural = "évaluations"
        ordering = ("-campaign_date", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version", "campaign_date"],
                name="compliance_assessment_unique_campaign",
                violation_error_message="Une évaluation de ce référentiel existe déjà à cette date.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def framework(self) -> Framework:
        return self.version.framework

    def previous(self) -> "Assessment | None":
        """The campaign before this one on the same framework (any version of it)."""
        return (
            Assessment.objects.filter(
                organisation_id=self.organisation_id,
                version__framework_id=self.version.framework_id,
                campaign_date__lt=self.campaign_date,
            )
            .order_by("-campaign_date")
            .first()
        )


class MeasureAssessment(OrganisationScopedModel):
    """The assessment of one measure in one campaign: status, owner, target date, proofs, actions."""

    assessment = models.ForeignKey(
        Assessment, verbose_name="évaluation", on_delete=models.CASCADE, related_name="items"
    )
    measure = models.ForeignKey(Measure, verbose_name="mesure", on_delete=models.RESTRICT, related_name="+")
    status = models.CharField(
        "statut", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_ASSESSED
    )
    not_applicable_reason = models.TextField("motif de non-applicabilité", blank=True)
    owner = models.ForeignKey(
        Person, verbose_name="responsable", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_date = models.DateField("échéance visée", null=True, blank=True)
    comments = models.TextField("commentaires", blank=True)
    proofs = models.TextField(
        "preuves",
        blank=True,
        help_text="Un lien (document, page, ticket) par ligne, éventuellement suivi d'un libellé.",
    )
    actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions du plan", blank=True, related_name="compliance_items"
    )
    # The last proposal computed from the evidence.
    proposed_status = models.CharField(
        "statut proposé", max_length=20, choices=MeasureStatus.choices, blank=True, editable=False
    )
    proposal_explanation = models.TextField("explication de la proposition", blank=True, editable=False)
    proposed_at = models.DateTimeField("proposé le", null=True, blank=True, editable=False)
    # The decision: the proposal it answered, and the reason when it departs from it.
    decided_status_proposal = models.CharField(
        "proposition au moment de la décision", max_length=20, choices=MeasureStatus.choices, blank=True, editable=False
    )
    decided_explanation = models.TextField("explication au moment de la décision", blank=True, editable=False)
    override_reason = models.TextField("motif de l'écart à la proposition", blank=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    permission_domain = "compliance"

    class Meta:
        verbose_name = "mesure évaluée"
        verbose_name_plural = "mesures évaluées"
        ordering = ("assessment", "measure__position")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "measure"],
                name="compliance_item_unique_assessment_measure",
                violation_error_message="Cette mesure est déjà dans l'évaluation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.ref_id}. {self.measure.title}"

    def clean(self) -> None:
        super().clean()
        if self.status == MeasureStatus.NOT_APPLICABLE and not self.not_applicable_reason.strip():
            raise ValidationError({"not_applicable_reason": "Indiquez pourquoi la mesure ne s'applique pas."})

    def proof_links(self) -> list[tuple[str, str]]:
        """(url, label) of each proof line; a line without a URL is shown as text."""
        links = []
        for line in self.proofs.splitlines():
            line = line.strip()
            if not line:
                continue
            url, _, label = line.partition(" ")
            links.append((url, label.strip() or url))
        return links


class EvidenceBinding(OrganisationScopedModel):
    """Binds a measure of a framework (by its number, so that it survives new versions) to a
    source of evidence of evidence.py (`probe`), with an optional target replacing its default."""

    framework = models.ForeignKey(
        Framework, verbose_name="référentiel", on_delete=models.CASCADE, related_name="bindings"
    )
    measure_ref = models.CharField("n° de la mesure", max_length=40)
    probe = models.CharField("source de la preuve", max_length=40)
    target = models.DecimalField("cible", max_digits=7, decimal_places=2, null=True, blank=True)

    permission_domain = "compliance"

    class Meta:
        verbose_name = "preuve automatique"
        verbose_name_plural = "preuves automatiques"
        ordering = ("framework", "measure_ref", "probe")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "measure_ref", "probe"],
                name="compliance_binding_unique",
                violation_error_message="Cette mesure est déjà liée à cette source.",
            )
        ]

    def __str__(self) -> str:
        return f"Mesure {self.measure_ref} ← {self.probe}"
