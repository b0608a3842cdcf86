"""Personal API tokens: a user's key to the API for one of their organisations."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gouvernail.api.choices import TokenScope
from gouvernail.core.models import Organisation, OrganisationQuerySet

__all__ = ("ApiToken",)


class ApiToken(models.Model):
    """A personal API token. The secret is shown once, at creation; only its SHA-256 is kept,
    with a short public prefix to find the row. What the token may do is the least of its scope
    and of its holder's role in the organisation, read at each request (a role withdrawn
    withdraws the token's rights).

    Not journaled through simple-history: the hash would be copied into every historical row;
    creation and revocation are dated on the row itself."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="titulaire", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=80, help_text="Où le jeton sert : « Power BI », « script d'inventaire »…")
    scope = models.CharField("portée", max_length=12, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField("préfixe", max_length=16, unique=True, editable=False)
    secret_hash = models.CharField("empreinte SHA-256", max_length=64, editable=False)
    expires_at = models.DateTimeField("expire le")
    created = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ("-created",)
        indexes = [models.Index(fields=["organisation", "user"], name="api_token_org_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def status_text(self) -> str:
        if self.revoked_at is not None:
            return "Révoqué"
        return "Expiré" if self.is_expired else "Actif"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE
