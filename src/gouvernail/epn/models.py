"""Sessions of the espace public numérique (cybercentre), without who the visitors are.

Each session keeps its date, duration, workshop and site, and a visitor key: a keyed hash
(HMAC-SHA-256) of the identifier the EPN software gives, under a secret salt of the
organisation. The key lets the board count distinct visitors per month; the identifier
itself is never stored and cannot be read back from the key without the salt.
"""

import hashlib
import hmac
import secrets

from django.db import models
from django.urls import reverse

from gouvernail.core.models import Organisation, OrganisationQuerySet, Site
from gouvernail.epn.choices import SessionSource

__all__ = ("EpnSession", "VisitorKeySalt", "visitor_key")


class VisitorKeySalt(models.Model):
    """The organisation's secret for visitor keys, drawn once: the same visitor keeps the same
    key from one import to the next, so distinct-visitor counts hold across months."""

    organisation = models.OneToOneField(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    salt = models.CharField("sel", max_length=64, editable=False)

    class Meta:
        verbose_name = "sel des clés d'usager EPN"
        verbose_name_plural = "sels des clés d'usager EPN"

    def __str__(self) -> str:
        return f"Sel EPN — {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> str:
        salt, _ = cls.objects.get_or_create(organisation=organisation, defaults={"salt": secrets.token_hex(32)})
        return salt.salt


def visitor_key(salt: str, identifier: str) -> str:
    """The pseudonymous key of a visitor identifier (case and surrounding spaces ignored)."""
    normalised = " ".join(identifier.split()).casefold()
    return hmac.new(salt.encode(), normalised.encode(), hashlib.sha256).hexdigest()


class EpnSession(models.Model):
    """One visit to the EPN: free access (no workshop) or a workshop (atelier)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+", editable=False
    )
    held_on = models.DateField("date")
    start_time = models.TimeField("heure", null=True, blank=True)
    duration_minutes = models.PositiveIntegerField("durée (minutes)")
    visitor_key = models.CharField("usager (clé pseudonyme)", max_length=64)
    workshop = models.CharField("atelier", max_length=200, blank=True, help_text="Vide pour un accès libre.")
    site = models.ForeignKey(
        Site, verbose_name="site", null=True, blank=True, on_delete=models.SET_NULL, related_name="epn_sessions"
    )
    source = models.CharField("source", max_length=20, choices=SessionSource.choices, default=SessionSource.IMPORT)

    objects = OrganisationQuerySet.as_manager()
    permission_domain = "activity"

    class Meta:
        verbose_name = "séance EPN"
        verbose_name_plural = "séances EPN"
        ordering = ("-held_on", "-start_time", "-pk")
        indexes = [models.Index(fields=["organisation", "held_on"], name="epn_session_org_date")]

    def __str__(self) -> str:
        what = f"atelier « {self.workshop} »" if self.workshop else "accès libre"
        return f"Séance du {self.held_on:%d/%m/%Y} — {what}"

    def get_absolute_url(self) -> str:
        return reverse("epn:epnsession_detail", kwargs={"pk": self.pk})

    def is_visible_to(self, membership) -> bool:
        return self.organisation_id == membership.organisation_id

    @property
    def visitor_short(self) -> str:
        """The first characters of the key: enough to tell two visitors apart in a list."""
        return self.visitor_key[:10]
