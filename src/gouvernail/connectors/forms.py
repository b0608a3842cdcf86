from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms

from gouvernail.connectors.choices import ImportKind, OnError
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, ImportMapping
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.forms import OrganisationModelForm, style_widgets

__all__ = ("ColumnMappingForm", "CommitForm", "ConnectorConfigForm", "UploadForm")


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Que contient le fichier ?", choices=ImportKind.choices)
    file = forms.FileField(
        label="Fichier", help_text="XLSX, XLS, ODS ou CSV (séparateur ; , ou tabulation ; UTF-8 ou Windows-1252)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Le fichier dépasse 50 Mo : découpez-le ou utilisez la commande « import ».")
        return uploaded


class ColumnMappingForm(forms.Form):
    """One choice per column of the file: the field it feeds, or « ignorer »."""

    save_as = forms.CharField(
        label="Enregistrer cette correspondance sous le nom",
        required=False,
        max_length=120,
        help_text="Facultatif : elle sera proposée aux prochains imports.",
    )

    def __init__(self, *args, kind: Kind, headers: list[str], initial_fields: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.headers = headers
        choices = [("", "— ignorer cette colonne —")] + [
            (column.field, f"{column.label}{' *' if column.required else ''}") for column in kind.columns
        ]
        for index, header in enumerate(headers):
            if not header:
                continue
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=initial_fields.get(index, "")
            )
        self.order_fields([name for name in self.fields if name.startswith("col_")] + ["save_as"])
        style_widgets(self)

    def column_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("col_")]

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for name, value in list(cleaned.items()):
            if not name.startswith("col_") or not value:
                continue
            if value in chosen:
                label = self.kind.by_field[value].label
                self.add_error(name, f"« {label} » est déjà lu dans la colonne « {chosen[value]} ».")
            else:
                chosen[value] = self.fields[name].label
        missing = [c.label for c in self.kind.required if c.field not in chosen]
        if missing:
            raise forms.ValidationError(
                "Choisissez une colonne pour : " + ", ".join(f"« {label} »" for label in missing) + "."
            )
        return cleaned

    def fields_by_index(self) -> dict[int, str]:
        return {
            int(name.removeprefix("col_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("col_") and value
        }


class CommitForm(forms.Form):
    on_error = forms.ChoiceField(
        label="Si des lignes sont en erreur", choices=OnError.choices, initial=OnError.REFUSE, widget=forms.RadioSelect
    )


def saved_mappings(organisation, kind: str):
    return ImportMapping.objects.filter(organisation=organisation, kind=kind).order_by("-last_updated")


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
