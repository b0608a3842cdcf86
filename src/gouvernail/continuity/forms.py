from django import forms

from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry, TestResult
from gouvernail.core.forms import OrganisationModelForm, style_widgets
from gouvernail.core.uploads import validate_upload_size

__all__ = (
    "BackupImportForm",
    "BackupJobForm",
    "ContinuityPlanForm",
    "ContinuityTestForm",
    "IssueActionForm",
    "PlanEntryForm",
    "TestResultForm",
)


class ContinuityPlanForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ContinuityPlan
        fields = ("title", "kind", "version", "status", "approved_on", "document", "scope", "notes")


class PlanEntryForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = PlanEntry
        fields = (
            "plan",
            "application",
            "priority",
            "recovery_procedure",
            "depends_on_site",
            "depends_on_vendor",
            "dependencies",
        )


class ContinuityTestForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = ContinuityTest
        fields = ("name", "plan", "kind", "status", "planned_on", "done_on", "scope", "issues", "actions")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == "realise" and not cleaned.get("done_on"):
            self.add_error("done_on", "Indiquez la date à laquelle le test a été réalisé.")
        return cleaned


class TestResultForm(OrganisationModelForm):
    __test__ = False

    class Meta(OrganisationModelForm.Meta):
        model = TestResult
        fields = ("test", "application", "rto_achieved_hours", "rpo_achieved_hours", "notes")


class BackupJobForm(OrganisationModelForm):
    class Meta(OrganisationModelForm.Meta):
        model = BackupJob
        fields = (
            "name",
            "application",
            "tool",
            "rpo_hours",
            "last_success_at",
            "last_restore_test_on",
            "restore_test_ok",
            "notes",
        )
        widgets = {"last_success_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class IssueActionForm(forms.Form):
    title = forms.CharField(label="Intitulé de l'action corrective", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class BackupImportForm(forms.Form):
    file = forms.FileField(
        label="Export de la console de sauvegarde (CSV)",
        help_text=(
            "Une ligne par session ou instantané : nom de la tâche (« Job Name », « backup-id », « Tâche »), "
            "date de fin (« End Time », « backup-time », « Fin ») et, s'il y en a un, résultat (« Result », "
            "« Status »). Seuls les succès comptent ; les tâches non supervisées sont ignorées."
        ),
        validators=[validate_upload_size],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv,text/plain"
        style_widgets(self)
