"""Continuity: the PRA / PCA per critical application, its recorded tests, and backup supervision.

Targets (RTO, RPO) are read from the application map, never copied: a plan always shows the
current target, and a test result is compared with it.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from gouvernail.continuity.choices import BackupSource, BackupTool, PlanKind, PlanStatus, TestKind, TestStatus
from gouvernail.core.models import OrganisationScopedModel

__all__ = (
    "DEFAULT_RPO_HOURS",
    "RESTORE_TEST_DAYS",
    "TESTED_WITHIN_DAYS",
    "BackupJob",
    "ContinuityPlan",
    "ContinuityTest",
    "PlanEntry",
    "TestResult",
)

# A backup whose application has no RPO is expected daily (the study's servers are backed up nightly).
DEFAULT_RPO_HOURS = 24
# A restore test older than this no longer proves the backup can be read back.
RESTORE_TEST_DAYS = 365
# « PRA testé dans les 12 mois ».
TESTED_WITHIN_DAYS = 365


class ContinuityModel(OrganisationScopedModel):
    permission_domain = "continuity"

    class Meta:
        abstract = True


class ContinuityPlan(ContinuityModel):
    """A version of the continuity plan. Each version is a row (the previous one « remplacé »), so
    a test stays tied to the plan it exercised; the text itself may live as a framework document."""

    title = models.CharField("intitulé", max_length=200)
    kind = models.CharField("nature", max_length=10, choices=PlanKind.choices, default=PlanKind.PRA)
    version = models.CharField("version", max_length=20, default="1")
    status = models.CharField("état", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField("validé le", null=True, blank=True)
    document = models.ForeignKey(
        "governance.FrameworkDocument",
        verbose_name="document-cadre",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Le texte du plan, versionné et publié comme les autres documents-cadres.",
    )
    scope = models.TextField("périmètre et scénarios de sinistre", blank=True)
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "plan de continuité"
        verbose_name_plural = "plans de continuité (PRA / PCA)"
        ordering = ("title", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title", "version"],
                name="continuity_plan_unique_version",
                violation_error_message="Cette version du plan existe déjà.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class PlanEntry(ContinuityModel):
    """A critical application in a plan: how to restore it and what it depends on."""

    plan = models.ForeignKey(ContinuityPlan, verbose_name="plan", on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application", verbose_name="application", on_delete=models.RESTRICT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField("ordre de reprise", default=1)
    recovery_procedure = models.TextField("procédure de reprise", blank=True)
    depends_on_site = models.ForeignKey(
        "core.Site", verbose_name="site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    depends_on_vendor = models.ForeignKey(
        "vendors.Vendor", verbose_name="prestataire", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dependencies = models.TextField("autres dépendances (réseau, serveurs, accès)", blank=True)

    class Meta:
        verbose_name = "application du plan"
        verbose_name_plural = "applications des plans"
        ordering = ("plan__title", "priority", "application__name")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "plan", "application"],
                name="continuity_entry_unique",
                violation_error_message="Cette application figure déjà dans ce plan.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.plan}"

    @property
    def target_rto_hours(self):
        return self.application.rto_hours

    @property
    def target_rpo_hours(self):
        return self.application.rpo_hours


class ContinuityTest(ContinuityModel):
    """An exercise of the plan: planned, then done with what was achieved and what went wrong;
    each issue becomes an action of the action plan (steering)."""

    name = models.CharField("intitulé", max_length=200)
    plan = models.ForeignKey(
        ContinuityPlan,
        verbose_name="plan testé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tests",
    )
    kind = models.CharField("nature", max_length=20, choices=TestKind.choices, default=TestKind.RESTORE)
    status = models.CharField("état", max_length=20, choices=TestStatus.choices, default=TestStatus.PLANNED)
    planned_on = models.DateField("date prévue")
    done_on = models.DateField("réalisé le", null=True, blank=True)
    scope = models.TextField("périmètre", blank=True)
    issues = models.TextField("difficultés constatées", blank=True)
    actions = models.ManyToManyField(
        "steering.ActionItem", verbose_name="actions correctives", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "test de continuité"
        verbose_name_plural = "tests de continuité"
        ordering = ("-planned_on", "name")

    def __str__(self) -> str:
        return self.name


class TestResult(ContinuityModel):
    """What a test achieved for one application, against the map's targets."""

    __test__ = False  # not a pytest test class, despite its name

    test = models.ForeignKey(ContinuityTest, verbose_name="test", on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        "applications.Application", verbose_name="application", on_delete=models.RESTRICT, related_name="+"
    )
    rto_achieved_hours = models.DecimalField(
        "durée de reprise constatée (heures)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), "La durée ne peut pas être négative.")],
    )
    rpo_achieved_hours = models.DecimalField(
        "perte de données constatée (heures)",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), "La durée ne peut pas être négative.")],
    )
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "résultat de test"
        verbose_name_plural = "résultats de tests"
        ordering = ("test", "application__name")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "test", "application"],
                name="continuity_result_unique",
                violation_error_message="Ce test a déjà un résultat pour cette application.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.test} — {self.application}"

    def rto_met(self) -> bool | None:
        target = self.application.rto_hours
        if target is None or self.rto_achieved_hours is None:
            return None
        return self.rto_achieved_hours <= target

    def rpo_met(self) -> bool | None:
        target = self.application.rpo_hours
        if target is None or self.rpo_achieved_hours is None:
            return None
        return self.rpo_achieved_hours <= target


class BackupJob(ContinuityModel):
    """A supervised backup (a console's job, a server, an application's data): its last success
    and its last restore test, entered by hand or read from the console's CSV export.

    `due_by` (last success + RPO) is stored so that the list filters « plus ancienne que son
    RPO » in the database; it is recomputed on every save."""

    name = models.CharField(
        "tâche de sauvegarde", max_length=200, help_text="Nom de la tâche dans la console : clé de l'import CSV."
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tool = models.CharField("outil", max_length=20, choices=BackupTool.choices, default=BackupTool.OTHER)
    rpo_hours = models.PositiveIntegerField(
        "RPO (heures)",
        null=True,
        blank=True,
        help_text=f"Vide : celui de l'application, sinon {DEFAULT_RPO_HOURS} heures.",
    )
    last_success_at = models.DateTimeField("dernière sauvegarde réussie", null=True, blank=True)
    last_restore_test_on = models.DateField("dernier test de restauration", null=True, blank=True)
    restore_test_ok = models.BooleanField("restauration réussie", null=True, blank=True)
    source = models.CharField("origine", max_length=10, choices=BackupSource.choices, default=BackupSource.MANUAL)
    due_by = models.DateTimeField("prochaine sauvegarde attendue avant", null=True, editable=False)
    notes = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "sauvegarde supervisée"
        verbose_name_plural = "sauvegardes supervisées"
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="continuity_backup_unique_name",
                violation_error_message="Une sauvegarde porte déjà ce nom.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def effective_rpo_hours(self) -> int:
        if self.rpo_hours:
            return self.rpo_hours
        if self.application_id and self.application.rpo_hours:
            return self.application.rpo_hours
        return DEFAULT_RPO_HOURS

    def save(self, *args, **kwargs) -> None:
        self.due_by = (
            self.last_success_at + timedelta(hours=self.effective_rpo_hours()) if self.last_success_at else None
        )
        super().save(*args, **kwargs)

    def is_stale(self, now: datetime | None = None) -> bool:
        """No success known, or the last one older than the RPO: the alert."""
        return self.due_by is None or self.due_by < (now or timezone.now())

    def is_verified(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            not self.is_stale(now)
            and self.restore_test_ok is True
            and self.last_restore_test_on is not None
            and self.last_restore_test_on >= restore_limit(timezone.localdate(now))
        )


def restore_limit(today: date) -> date:
    return today - timedelta(days=RESTORE_TEST_DAYS)


def stale_filter(now: datetime) -> models.Q:
    return models.Q(due_by__isnull=True) | models.Q(due_by__lt=now)


def verified_filter(now: datetime) -> models.Q:
    return (
        models.Q(due_by__gte=now)
        & models.Q(restore_test_ok=True)
        & models.Q(last_restore_test_on__gte=restore_limit(timezone.localdate(now)))
    )


def tested_filter(today: date) -> models.Q:
    """Plan entries whose application has a result in a test done in the last 12 months."""
    return models.Q(
        application__in=TestResult.objects.filter(
            test__status=TestStatus.DONE, test__done_on__gte=today - timedelta(days=TESTED_WITHIN_DAYS)
        ).values("application")
    )
