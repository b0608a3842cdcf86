"""Writes of the mutualisation app: adding and removing a member, journaled."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gouvernail.core.models import Organisation, User
from gouvernail.core.services import save_as
from gouvernail.mutualisation.models import MemberLink

__all__ = ("member_add", "member_remove")


@transaction.atomic
def member_add(*, operator: Organisation, member: Organisation, acting_user: User | None) -> MemberLink:
    """Makes `member` a member of `operator` (idempotent: an existing link is returned)."""
    if operator.pk == member.pk:
        raise ValidationError("Une organisation ne peut pas être membre d'elle-même.")
    if MemberLink.objects.filter(organisation=member, member=operator).exists():
        raise ValidationError(f"« {member} » regroupe déjà « {operator} » : elle ne peut pas en être membre.")
    existing = MemberLink.objects.filter(organisation=operator, member=member).first()
    if existing is not None:
        return existing
    link = MemberLink(organisation=operator, member=member)
    save_as(link, acting_user)
    return link


@transaction.atomic
def member_remove(*, operator: Organisation, member: Organisation, acting_user: User | None) -> bool:
    """Ends the membership; returns whether there was one. The member's own data is untouched."""
    link = MemberLink.objects.filter(organisation=operator, member=member).first()
    if link is None:
        return False
    if acting_user is not None:
        link._history_user = acting_user
    link.delete()
    return True
