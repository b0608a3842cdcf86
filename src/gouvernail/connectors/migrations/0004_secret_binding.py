"""Secrets bound to their destination (issue 13).

Each stored secret gets the fingerprint of where it may go. A secret stored before this
migration is bound to its configuration's destination as it stands now: the address it has
been used with. From then on, changing the address, port, account, tenant, database or CA
certificate asks for the secret again.
"""

from django.db import migrations, models

from gouvernail.connectors.crypto import BINDING_FIELDS, binding_fingerprint


def bind_existing_secrets(apps, schema_editor):
    ConnectorSecret = apps.get_model("connectors", "ConnectorSecret")
    for secret in ConnectorSecret.objects.filter(binding="").select_related("config"):
        config = secret.config
        secret.binding = binding_fingerprint(config.kind, {name: getattr(config, name) for name in BINDING_FIELDS})
        secret.save(update_fields=["binding"])


class Migration(migrations.Migration):
    dependencies = [
        ("connectors", "0003_sources"),
    ]

    operations = [
        migrations.AddField(
            model_name="connectorsecret",
            name="binding",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="empreinte de la destination liée"
            ),
        ),
        # Unbinding on the way back is nothing to undo: the column goes.
        migrations.RunPython(bind_existing_secrets, migrations.RunPython.noop),
    ]
