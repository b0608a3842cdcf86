"""The members of an operator organisation (syndicat, centre de gestion, service mutualisé)."""

from django.db import models

from gouvernail.core.models import Organisation, OrganisationScopedModel

__all__ = ("MemberLink",)


class MemberLink(OrganisationScopedModel):
    """One member organisation of the operator this row belongs to (`organisation`).

    The link gives the operator's users the member's figures on the consolidated page, never
    its rows: opening a member's pages still takes a membership in that member.
    """

    member = models.ForeignKey(
        Organisation, verbose_name="membre", on_delete=models.CASCADE, related_name="operator_links"
    )

    # Who groups whom is an administration matter of the operator.
    permission_domain = "administration"

    class Meta:
        verbose_name = "membre du service mutualisé"
        verbose_name_plural = "membres du service mutualisé"
        ordering = ("member__name",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "member"],
                name="mutualisation_memberlink_unique",
                violation_error_message="Cette organisation est déjà membre du service mutualisé.",
            ),
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("member")),
                name="mutualisation_memberlink_not_itself",
                violation_error_message="Une organisation ne peut pas être membre d'elle-même.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} (membre de {self.organisation})"
