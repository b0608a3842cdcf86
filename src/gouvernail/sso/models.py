from django.conf import settings
from django.db import models

from gouvernail.core.models import Organisation

__all__ = ("EntraSignIn",)

PROVIDER_PREFIX = "entra-"


class EntraSignIn(models.Model):
    """An organisation's app registration in Microsoft Entra ID, through which its members sign
    in (OpenID Connect). allauth's own `SocialApp` is global; this row is the organisation's, and
    the adapter (`sso.adapter`) turns it into an app at each request.

    The client secret is stored encrypted (connectors.crypto) with the fingerprint of where it
    may be sent (server, tenant, client): changed destination, secret withheld until typed again.
    """

    organisation = models.OneToOneField(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="entra_sign_in"
    )
    enabled = models.BooleanField("connexion Entra ID proposée", default=True)
    tenant_id = models.CharField(
        "identifiant du locataire (tenant)",
        max_length=100,
        help_text="GUID ou domaine, par exemple contoso.onmicrosoft.com",
    )
    client_id = models.CharField("identifiant de l'application (client)", max_length=100)
    client_secret = models.TextField("secret client (chiffré)", blank=True, editable=False)
    secret_binding = models.CharField("destination du secret (empreinte)", max_length=64, blank=True, editable=False)
    server_url = models.URLField(
        "serveur OpenID Connect",
        blank=True,
        help_text="laisser vide : https://login.microsoftonline.com/<tenant>/v2.0 (cloud public)",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "connexion Entra ID"
        verbose_name_plural = "connexions Entra ID"

    def __str__(self) -> str:
        return f"Connexion Entra ID de {self.organisation}"

    @property
    def provider_id(self) -> str:
        # The primary key, not the slug: the callback address registered in Entra ID contains it.
        return f"{PROVIDER_PREFIX}{self.organisation_id}"

    @property
    def issuer_url(self) -> str:
        return self.server_url or f"{settings.GOUVERNAIL_ENTRA_AUTHORITY.rstrip('/')}/{self.tenant_id}/v2.0"

    def destination(self) -> dict:
        return {"url": self.issuer_url, "tenant_id": self.tenant_id, "client_id": self.client_id}
