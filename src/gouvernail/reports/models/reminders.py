from django.conf import settings
from django.db import models

from gouvernail.core.models import Organisation
from gouvernail.reports.choices import ReminderKind

__all__ = ("ReminderLog", "ReminderPreference")


class ReminderPreference(models.Model):
    """What one user wants to receive by e-mail for one organisation (everything by default)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="+"
    )
    contract_notices = models.BooleanField(
        "préavis des contrats (J-90 et J-30)",
        default=True,
        help_text="Pour les administrateurs et référents SI : la date limite de dénonciation approche.",
    )
    overdue_actions = models.BooleanField(
        "mes actions en retard (chaque semaine)",
        default=True,
        help_text="Les actions du plan dont vous êtes porteur et dont l'échéance est passée.",
    )
    copil_pack = models.BooleanField("dossier de COPIL prêt", default=True)

    class Meta:
        verbose_name = "préférence de rappels"
        verbose_name_plural = "préférences de rappels"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="reports_reminderpreference_unique_user")
        ]

    def __str__(self) -> str:
        return f"Rappels de {self.user} ({self.organisation})"


class ReminderLog(models.Model):
    """One reminder sent: the unique constraint is what keeps a rerun from sending it twice."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("nature", max_length=20, choices=ReminderKind.choices)
    # The reminded object ("vendors.contract:12", "steering.actionitem:owner-34", …): a key, not a link,
    # so that deleting the object keeps the trace of what was sent.
    object_key = models.CharField("objet", max_length=80)
    due_date = models.DateField("échéance")
    recipient = models.EmailField("destinataire")
    sent_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "rappel envoyé"
        verbose_name_plural = "rappels envoyés"
        ordering = ("-sent_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "due_date", "recipient"], name="reports_reminderlog_unique_send"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.object_key} ({self.due_date:%d/%m/%Y})"
