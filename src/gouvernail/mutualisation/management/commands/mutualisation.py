"""`gouvernail mutualisation`: which organisations an operator groups (an instance matter).

gouvernail mutualisation --operator SLUG                 list its members
gouvernail mutualisation --operator SLUG --add A B …     make A, B… members
gouvernail mutualisation --operator SLUG --remove A      end a membership (the member's data stays)

Grouping is done by the instance's operator, not from a page: an organisation's administrator
must not be able to read another organisation's figures by adding it.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.mutualisation.models import MemberLink
from gouvernail.mutualisation.services import member_add, member_remove


def organisation(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"Aucune organisation d'identifiant « {slug} ».")
    return found


class Command(BaseCommand):
    help = "Rattache des organisations membres à un service mutualisé (syndicat, centre de gestion…), ou les liste."

    def add_arguments(self, parser):
        parser.add_argument("--operator", required=True, metavar="SLUG", help="l'organisation qui regroupe")
        parser.add_argument("--add", nargs="+", default=[], metavar="SLUG", help="organisations à rattacher")
        parser.add_argument("--remove", nargs="+", default=[], metavar="SLUG", help="organisations à détacher")

    def handle(self, *args, operator: str, add: list[str], remove: list[str], **options) -> None:
        grouping = organisation(operator)
        for slug in add:
            try:
                member_add(operator=grouping, member=organisation(slug), acting_user=None)
            except ValidationError as error:
                raise CommandError(f"{slug} : {' '.join(error.messages)}") from error
        for slug in remove:
            member_remove(operator=grouping, member=organisation(slug), acting_user=None)
        links = MemberLink.objects.filter(organisation=grouping).select_related("member")
        self.stdout.write(f"« {grouping} » regroupe {links.count()} membre(s) :")
        for link in links:
            self.stdout.write(f"  {link.member.slug}  {link.member.name}")
