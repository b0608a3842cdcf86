"""Connector configurations and the log of their runs.

One `ConnectorConfig` per organisation and source: the fields every source has (schedule,
time zone) as columns, and the source's own settings in its JSON `settings`, whose schema the
source declares (`connectors.sources`, `connectors.schema`). Credentials (password, API key,
client secret, tokens) live in their own table (`ConnectorSecret`), encrypted, one row per
named secret: the configuration is journaled like any référentiel row, and the journal must
never hold a credential, not even an encrypted one.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.schema import DEFAULTS
from gouvernail.core.models import Organisation, OrganisationQuerySet, OrganisationScopedModel

__all__ = ("ConnectorConfig", "ConnectorSecret", "SyncRun")

# The counts every sync reports (`SyncCounts.as_dict`), in the order the run log shows them.
COUNT_ORDER = {
    name: index for index, name in enumerate(("créés", "modifiés", "inchangés", "supprimés", "non rapprochés"))
}


class ConnectorConfig(OrganisationScopedModel):
    """How to reach one source of an organisation, and how often to synchronise it."""

    kind = models.CharField("source", max_length=20, choices=ConnectorKind.choices, default=ConnectorKind.GESTSUP)
    # What only this source needs (server, address, tenant, mappings…), validated against its
    # schema (`Source.schema`, `connectors.schema`); read through the properties below.
    settings = models.JSONField("réglages de la source", default=dict, blank=True)
    interval_minutes = models.PositiveIntegerField(
        "intervalle entre deux synchronisations (minutes)",
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
    )
    full_every = models.PositiveIntegerField(
        "rapprochement complet toutes les … synchronisations",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="Une synchronisation complète relit tous les tickets et retire ceux supprimés dans la source.",
    )
    timezone = models.CharField(
        "fuseau horaire de la source", max_length=60, default="Europe/Paris", help_text="Celui du serveur GestSup."
    )
    enabled = models.BooleanField("planification active", default=True)

    permission_domain = "connectors"

    class Meta:
        verbose_name = "connecteur"
        verbose_name_plural = "connecteurs"
        ordering = ("kind",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="connectors_config_unique_org_kind",
                violation_error_message="Cette source est déjà configurée dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        if self.kind == ConnectorKind.GESTSUP:
            return f"{self.get_kind_display()} ({self.database}@{self.host})"
        where = self.url or self.tenant_id
        return f"{self.get_kind_display()} ({where})" if where else self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("connectors:config", kwargs={"kind": self.kind})

    def setting(self, name: str):
        settings = self.settings or {}
        if name in settings:
            return settings[name]
        default = DEFAULTS[name]
        return dict(default) if isinstance(default, dict) else default

    def set_setting(self, name: str, value) -> None:
        self.settings = {**(self.settings or {}), name: value}

    @property
    def last_success_at(self):
        """When the last successful run ended. Read from the run log rather than stored here, so
        that saving the settings can never put back an older value."""
        if self.pk is None:
            return None
        last = self.runs.filter(status=RunStatus.SUCCEEDED).order_by("-finished_at").first()
        return last.finished_at if last else None

    def stored_secrets(self) -> set[str]:
        """The names of the secrets this configuration holds (never their values)."""
        return set(self.secret_bindings())

    def secret_bindings(self) -> dict[str, str]:
        """{name: binding fingerprint} of the secrets this configuration holds ("" for a
        secret stored before bindings existed)."""
        if self.pk is None:
            return {}
        return dict(self.secrets.exclude(value_encrypted="").values_list("name", "binding"))

    def destination_fingerprint(self, **changes) -> str:
        """Where this configuration's secrets may go (`crypto.binding_fingerprint`), with
        `changes` (typed, not saved yet) applied."""
        from gouvernail.connectors.crypto import BINDING_FIELDS, binding_fingerprint

        return binding_fingerprint(self.kind, {name: changes.get(name, getattr(self, name)) for name in BINDING_FIELDS})

    def saved_fingerprint(self) -> str | None:
        """The fingerprint of this configuration as saved (None before its first save)."""
        if self.pk is None:
            return None
        saved = ConnectorConfig.objects.filter(pk=self.pk).first()
        return saved.destination_fingerprint() if saved is not None else None


def _setting_property(name: str) -> property:
    """`config.host` reads (and `config.host = …` writes) the setting of that name, so that the
    runner, the sources and `ConnectorConfig(host=…)` read as before the settings moved."""
    return property(lambda self: self.setting(name), lambda self, value: self.set_setting(name, value))


for _name in DEFAULTS:
    setattr(ConnectorConfig, _name, _setting_property(_name))


class ConnectorSecret(models.Model):
    """One encrypted credential of a configuration (Fernet token, see `connectors.crypto`):
    `password` for most sources, plus `app_token` for GLPI; bound to the destination (address,
    port, account…) it was typed for.

    Kept out of `ConnectorConfig` so that neither its history nor the journal ever holds it.
    """

    config = models.ForeignKey(
        ConnectorConfig, verbose_name="connecteur", on_delete=models.CASCADE, related_name="secrets"
    )
    name = models.CharField("nom", max_length=30, default="password")
    value_encrypted = models.TextField("valeur chiffrée", blank=True, editable=False)
    # The destination the secret was typed for (`crypto.binding_fingerprint`): the secret is
    # sent only while its configuration's destination has this fingerprint.
    binding = models.CharField("empreinte de la destination liée", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "secret de connecteur"
        verbose_name_plural = "secrets de connecteurs"
        constraints = [models.UniqueConstraint(fields=["config", "name"], name="connectors_secret_unique_name")]

    def __str__(self) -> str:
        return f"Secret « {self.name} » de {self.config}"


class SyncRun(models.Model):
    """One synchronisation of a source: when, how it ended, what it changed.

    A failed run changed nothing (its writes are rolled back); its message says why in French.
    `high_water_mark` is the latest modification date read from the source by a successful
    run: the next incremental run starts there.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    config = models.ForeignKey(
        ConnectorConfig, verbose_name="connecteur", on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    status = models.CharField("état", max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    full = models.BooleanField(
        "complète", default=False, help_text="Relit toute la source et détecte les suppressions."
    )
    trigger = models.CharField("déclenchée par", max_length=20, choices=RunTrigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_count = models.PositiveIntegerField("créés", default=0)
    updated_count = models.PositiveIntegerField("modifiés", default=0)
    unchanged_count = models.PositiveIntegerField("inchangés", default=0)
    deleted_count = models.PositiveIntegerField("supprimés", default=0)
    # {"demandes": {"créés": …}, "équipements": {…}, "avertissements": ["…"]}
    details = models.JSONField("détail", default=dict, blank=True)
    error_message = models.TextField("erreur", blank=True)
    progress_current = models.PositiveIntegerField("lignes traitées", default=0)
    progress_total = models.PositiveIntegerField("lignes à traiter", default=0)
    high_water_mark = models.DateTimeField("dernière modification lue", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    permission_domain = "connectors"

    class Meta:
        verbose_name = "exécution de synchronisation"
        verbose_name_plural = "exécutions de synchronisation"
        ordering = ("-started_at", "-pk")
        indexes = [models.Index(fields=["config", "status", "-started_at"], name="connectors_run_config_status")]

    def __str__(self) -> str:
        # In the organisation's time, as the body of the page shows it (the column is UTC).
        return f"{self.config.get_kind_display()} — {timezone.localtime(self.started_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("connectors:syncrun_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, membership) -> bool:
        return self.organisation_id == membership.organisation_id

    @property
    def is_running(self) -> bool:
        return self.status == RunStatus.RUNNING

    @property
    def progress_percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_current / self.progress_total))

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None

    @property
    def count_sections(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The counts of `details`, section by section, in a fixed order (« créés, modifiés,
        inchangés… », then a source's own figures by name): PostgreSQL's jsonb does not keep
        the order in which the keys were written."""
        sections = []
        for label, counts in self.details.items():
            if isinstance(counts, dict):
                names = sorted(counts, key=lambda name: (COUNT_ORDER.get(name, len(COUNT_ORDER)), name.lower()))
                sections.append((label, [(name, counts[name]) for name in names]))
        return sections
