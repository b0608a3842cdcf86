"""Builders for the rows of the `continuity` app: a valid row with sensible defaults, overridable."""

from datetime import date

from django.utils import timezone

from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry, TestResult
from gouvernail.core.models import Organisation


def make_plan(organisation: Organisation, title: str = "Plan de reprise informatique", **fields) -> ContinuityPlan:
    return ContinuityPlan.objects.create(organisation=organisation, title=title, **fields)


def make_plan_entry(plan: ContinuityPlan, application, **fields) -> PlanEntry:
    return PlanEntry.objects.create(organisation_id=plan.organisation_id, plan=plan, application=application, **fields)


def make_continuity_test(organisation: Organisation, name: str = "Restauration annuelle", **fields) -> ContinuityTest:
    defaults = {"planned_on": date.today()}
    return ContinuityTest.objects.create(organisation=organisation, name=name, **{**defaults, **fields})


def make_test_result(test: ContinuityTest, application, **fields) -> TestResult:
    return TestResult.objects.create(organisation_id=test.organisation_id, test=test, application=application, **fields)


def make_backup(organisation: Organisation, name: str = "SRV-FICHIERS", **fields) -> BackupJob:
    defaults = {"last_success_at": timezone.now()}
    return BackupJob.objects.create(organisation=organisation, name=name, **{**defaults, **fields})
