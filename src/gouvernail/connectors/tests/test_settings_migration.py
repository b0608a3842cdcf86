"""Migration 0006: the per-source columns become the JSON `settings`, values and secret
bindings intact (a secret stored before it is still sent after it)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gouvernail.connectors.crypto import BINDING_FIELDS, binding_fingerprint

BEFORE = [("connectors", "0004_secret_binding")]
AFTER = [("connectors", "0006_source_settings")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_columns_are_carried_into_the_settings_and_the_bindings_still_match(org):
    old = migrate(BEFORE)
    Config = old.get_model("connectors", "ConnectorConfig")
    Secret = old.get_model("connectors", "ConnectorSecret")
    gestsup = Config.objects.create(
        organisation_id=org.pk, kind="gestsup", host="GestSup.Interne.", port=3307, database="gs", user="lecture"
    )
    nextcloud = Config.objects.create(
        organisation_id=org.pk, kind="nextcloud", url="https://cloud.example/", user="admin", group_services={"A": 1}
    )
    bindings = {}
    for config in (gestsup, nextcloud):
        bindings[config.pk] = binding_fingerprint(config.kind, {n: getattr(config, n) for n in BINDING_FIELDS})
        Secret.objects.create(config_id=config.pk, name="password", value_encrypted="x", binding=bindings[config.pk])

    new = migrate(AFTER)
    from gouvernail.connectors.models import ConnectorConfig

    migrated = {config.kind: config for config in ConnectorConfig.objects.filter(organisation=org)}
    assert migrated["gestsup"].settings == {
        "host": "GestSup.Interne.",
        "port": 3307,
        "database": "gs",
        "user": "lecture",
    }
    assert migrated["nextcloud"].settings == {
        "url": "https://cloud.example/",
        "user": "admin",
        "group_services": {"A": 1},
    }
    for config in migrated.values():
        assert config.destination_fingerprint() == bindings[config.pk]
    assert new.get_model("connectors", "ConnectorConfig")._meta.get_field("settings")
