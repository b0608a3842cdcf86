from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from gouvernail.api.choices import TokenScope
from gouvernail.api.tokens import MAX_LIFETIME
from gouvernail.core.forms import DateInput, style_widgets

__all__ = ("TokenForm",)

DEFAULT_LIFETIME = timedelta(days=90)


class TokenForm(forms.Form):
    """A new personal token: its name, its scope and its last day of validity (at most a year)."""

    name = forms.CharField(
        label="Nom du jeton",
        max_length=80,
        help_text="Où il sert, pour le reconnaître dans la liste et dans le journal : « Power BI », « script ».",
    )
    scope = forms.ChoiceField(
        label="Portée",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        help_text="Même en écriture, le jeton ne fait que ce que votre rôle permet.",
    )
    expires_on = forms.DateField(label="Valable jusqu'au (inclus)", widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + DEFAULT_LIFETIME
        style_widgets(self)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Donnez un nom au jeton.")
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError("La date de fin de validité est passée : choisissez aujourd'hui ou plus tard.")
        if day > today + MAX_LIFETIME:
            last = (today + MAX_LIFETIME).strftime("%d/%m/%Y")
            raise forms.ValidationError(f"Un jeton vaut au plus un an : choisissez une date jusqu'au {last}.")
        return day

    def expires_at(self) -> datetime:
        """The end of the chosen day, local time."""
        day = self.cleaned_data["expires_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))
