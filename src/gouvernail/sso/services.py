"""Writing an organisation's Entra ID sign-in, and reading it back as allauth apps."""

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.connectors.crypto import CredentialError, binding_fingerprint, decrypt, encrypt
from gouvernail.core.models import Organisation, User
from gouvernail.sso.models import PROVIDER_PREFIX, EntraSignIn

__all__ = ("entra_sign_in_save", "sign_in_of_provider", "social_apps")

BINDING_KIND = "entra-sign-in"


@transaction.atomic
def entra_sign_in_save(
    *,
    organisation: Organisation,
    enabled: bool,
    tenant_id: str,
    client_id: str,
    server_url: str = "",
    client_secret: str = "",
    acting_user: User | None,
) -> EntraSignIn:
    """Creates or updates the organisation's sign-in. An empty `client_secret` keeps the stored
    one, unless the destination changed: a secret is never sent where it was not typed for."""
    config = EntraSignIn.objects.select_for_update().filter(organisation=organisation).first()
    config = config or EntraSignIn(organisation=organisation)
    config.enabled, config.tenant_id, config.client_id = enabled, tenant_id.strip(), client_id.strip()
    config.server_url = server_url.strip()
    binding = binding_fingerprint(BINDING_KIND, config.destination())
    if client_secret:
        config.client_secret, config.secret_binding = encrypt(client_secret), binding
    elif not config.client_secret:
        raise ValidationError({"client_secret": "Saisissez le secret client de l'application Entra ID."})
    elif config.secret_binding != binding:
        raise ValidationError(
            {
                "client_secret": "Le serveur, le locataire ou l'application a changé : saisissez à nouveau le "
                "secret client (il n'est jamais envoyé ailleurs que là où il a été saisi)."
            }
        )
    config.full_clean()
    config.save()
    return config


def _usable_secret(config: EntraSignIn) -> str:
    if config.secret_binding != binding_fingerprint(BINDING_KIND, config.destination()):
        return ""
    try:
        return decrypt(config.client_secret)
    except CredentialError:
        return ""


def social_apps() -> list[SocialApp]:
    """One allauth app (never saved) per organisation whose sign-in is enabled and readable."""
    apps = []
    for config in EntraSignIn.objects.filter(enabled=True).select_related("organisation").order_by("organisation"):
        secret = _usable_secret(config)
        if not secret:
            continue
        apps.append(
            SocialApp(
                provider="openid_connect",
                provider_id=config.provider_id,
                name=config.organisation.name,
                client_id=config.client_id,
                secret=secret,
                settings={"server_url": config.issuer_url},
            )
        )
    return apps


def sign_in_of_provider(provider_id: str) -> EntraSignIn | None:
    if not provider_id.startswith(PROVIDER_PREFIX) or not provider_id[len(PROVIDER_PREFIX) :].isdigit():
        return None
    return (
        EntraSignIn.objects.filter(enabled=True, organisation_id=int(provider_id[len(PROVIDER_PREFIX) :]))
        .select_related("organisation")
        .first()
    )
