import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gouvernail.core.models import Membership, Organisation, User
from gouvernail.core.services import membership_grant, organisation_create


class Command(BaseCommand):
    help = (
        "Crée un administrateur d'organisation et, si besoin, son organisation. "
        "Le mot de passe est demandé, ou lu dans GOUVERNAIL_ADMIN_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--org", dest="slug", required=True, help="identifiant court de l'organisation")
        parser.add_argument("--org-name", help="nom de l'organisation, si elle n'existe pas encore")

    def handle(self, *args, email, slug, org_name, **options):
        password = os.environ.get("GOUVERNAIL_ADMIN_PASSWORD") or getpass.getpass("Mot de passe : ")
        with transaction.atomic():
            user, created = User.objects.get_or_create(email=email.lower())
            # An administrator is an account with the Administrateur role in its organisation,
            # never a superuser: nothing in Gouvernail grants rights outside a membership.
            user.is_staff = user.is_superuser = False
            user.set_password(password)
            user.save()
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                if not org_name:
                    raise CommandError(f"L'organisation « {slug} » n'existe pas : indiquez son nom avec --org-name.")
                organisation = organisation_create(name=org_name, slug=slug, acting_user=user)
            if not Membership.objects.filter(organisation=organisation, user=user).exists():
                membership_grant(organisation=organisation, email=user.email, role="admin", acting_user=user)
            try:
                # Checked once the membership exists: the validators compare the password with
                # the organisation's name too. A refusal rolls everything back.
                validate_password(password, user=user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        verb = "créé" if created else "mis à jour"
        self.stdout.write(self.style.SUCCESS(f"Administrateur {user.email} {verb} pour « {organisation} »."))
