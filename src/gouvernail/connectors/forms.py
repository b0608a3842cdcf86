import ssl
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils.text import capfirst

from gouvernail.connectors.choices import ImportKind, OnError
from gouvernail.connectors.crypto import BINDING_FIELDS
from gouvernail.connectors.models import ConnectorConfig, ImportMapping
from gouvernail.connectors.services import stale_secret_message
from gouvernail.connectors.sources import source_for
from gouvernail.connectors.spreadsheet.parsers import normalize
from gouvernail.connectors.spreadsheet.schemas import Kind
from gouvernail.core.forms import OrganisationModelForm, style_widgets
from gouvernail.core.models import Service
from gouvernail.core.uploads import validate_upload_size

__all__ = (
    "AntivirusImportForm",
    "ColumnMappingForm",
    "CommitForm",
    "ConnectorConfigForm",
    "UploadForm",
    "ValueMappingForm",
)


class FileUploadForm(forms.Form):
    """A form with a `file` field, refused over the upload limit before anything reads it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload_size(uploaded)
        return uploaded


class UploadForm(FileUploadForm):
    kind = forms.ChoiceField(label="Que contient le fichier ?", choices=ImportKind.choices)
    file = forms.FileField(
        label="Fichier", help_text="XLSX, XLS, ODS ou CSV (séparateur ; , ou tabulation ; UTF-8 ou Windows-1252)."
    )


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
    create_missing = forms.BooleanField(
        label="Créer les sites, services et personnes marqués « à créer »",
        required=False,
        help_text="Sinon, les lignes qui les nomment sont rejetées.",
    )


LEAVE_UNKNOWN = ""


class ValueMappingForm(forms.Form):
    """One select per distinct value no synonym knows: the allowed value it stands for, or none
    (its rows stay rejected). `unknown` is [(field, value key, value as typed, rows)], what the
    preview found; the answers come back as {field: {value key: allowed value}}."""

    remember = forms.BooleanField(label="Retenir ces valeurs pour les prochains imports", required=False, initial=True)
    save_as = forms.CharField(
        label="Nom de la correspondance à enregistrer",
        required=False,
        max_length=120,
        help_text="Les valeurs sont retenues avec une correspondance enregistrée.",
    )

    def __init__(self, *args, kind: Kind, unknown: list[tuple[str, str, str, str]], has_mapping: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.unknown = kind, unknown
        if has_mapping:
            del self.fields["save_as"]
        for index, (name, _key, text, _rows) in enumerate(unknown):
            column = kind.by_field[name]
            self.fields[f"value_{index}"] = forms.ChoiceField(
                label=f"« {text} »",
                choices=[(LEAVE_UNKNOWN, "— laisser non reconnue (lignes rejetées) —")]
                + [(str(value), label) for value, label in column.choices],
                required=False,
            )
        self.order_fields([name for name in self.fields if name.startswith("value_")] + ["remember", "save_as"])
        style_widgets(self)

    def value_fields(self) -> list[tuple]:
        """[(bound select, column label, rows)] for the page."""
        rows = []
        for name in self.fields:
            if name.startswith("value_"):
                field_name, _key, _text, where = self.unknown[int(name.removeprefix("value_"))]
                rows.append((self[name], self.kind.by_field[field_name].label, where))
        return rows

    def answers(self) -> dict[str, dict]:
        answers: dict[str, dict] = {}
        for index, (name, key, _text, _rows) in enumerate(self.unknown):
            chosen = self.cleaned_data.get(f"value_{index}")
            if chosen == LEAVE_UNKNOWN or chosen is None:
                continue
            value = next(value for value, _ in self.kind.by_field[name].choices if str(value) == chosen)
            answers.setdefault(name, {})[key] = value
        return answers


def saved_mappings(organisation, kind: str):
    return ImportMapping.objects.filter(organisation=organisation, kind=kind).order_by("-last_updated")


class ConnectorConfigForm(OrganisationModelForm):
    """The settings of one source, with the fields that source reads (`connectors.sources`).

    Secrets are write-only: never shown back, kept when left empty. The Nextcloud group
    mapping is typed as lines « groupe = service » and stored as service ids.
    """

    password = forms.CharField(
        label="mot de passe",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    app_token = forms.CharField(
        label="jeton de l'application",
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    group_mapping = forms.CharField(
        label="groupes rattachés aux services",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Une ligne par groupe : « Groupe Nextcloud = Service ». Un groupe non listé va au "
        "service du même nom ; les groupes sans service sont signalés après chaque synchronisation.",
    )

    class Meta(OrganisationModelForm.Meta):
        model = ConnectorConfig
        fields = (
            "url",
            "host",
            "port",
            "database",
            "tenant_id",
            "client_id",
            "user",
            "table_prefix",
            "ca_certificate",
            "timezone",
            "interval_minutes",
            "full_every",
            "enabled",
        )
        widgets = {"ca_certificate": forms.Textarea(attrs={"rows": 4, "class": "font-monospace"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source_for(self.instance.kind)
        secrets = {secret.name: secret for secret in self.source.secrets}
        shown = {*self.source.fields, *secrets}
        if "group_services" in self.source.fields:
            shown.add("group_mapping")
            self.initial.setdefault("group_mapping", self._mapping_text())
        for name in list(self.fields):
            if name not in shown and name != "row_version_seen":
                del self.fields[name]
        for name in self.source.required:
            self.fields[name].required = True
        for name, label in self.source.labels.items():
            self.fields[name].label = label
        for name, help_text in self.source.help_texts.items():
            self.fields[name].help_text = help_text
        stored = self.instance.stored_secrets()
        for name, secret in secrets.items():
            self.fields[name].label = secret.label
            keep = (
                " Laissez vide pour conserver la valeur enregistrée. Elle ne suit pas un changement "
                "d'adresse, de port ou de compte : saisissez-la alors de nouveau."
                if name in stored
                else ""
            )
            self.fields[name].help_text = f"{secret.help_text} Chiffré avant d'être enregistré.{keep}".strip()
        order = [
            name
            for name in ("url", "host", "port", "database", "tenant_id", "client_id", "user")
            if name in self.fields
        ]
        # Where to read, with what, then the source's options, the schedule last.
        schedule = [name for name in ("interval_minutes", "full_every", "enabled") if name in self.fields]
        rest = [name for name in self.fields if name not in {*order, *secrets, *schedule}]
        self.order_fields([*order, *secrets, *rest, *schedule])
        # The sources' labels are lower case to read inside sentences (« Aucun secret client… »);
        # a label above its field starts with a capital, like the model fields' ones.
        for bound in self.fields.values():
            bound.label = capfirst(bound.label)

    def _mapping_text(self) -> str:
        names = dict(Service.objects.filter(organisation=self.organisation).values_list("pk", "name"))
        return "\n".join(
            f"{group} = {names[pk]}" for group, pk in sorted(self.instance.group_services.items()) if pk in names
        )

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(f"Fuseau horaire inconnu : « {name} » (exemple : Europe/Paris).") from None
        return name

    def clean_ca_certificate(self) -> str:
        pem = self.cleaned_data["ca_certificate"].strip()
        if not pem:
            return ""
        try:
            ssl.create_default_context(cadata=pem)
        except (ssl.SSLError, ValueError):
            raise forms.ValidationError(
                "Ce certificat est illisible : collez le certificat PEM complet, de « -----BEGIN CERTIFICATE----- » "
                "à « -----END CERTIFICATE----- »."
            ) from None
        return pem

    def clean_group_mapping(self) -> dict[str, int]:
        services = {
            normalize(name): pk
            for pk, name in Service.objects.filter(organisation=self.organisation).values_list("pk", "name")
        }
        mapping, errors, seen = {}, [], set()
        for number, line in enumerate(self.cleaned_data["group_mapping"].splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, service = (part.strip() for part in line.partition("="))
            if not sep or not group or not service:
                errors.append(
                    f"Ligne {number} : écrivez « Groupe Nextcloud = Service » (lu : « {line.strip()[:60]} »)."
                )
            elif normalize(service) not in services:
                errors.append(f"Ligne {number} : aucun service « {service[:60]} » dans l'organisation.")
            elif normalize(group) in seen:
                # The sync meets groups whatever their case and accents (`nextcloud.sync`):
                # « Compta » and « COMPTA » are one group, and only one of two lines would count.
                errors.append(f"Ligne {number} : le groupe « {group[:60]} » est déjà rattaché plus haut.")
            else:
                seen.add(normalize(group))
                mapping[group] = services[normalize(service)]
        if errors:
            raise forms.ValidationError(errors)
        return mapping

    def typed_secrets(self) -> dict[str, str]:
        return {
            secret.name: self.cleaned_data.get(secret.name) or ""
            for secret in self.source.secrets
            if self.cleaned_data.get(secret.name)
        }

    def clean(self):
        cleaned = super().clean()
        bindings = self.instance.secret_bindings()
        # Until _post_clean, the instance holds the saved values: the destination the stored
        # secrets were used with; `cleaned` holds the one typed now.
        saved = self.instance.destination_fingerprint() if self.instance.pk else None
        typed = self.instance.destination_fingerprint(
            **{name: cleaned[name] for name in BINDING_FIELDS if name in self.fields and name in cleaned}
        )
        for secret in self.source.secrets:
            if cleaned.get(secret.name):
                continue
            if secret.required and secret.name not in bindings:
                self.add_error(
                    secret.name, f"Le champ « {secret.label} » est obligatoire pour la première configuration."
                )
            elif secret.required and (bindings[secret.name] or saved) != typed:
                # Both « tester » and « enregistrer » stop here: the stored secret would go
                # to the new destination.
                self.add_error(secret.name, stale_secret_message(secret))
        if "group_mapping" in self.fields and "group_mapping" in cleaned:
            self.instance.group_services = cleaned["group_mapping"]
        return cleaned


class AntivirusImportForm(FileUploadForm):
    file = forms.FileField(
        label="Export CSV de la console",
        help_text="ESET PROTECT, Bitdefender GravityZone, rapport « Agents Defender » d'Intune, ou un fichier "
        "avec les colonnes nom de machine, produit, dernière connexion, état de protection.",
    )
    product = forms.CharField(
        label="Produit antivirus",
        required=False,
        max_length=120,
        help_text="Pour un fichier sans colonne « produit » (exemple : ESET Endpoint Security).",
    )
