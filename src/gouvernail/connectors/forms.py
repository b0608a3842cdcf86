from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils.text import capfirst

from gouvernail.connectors.choices import ImportKind, OnError, RunStatus
from gouvernail.connectors.crypto import BINDING_FIELDS
from gouvernail.connectors.models import ConnectorConfig, ImportMapping
from gouvernail.connectors.schema import UNMATCHED_SERVICES, mapping_lines, parse_mapping
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

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:  # the kinds whose rows the user may edit
            self.fields["kind"].choices = [(code, label) for code, label in ImportKind.choices if code in kinds]


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


# The form field of a mapping setting (typed as lines « nom = service »), by setting name.
MAPPING_FIELDS = {"group_services": "group_mapping", "service_mapping": "service_mapping"}
MAPPING_HELP = {
    "group_services": "Une ligne par groupe : « Groupe Nextcloud = Service ». Un groupe non listé va au "
    "service du même nom ; les groupes sans service sont signalés après chaque synchronisation.",
    "service_mapping": "Une ligne par service : « Service GestSup = Service ». Un service GestSup non listé va "
    "au service du même nom ; ceux sans correspondance sont comptés dans le journal de chaque synchronisation.",
}


def setting_field(setting) -> forms.Field:
    """The form field of one setting of a source's schema (`connectors.schema`); the schema
    validates the value in `clean`, so the page and the command refuse the same things."""
    options = {"label": setting.label, "required": setting.required, "help_text": setting.help_text}
    if setting.kind == "integer":
        return forms.IntegerField(min_value=setting.minimum, max_value=setting.maximum, **options)
    if setting.kind == "pem":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}), **options)
    if setting.kind == "mapping":
        options["help_text"] = MAPPING_HELP.get(setting.name, "")
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **{**options, "required": False})
    return forms.CharField(max_length=setting.max_length, **options)


class ConnectorConfigForm(OrganisationModelForm):
    """The settings of one source: its own schema (`Source.schema`, stored in the JSON
    `settings`), then the common fields (time zone, schedule).

    Secrets are write-only: never shown back, kept when left empty. A mapping (Nextcloud
    groups, GestSup services) is typed as lines « nom = service » and stored as service ids.
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

    class Meta(OrganisationModelForm.Meta):
        model = ConnectorConfig
        fields = ("timezone", "interval_minutes", "full_every", "enabled")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source_for(self.instance.kind)
        self.schema = {setting.name: setting for setting in self.source.schema}
        secrets = {secret.name: secret for secret in self.source.secrets}
        self._services = dict(Service.objects.filter(organisation=self.organisation).values_list("pk", "name"))
        for setting in self.schema.values():
            name = MAPPING_FIELDS.get(setting.name, setting.name)
            self.fields[name] = setting_field(setting)
            value = self.instance.setting(setting.name)
            self.initial.setdefault(name, mapping_lines(value, self._services) if setting.kind == "mapping" else value)
        if "service_mapping" in self.schema:
            proposals = service_proposals(self.instance, self._services)
            if proposals:
                self.fields["service_mapping"].help_text += (
                    " Propositions d'après les noms : " + " ; ".join(f"« {line} »" for line in proposals) + "."
                )
        shown = {*self.source.fields, *secrets, *(MAPPING_FIELDS.get(name, name) for name in self.schema)}
        for name in list(self.fields):
            if name not in shown and name != "row_version_seen":
                del self.fields[name]
        for name, label in self.source.labels.items():
            if name in self.fields:
                self.fields[name].label = label
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

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(f"Fuseau horaire inconnu : « {name} » (exemple : Europe/Paris).") from None
        return name

    def _typed_settings(self, cleaned) -> dict:
        """The schema's settings from what was typed; the errors land on their fields."""
        values = {}
        for name, setting in self.schema.items():
            field = MAPPING_FIELDS.get(name, name)
            if field not in cleaned:
                continue  # refused by its form field already
            value = cleaned[field]
            if setting.kind == "mapping":
                try:
                    value = parse_mapping(value, self._services, setting.keys_are, setting.key_noun)
                except forms.ValidationError as error:
                    self.add_error(field, error)
                    continue
            try:
                values[name] = setting.clean(value)
            except forms.ValidationError as error:
                # The schema's message names the key for the command line; the page shows it
                # under its field, where the label says it already.
                self.add_error(field, error)
        return values

    def typed_secrets(self) -> dict[str, str]:
        return {
            secret.name: self.cleaned_data.get(secret.name) or ""
            for secret in self.source.secrets
            if self.cleaned_data.get(secret.name)
        }

    def clean(self):
        cleaned = super().clean()
        typed_settings = self._typed_settings(cleaned)
        bindings = self.instance.secret_bindings()
        # Until the settings are set below, the instance holds the saved values: the
        # destination the stored secrets were used with; `typed_settings` the one typed now.
        saved = self.instance.destination_fingerprint() if self.instance.pk else None
        typed = self.instance.destination_fingerprint(
            **{name: typed_settings[name] for name in BINDING_FIELDS if name in typed_settings}
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
        if not self.errors:
            # Settings of other sources (none, normally) are dropped: the schema is the whole of it.
            self.instance.settings = typed_settings
        return cleaned


def service_proposals(config: ConnectorConfig, services: dict[int, str]) -> list[str]:
    """Lines « Service GestSup = Service » proposed for the GestSup services the last run
    could not match, by similar name (difflib), to copy into the mapping."""
    import difflib

    if config.pk is None:
        return []
    last = config.runs.filter(status=RunStatus.SUCCEEDED).order_by("-started_at", "-pk").first()
    unmatched = (last.details or {}).get(UNMATCHED_SERVICES, {}) if last else {}
    by_normalised = {normalize(name): name for name in services.values()}
    lines = []
    for name in sorted(unmatched):
        found = difflib.get_close_matches(normalize(name), list(by_normalised), n=1, cutoff=0.6)
        if found:
            lines.append(f"{name} = {by_normalised[found[0]]}")
    return lines


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
