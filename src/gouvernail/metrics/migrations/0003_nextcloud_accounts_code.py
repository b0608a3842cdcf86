from django.db import migrations

# The per-service Nextcloud figure counts accounts (active or not), no longer « users »: its
# stored measurements follow the indicator's new code, so its history stays on the dashboard.
OLD, NEW = "nextcloud_utilisateurs_service", "nextcloud_comptes_service"


def rename(apps, schema_editor, old=OLD, new=NEW):
    apps.get_model("metrics", "Measurement").objects.filter(code=old).update(code=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_measurement_data_from")]

    operations = [migrations.RunPython(rename, rename_back)]
