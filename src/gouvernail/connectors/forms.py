from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms

from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret
from gouvernail.core.forms import OrganisationModelForm

__all__ = ("ConnectorConfigForm",)


class ConnectorConfigForm(OrganisationModelForm):
    """The settings of one source. The password is write-only: never shown back, kept when left empty."""

    password = forms.CharField(
        label="mot de passe",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Chiffré avant d'être enregistré. Laissez vide pour conserver le mot de passe actuel.",
    )

    class Meta(OrganisationModelForm.Meta):
        model = ConnectorConfig
        fields = (
            "host",
            "port",
            "database",
            "user",
            "password",
            "table_prefix",
            "timezone",
            "interval_minutes",
            "full_every",
            "enabled",
        )

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(f"Fuseau horaire inconnu : « {name} » (exemple : Europe/Paris).") from None
        return name

    def has_stored_password(self) -> bool:
        return bool(
            self.instance.pk
            and ConnectorSecret.objects.filter(config=self.instance).exclude(password_encrypted="").exists()
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("password") and not self.has_stored_password():
            self.add_error("password", "Le mot de passe est obligatoire pour la première configuration.")
        return cleaned
