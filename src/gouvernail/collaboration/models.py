"""Nextcloud usage over time and the shared spaces it holds, for the « usages & gouvernance » board.

Snapshots are written by the Nextcloud connector (serverinfo + provisioning API) or the demo;
they keep counts and volumes per service, never a user's name or login. Shared spaces carry
what Nextcloud cannot say — the service or project a space serves and the person responsible
for it — so they are edited here, and journaled.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from gouvernail.collaboration.choices import SpaceKind, UsageSource
from gouvernail.core.models import Organisation, OrganisationQuerySet, OrganisationScopedModel, Person, Service
from gouvernail.core.privacy import TOO_SMALL, suppress

__all__ = ("BYTES_PER_GB", "NextcloudServiceUsage", "NextcloudSnapshot", "SharedSpace", "hidden_usage_ids")

# Volumes are shown in Go as Nextcloud's own interface counts them: 1 Go = 1024³ octets.
BYTES_PER_GB = 1024**3


class ConnectorRow(models.Model):
    """A row written by a source and never edited: no change history (it would double each sync)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )

    objects = OrganisationQuerySet.as_manager()
    permission_domain = "activity"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, membership) -> bool:
        return self.organisation_id == membership.organisation_id


class NextcloudSnapshot(ConnectorRow):
    """The instance's usage on one day. *Utilisateur actif*: logged in during the last 30 days."""

    taken_on = models.DateField("relevé du")
    source = models.CharField("source", max_length=20, choices=UsageSource.choices)
    active_users = models.PositiveIntegerField("utilisateurs actifs (30 jours)")
    total_users = models.PositiveIntegerField("comptes utilisateurs")
    total_bytes = models.PositiveBigIntegerField("volume utilisé (octets)")
    shares_count = models.PositiveIntegerField("partages", null=True, blank=True)

    class Meta:
        verbose_name = "relevé Nextcloud"
        verbose_name_plural = "relevés Nextcloud"
        ordering = ("-taken_on",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "taken_on"],
                name="collaboration_snapshot_unique_day",
                violation_error_message="Un relevé existe déjà pour ce jour.",
            )
        ]

    def __str__(self) -> str:
        return f"Relevé Nextcloud du {self.taken_on:%d/%m/%Y}"

    @property
    def total_gb(self) -> float:
        return self.total_bytes / BYTES_PER_GB


class NextcloudServiceUsage(ConnectorRow):
    """One service's share of a snapshot (the connector maps Nextcloud groups to services).

    A null service gathers the accounts in no mapped group.
    """

    snapshot = models.ForeignKey(
        NextcloudSnapshot, verbose_name="relevé", on_delete=models.CASCADE, related_name="service_usages"
    )
    service = models.ForeignKey(
        Service,
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nextcloud_usages",
    )
    users = models.PositiveIntegerField("comptes utilisateurs")
    active_users = models.PositiveIntegerField("utilisateurs actifs (30 jours)")
    used_bytes = models.PositiveBigIntegerField("volume utilisé (octets)")

    class Meta:
        verbose_name = "usage Nextcloud d'un service"
        verbose_name_plural = "usages Nextcloud par service"
        ordering = ("snapshot", "service__name")
        indexes = [models.Index(fields=["organisation", "snapshot"], name="collab_usage_org_snapshot")]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "service"], name="collaboration_usage_unique_service")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} — {self.service or 'Sans service'}"

    @cached_property
    def is_hidden(self) -> bool:
        """Too few accounts, or hidden with such a service of the same snapshot (core.privacy)."""
        return self.pk in hidden_usage_ids([self])

    @property
    def active_users_shown(self):
        """Nothing for a service hidden by the small-group rule."""
        return TOO_SMALL if self.is_hidden else self.active_users


class SharedSpaceQuerySet(OrganisationQuerySet):
    def current(self) -> "SharedSpaceQuerySet":
        """Spaces still present in Nextcloud (or declared by hand)."""
        return self.filter(is_active=True)

    def without_responsible(self) -> "SharedSpaceQuerySet":
        return self.filter(responsible__isnull=True)


class SharedSpace(OrganisationScopedModel):
    """A group folder, team folder or shared folder, and who answers for it.

    Nextcloud has no owner for a group folder (only ACL managers), so the responsible person
    is recorded here; a space without one is flagged « sans responsable identifié ».
    """

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=SpaceKind.choices, default=SpaceKind.GROUP_FOLDER)
    service = models.ForeignKey(
        Service, verbose_name="service", null=True, blank=True, on_delete=models.SET_NULL, related_name="shared_spaces"
    )
    project = models.ForeignKey(
        "steering.Project",
        verbose_name="projet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_spaces",
    )
    responsible = models.ForeignKey(
        Person,
        verbose_name="responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_spaces",
    )
    size_bytes = models.PositiveBigIntegerField("volume (octets)", default=0)
    quota_bytes = models.PositiveBigIntegerField(
        "quota (octets)", null=True, blank=True, help_text="Laissez vide pour un espace sans quota."
    )
    source = models.CharField("source", max_length=20, choices=UsageSource.choices, default=UsageSource.MANUAL)
    external_id = models.CharField(
        "identifiant dans la source", max_length=64, blank=True, help_text="Numéro du dossier de groupe."
    )
    last_seen_on = models.DateField("vu dans le relevé du", null=True, blank=True)
    is_active = models.BooleanField("toujours présent", default=True)

    objects = SharedSpaceQuerySet.as_manager()
    permission_domain = "activity"

    class Meta:
        verbose_name = "espace partagé"
        verbose_name_plural = "espaces partagés"
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "is_active"], name="collab_space_org_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"],
                condition=~Q(external_id=""),
                name="collaboration_space_unique_source_id",
                violation_error_message="Un espace de cette source porte déjà cet identifiant.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_label(self) -> str:
        return str(self.responsible) if self.responsible_id else "Sans responsable identifié"

    @property
    def size_gb(self) -> float:
        return self.size_bytes / BYTES_PER_GB


def hidden_usage_ids(usages) -> set[int]:
    """The ids of the per-service usages (of any snapshots) shown « effectif insuffisant »: the
    rule is applied to all the services of each snapshot together, whatever subset is listed,
    since the snapshot's totals are shown beside them."""
    snapshots = {usage.snapshot_id for usage in usages}
    by_snapshot: dict[int, list[tuple[int, int]]] = {}
    peers = NextcloudServiceUsage.objects.filter(snapshot__in=snapshots).values_list("snapshot_id", "pk", "users")
    for snapshot_id, pk, users in peers.order_by("snapshot_id", "pk"):
        by_snapshot.setdefault(snapshot_id, []).append((pk, users))
    hidden = set()
    for members in by_snapshot.values():
        suppression = suppress([users for _, users in members])
        hidden |= {pk for index, (pk, _) in enumerate(members) if suppression.is_hidden(index)}
    return hidden
