from django import forms

from gouvernail.core.forms import formfield_for
from gouvernail.sso.models import EntraSignIn


class EntraSignInForm(forms.ModelForm):
    """The app registration's identifiers; the secret is typed, never shown back."""

    client_secret = forms.CharField(
        label="secret client",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="laisser vide pour garder le secret enregistré (chiffré, jamais réaffiché)",
    )

    class Meta:
        model = EntraSignIn
        formfield_callback = formfield_for
        fields = ("enabled", "tenant_id", "client_id", "server_url")
        field_order = ("enabled", "tenant_id", "client_id", "client_secret", "server_url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.Meta.field_order)
