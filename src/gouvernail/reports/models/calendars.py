import secrets

from django.conf import settings
from django.db import models

from gouvernail.core.models import Organisation
from gouvernail.reports.choices import CalendarCategory

__all__ = ("CalendarToken",)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True)


class CalendarToken(models.Model):
    """The secret of one private iCal feed: whoever holds the URL reads the feed, no login.

    Deliberately not an `OrganisationScopedModel`: the token is a credential, so it is kept out
    of the history tables and the journal (which would show it to every journal reader).
    A user has at most one active token per organisation; regenerating revokes the old one.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField("jeton", max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField("créé le", auto_now_add=True)
    revoked = models.DateTimeField("révoqué le", null=True, blank=True)
    include_meetings = models.BooleanField(CalendarCategory.MEETINGS.label, default=True)
    include_decisions = models.BooleanField(CalendarCategory.DECISIONS.label, default=True)
    include_actions = models.BooleanField(CalendarCategory.ACTIONS.label, default=True)
    include_contracts = models.BooleanField(CalendarCategory.CONTRACTS.label, default=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "agenda privé"
        verbose_name_plural = "agendas privés"
        ordering = ("-created",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(revoked__isnull=True),
                name="reports_calendartoken_one_active_per_user",
                violation_error_message="Vous avez déjà un agenda actif dans cette organisation.",
            )
        ]

    def __str__(self) -> str:
        # Never the token itself: this string may reach logs and error pages.
        return f"Agenda de {self.user} ({self.organisation})"

    @property
    def categories(self) -> set[str]:
        chosen = {
            CalendarCategory.MEETINGS: self.include_meetings,
            CalendarCategory.DECISIONS: self.include_decisions,
            CalendarCategory.ACTIONS: self.include_actions,
            CalendarCategory.CONTRACTS: self.include_contracts,
        }
        return {category for category, included in chosen.items() if included}
