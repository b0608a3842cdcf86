from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Sign-in with an organisation's Microsoft Entra ID (OpenID Connect, through allauth)."""

    name = "gouvernail.sso"
    label = "sso"
    verbose_name = "Connexion Entra ID"
