"""Requests to the IT service (tickets), as the indicators need them and no more.

A request keeps its dates, state, type, category, service, site and time spent; never the
requester's name nor the ticket's text. Rows come from a source (GestSup, GLPI, a file, the
demo) and are written by connectors, not edited by hand: they carry no change history, which
at hundreds of thousands of rows would double every sync for nothing.
"""

from django.db import models

from gouvernail.core.models import Organisation, OrganisationQuerySet, OrganisationScopedModel, Service, Site
from gouvernail.servicedesk.choices import RequestFamily, RequestSource, RequestStatus

__all__ = ("AssignmentGroup", "CategoryMapping", "Request")


class CategoryMapping(OrganisationScopedModel):
    """Which family a source category (optionally narrowed to a sub-category) counts in.

    Categories without a mapping fall back on `services.default_family`, a keyword rule.
    """

    category = models.CharField("catégorie", max_length=120)
    subcategory = models.CharField(
        "sous-catégorie", max_length=120, blank=True, help_text="Laissez vide pour toute la catégorie."
    )
    family = models.CharField("famille", max_length=20, choices=RequestFamily.choices)

    permission_domain = "activity"

    class Meta:
        verbose_name = "correspondance de catégorie"
        verbose_name_plural = "correspondances de catégories"
        ordering = ("category", "subcategory")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category", "subcategory"],
                name="servicedesk_mapping_unique",
                violation_error_message="Cette catégorie a déjà une correspondance dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        label = f"{self.category} / {self.subcategory}" if self.subcategory else self.category
        return f"{label} → {self.get_family_display()}"


class AssignmentGroup(OrganisationScopedModel):
    """Which vendor handles the requests a source assigns to a group (GestSup's technician
    group, GLPI's assigned group): the service desk's requests « assignées au prestataire »,
    from which the contract's time-to-take and time-to-resolve service levels are computed."""

    group = models.CharField(
        "groupe d'attribution", max_length=120, help_text="Nom du groupe tel qu'il figure dans GestSup ou GLPI."
    )
    vendor = models.ForeignKey(
        "vendors.Vendor", verbose_name="prestataire", on_delete=models.CASCADE, related_name="assignment_groups"
    )

    permission_domain = "activity"

    class Meta:
        verbose_name = "groupe d'attribution d'un prestataire"
        verbose_name_plural = "groupes d'attribution des prestataires"
        ordering = ("group",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group"],
                name="servicedesk_assignmentgroup_unique",
                violation_error_message="Ce groupe est déjà rattaché à un prestataire dans l'organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.vendor}"


class Request(models.Model):
    """One request to the IT service (demande ou incident), from one source."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    source = models.CharField("source", max_length=20, choices=RequestSource.choices)
    external_id = models.CharField("identifiant dans la source", max_length=64)
    opened_at = models.DateTimeField("ouverte le")
    resolved_at = models.DateTimeField("résolue le", null=True, blank=True)
    source_modified_at = models.DateTimeField("modifiée dans la source le", null=True, blank=True)
    status = models.CharField("état", max_length=20, choices=RequestStatus.choices)
    request_type = models.CharField("type", max_length=120, blank=True)
    category = models.CharField("catégorie", max_length=120, blank=True)
    subcategory = models.CharField("sous-catégorie", max_length=120, blank=True)
    # Stored rather than joined: every dashboard groups by it, and a mapping change rewrites it.
    family = models.CharField("famille", max_length=20, choices=RequestFamily.choices)
    service = models.ForeignKey(
        Service, verbose_name="service", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    site = models.ForeignKey(
        Site, verbose_name="site", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    time_spent_minutes = models.PositiveIntegerField("temps passé (minutes)", null=True, blank=True)
    # The group the source assigned the request to (a team, never a technician's name): mapped to
    # the vendor that handles it (`AssignmentGroup`), for the contract's service levels.
    assigned_group = models.CharField("groupe d'attribution", max_length=120, blank=True, default="", db_default="")
    taken_at = models.DateTimeField("prise en charge le", null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    permission_domain = "activity"

    class Meta:
        verbose_name = "demande SI"
        verbose_name_plural = "demandes SI"
        ordering = ("-opened_at",)
        indexes = [
            models.Index(fields=["organisation", "opened_at"], name="servicedesk_req_org_opened"),
            models.Index(fields=["organisation", "resolved_at"], name="servicedesk_req_org_resolved"),
            models.Index(fields=["organisation", "family", "opened_at"], name="servicedesk_req_org_family"),
            # The recurring-request filter reads the requests of each service, category and
            # sub-category in opening order (a window over this index, see filtersets.py).
            models.Index(
                fields=["organisation", "service", "category", "subcategory", "opened_at"],
                name="servicedesk_req_recurrence",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_id"], name="servicedesk_request_unique_source_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} n° {self.external_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("servicedesk:request_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, membership) -> bool:
        return self.organisation_id == membership.organisation_id
