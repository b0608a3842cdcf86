from django.core.management.base import BaseCommand, CommandError

from gouvernail.core.models import Organisation
from gouvernail.governance import register, signing, timestamping
from gouvernail.governance.choices import CheckpointReason
from gouvernail.governance.models import RegisterCheckpoint
from gouvernail.governance.services import checkpoint_issue, checkpoint_timestamp


class Command(BaseCommand):
    help = (
        "Crée la clé Ed25519 qui signe les points de contrôle du registre des décisions (hors de la base, "
        "dans GOUVERNAIL_REGISTER_KEY_DIR ou <GOUVERNAIL_DATA_DIR>/keys), puis signe l'état actuel du registre "
        "s'il ne l'est pas encore. Sans effet sur une clé existante."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="identifiant court de l'organisation (toutes par défaut)")

    def handle(self, *args, org=None, **options):
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"Organisation inconnue : {org}")
        for organisation in organisations:
            path, created = signing.create_key(organisation)
            verb = "créée" if created else "déjà présente"
            key_id = signing.key_id_of(signing.load_key(organisation))
            self.stdout.write(f"{organisation.slug} : clé {verb} ({path}), identifiant {key_id}")
            state = register.register_state(organisation)
            signed = RegisterCheckpoint.objects.filter(
                organisation=organisation, tree_size=state["tree_size"], root_hash=state["root_hash"]
            ).exists()
            if state["tree_size"] and not signed:
                checkpoint = checkpoint_issue(
                    organisation=organisation, reason=CheckpointReason.MANUAL, acting_user=None
                )
                self.stdout.write(f"{organisation.slug} : {checkpoint} signé.")
            if timestamping.tsa_url():
                self._timestamp_missing(organisation)

    def _timestamp_missing(self, organisation):
        """Retries the RFC 3161 timestamps the authority could not give when they were asked."""
        for checkpoint in RegisterCheckpoint.objects.filter(organisation=organisation, timestamp_token=""):
            try:
                checkpoint_timestamp(checkpoint=checkpoint, acting_user=None)
            except timestamping.TimestampError as error:
                self.stderr.write(f"{organisation.slug} : {checkpoint} non horodaté — {error}")
            else:
                self.stdout.write(f"{organisation.slug} : {checkpoint} horodaté.")
