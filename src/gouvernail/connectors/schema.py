"""The per-source settings of a connector: what each setting is, and how a typed value is checked.

A `ConnectorConfig` keeps what only some sources need (server, port, database, address,
tenant, mapping of groups or services…) in one JSON `settings` field; each `Source` names the
settings it reads (`Source.fields`), and `Source.schema` gives them as `Setting`s with its own
labels and help. The page's form and `gouvernail connector configure` both validate through
`clean_settings`, so a value refused on one is refused on the other, with the same French
message naming the setting.
"""

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

__all__ = ("CATALOGUE", "DEFAULTS", "Setting", "UNMATCHED_SERVICES", "clean_settings", "mapping_lines", "parse_mapping")


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    # text, host, integer, url, pem, identifier, mapping
    kind: str = "text"
    required: bool = False
    default: Any = ""
    help_text: str = ""
    max_length: int = 255
    minimum: int | None = None
    maximum: int | None = None
    # For a mapping: what its keys name in the source (« Groupe Nextcloud », « Service GestSup »),
    # and how a sentence names one (« le groupe »).
    keys_are: str = ""
    key_noun: str = ""

    def clean(self, value: Any) -> Any:
        """The stored value of what was typed, or a ValidationError naming the setting."""
        if self.kind == "mapping":
            return dict(value or {})
        if self.kind == "integer":
            return self._integer(value)
        text = "" if value is None else str(value).strip()
        if not text:
            if self.required:
                raise ValidationError(f"« {self.name} » ({self.label}) est obligatoire.")
            return self.default
        if len(text) > self.max_length:
            raise ValidationError(f"« {self.name} » ({self.label}) : {self.max_length} caractères au plus.")
        if self.kind == "url":
            try:
                URLValidator(schemes=("http", "https"))(text)
            except ValidationError:
                raise ValidationError(
                    f"« {self.name} » ({self.label}) : « {text[:80]} » n'est pas une adresse http(s) valide."
                ) from None
        elif self.kind == "pem":
            try:
                ssl.create_default_context(cadata=text)
            except (ssl.SSLError, ValueError):
                raise ValidationError(
                    "Ce certificat est illisible : collez le certificat PEM complet, de « -----BEGIN CERTIFICATE----- "
                    "» à « -----END CERTIFICATE----- »."
                ) from None
        elif self.kind == "identifier" and not re.fullmatch(r"[A-Za-z0-9_]*", text):
            # Table names are put into SQL text (they cannot be bound parameters).
            raise ValidationError(
                f"« {self.name} » ({self.label}) ne peut contenir que des lettres, des chiffres et « _ »."
            )
        elif self.kind == "host" and not re.fullmatch(r"[A-Za-z0-9._:\[\]-]+", text):
            raise ValidationError(f"« {self.name} » ({self.label}) : « {text[:80]} » n'est pas un nom de serveur.")
        return text

    def _integer(self, value: Any) -> int:
        if value in (None, ""):
            if self.required:
                raise ValidationError(f"« {self.name} » ({self.label}) est obligatoire.")
            return self.default
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"« {self.name} » ({self.label}) : « {value} » n'est pas un nombre entier.") from None
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise ValidationError(
                f"« {self.name} » ({self.label}) doit être compris entre {self.minimum} et {self.maximum}."
            )
        return number


# Every setting a source may read, with its default label; a source narrows them (`Source.schema`).
CATALOGUE = {
    setting.name: setting
    for setting in (
        Setting("url", "adresse du service", "url", max_length=300),
        Setting("host", "serveur", "host", help_text="Nom ou adresse du serveur MariaDB / MySQL."),
        Setting("port", "port", "integer", default=3306, minimum=1, maximum=65535),
        Setting("database", "base de données", max_length=64),
        Setting("tenant_id", "identifiant du tenant (Directory ID)", max_length=100, help_text="GUID ou domaine."),
        Setting("client_id", "identifiant de l'application (Client ID)", max_length=100),
        Setting(
            "user",
            "utilisateur",
            max_length=80,
            help_text="Un compte en lecture seule suffit : la collecte ne modifie rien.",
        ),
        Setting("table_prefix", "préfixe des tables", "identifier", max_length=20),
        Setting(
            "ca_certificate",
            "certificat de l'autorité (PEM)",
            "pem",
            max_length=20000,
            help_text="Pour un serveur au certificat auto-signé : collez ici son certificat "
            "(-----BEGIN CERTIFICATE----- …). Laissez vide pour un certificat reconnu.",
        ),
        Setting(
            "group_services",
            "groupes rattachés aux services",
            "mapping",
            default={},
            keys_are="Groupe Nextcloud",
            key_noun="le groupe",
        ),
        Setting(
            "service_mapping",
            "services GestSup rattachés aux services",
            "mapping",
            default={},
            keys_are="Service GestSup",
            key_noun="le service GestSup",
        ),
    )
}
DEFAULTS = {name: setting.default for name, setting in CATALOGUE.items()}
# The run log's section of the GestSup services no mapping matched ({name: tickets}).
UNMATCHED_SERVICES = "services GestSup sans correspondance (tickets)"
UNMATCHED_SITES = "lieux GestSup sans site (tickets)"


def narrowed(names, required, labels: Mapping[str, str], help_texts: Mapping[str, str]) -> tuple[Setting, ...]:
    """The catalogue's settings among `names`, with a source's own requirements, labels and help."""
    return tuple(
        replace(
            CATALOGUE[name],
            required=name in required,
            label=labels.get(name, CATALOGUE[name].label),
            help_text=help_texts.get(name, CATALOGUE[name].help_text),
        )
        for name in names
        if name in CATALOGUE
    )


def clean_settings(schema: tuple[Setting, ...], values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings of `schema` from `values`, validated; a ValidationError per setting name
    (unknown names included, named with the ones the source knows)."""
    known = {setting.name: setting for setting in schema}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(values) - set(known))
    for name in unknown:
        errors[name] = [f"« {name} » n'est pas un réglage de cette source (réglages : {', '.join(known)})."]
    cleaned = {}
    for name, setting in known.items():
        try:
            cleaned[name] = setting.clean(values.get(name, setting.default))
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _normalise(text: str) -> str:
    from gouvernail.connectors.spreadsheet.parsers import normalize

    return normalize(text)


def parse_mapping(text: str, services: Mapping[int, str], keys_are: str, key_noun: str) -> dict[str, int]:
    """Lines « Nom dans la source = Service » (or separated by « ; » on a command line) →
    {name in the source: service pk}; French errors naming the line. `services` is
    {pk: name} of the organisation's services."""
    by_name = {_normalise(name): pk for pk, name in services.items()}
    mapping, errors, seen = {}, [], set()
    for number, line in enumerate(re.split(r"[\n;]", text or ""), start=1):
        if not line.strip():
            continue
        key, sep, service = (part.strip() for part in line.partition("="))
        if not sep or not key or not service:
            errors.append(f"Ligne {number} : écrivez « {keys_are} = Service » (lu : « {line.strip()[:60]} »).")
        elif _normalise(service) not in by_name:
            errors.append(f"Ligne {number} : aucun service « {service[:60]} » dans l'organisation.")
        elif _normalise(key) in seen:
            # The syncs meet names whatever their case and accents: « Compta » and « COMPTA »
            # are one, and only one of two lines would count.
            errors.append(f"Ligne {number} : {key_noun} « {key[:60]} » est déjà rattaché plus haut.")
        else:
            seen.add(_normalise(key))
            mapping[key] = by_name[_normalise(service)]
    if errors:
        raise ValidationError(errors)
    return mapping


def mapping_lines(mapping: Mapping[str, int], services: Mapping[int, str]) -> str:
    return "\n".join(f"{key} = {services[pk]}" for key, pk in sorted(mapping.items()) if pk in services)
