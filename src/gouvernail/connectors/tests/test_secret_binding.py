"""Issue 13, item 2: a stored secret goes only to the destination it was typed for.

Changing the address, host, port, database, tenant, application, account or trusted
certificate of a connector and leaving its secret empty is refused — for « tester la
connexion » and for « enregistrer » alike — and nothing is sent to the new destination.
Secret changes are journaled, never their value."""

import importlib

import pytest
from django.apps import apps as django_apps

from gouvernail.connectors.choices import ConnectorKind, RunStatus, RunTrigger
from gouvernail.connectors.crypto import BINDING_FIELDS, binding_fingerprint, decrypt
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret
from gouvernail.connectors.runner import RunRefused, _secrets, config_password_set, run_execute, run_start
from gouvernail.connectors.tests.fakes import glpi
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.gophish import FakeGophish
from gouvernail.connectors.tests.fakes.tls import write_self_signed
from gouvernail.connectors.tests.test_source_pages import SCHEDULE, diagnosis_of
from gouvernail.core.models import JournalEntry
from gouvernail.testing.factories.connectors import make_connector_config

pytestmark = pytest.mark.django_db

STALE = (
    "La destination du connecteur a changé (adresse, port, compte…) : saisissez de nouveau le champ « {label} ». "
    "Un secret enregistré n'est jamais envoyé ailleurs que là où il a été saisi."
)


def gophish_data(url: str, **overrides) -> dict:
    return {"url": url, "password": SECRET, **SCHEDULE, "action": "save", **overrides}


@pytest.fixture
def gophish(httpserver):
    return FakeGophish(httpserver, {4: []}).install()


@pytest.fixture
def saved_gophish(org, editor, gophish) -> ConnectorConfig:
    assert editor.post("/collecte/gophish/", gophish_data(gophish.url)).status_code == 302
    return ConnectorConfig.objects.get(organisation=org, kind=ConnectorKind.GOPHISH)


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_testing_a_new_address_with_the_key_left_empty_is_refused_and_sends_nothing_there(
    org, editor, saved_gophish, silent_server
):
    response = editor.post("/collecte/gophish/", gophish_data(silent_server.url, password="", action="test"))

    assert errors_of(response)["password"] == [STALE.format(label="clé d'API")]
    assert response.context["diagnosis"] is None
    assert silent_server.accepted == []


def test_saving_a_new_address_with_the_key_left_empty_is_refused_and_changes_nothing(org, editor, saved_gophish):
    before = ConnectorSecret.objects.get(config=saved_gophish).value_encrypted

    response = editor.post("/collecte/gophish/", gophish_data("https://ailleurs.example", password=""))

    assert response.status_code == 200
    assert errors_of(response)["password"] == [STALE.format(label="clé d'API")]
    saved_gophish.refresh_from_db()
    assert saved_gophish.url != "https://ailleurs.example"
    assert ConnectorSecret.objects.get(config=saved_gophish).value_encrypted == before


def test_testing_the_saved_address_with_the_key_left_empty_still_uses_the_stored_key(
    org, editor, saved_gophish, gophish
):
    response = editor.post("/collecte/gophish/", gophish_data(gophish.url, password="", action="test"))

    assert diagnosis_of(response) == "success: Connexion réussie : la clé d'API est acceptée (1 campagne)."


def test_typing_the_key_again_with_the_new_address_saves_both_bound_to_it(org, editor, saved_gophish):
    response = editor.post("/collecte/gophish/", gophish_data("https://ailleurs.example", password="nouvelle-cle"))

    assert response.status_code == 302
    saved_gophish.refresh_from_db()
    secret = ConnectorSecret.objects.get(config=saved_gophish)
    assert decrypt(secret.value_encrypted) == "nouvelle-cle"
    assert secret.binding == saved_gophish.destination_fingerprint()


# (source, its saved fields, the field changed, the new value)
DESTINATION_CHANGES = [
    (
        ConnectorKind.GESTSUP,
        {"host": "gestsup.example", "database": "gestsup", "user": "lecture"},
        "host",
        "autre.example",
    ),
    (ConnectorKind.GESTSUP, {"host": "gestsup.example", "database": "gestsup", "user": "lecture"}, "port", 3307),
    (ConnectorKind.GESTSUP, {"host": "gestsup.example", "database": "gestsup", "user": "lecture"}, "database", "autre"),
    (ConnectorKind.GESTSUP, {"host": "gestsup.example", "database": "gestsup", "user": "lecture"}, "user", "root"),
    (ConnectorKind.NEXTCLOUD, {"url": "https://cloud.example", "user": "admin"}, "url", "https://x.example"),
    (ConnectorKind.NEXTCLOUD, {"url": "https://cloud.example", "user": "admin"}, "user", "autre-admin"),
    (ConnectorKind.GLPI, {"url": "https://glpi.example/apirest.php"}, "url", "https://x.example/apirest.php"),
    (ConnectorKind.GRAPH, {"tenant_id": "t1.example", "client_id": "c1"}, "tenant_id", "t2.example"),
    (ConnectorKind.GRAPH, {"tenant_id": "t1.example", "client_id": "c1"}, "client_id", "c2"),
    (ConnectorKind.DEFENDER, {"tenant_id": "t1.example", "client_id": "c1"}, "url", "https://x.example"),
]


@pytest.mark.parametrize(("kind", "saved", "field", "value"), DESTINATION_CHANGES, ids=lambda v: str(v))
@pytest.mark.parametrize("action", ["test", "save"])
def test_each_destination_field_binds_the_stored_secret_for_the_test_and_the_save(
    org, editor, kind, saved, field, value, action
):
    config = make_connector_config(org, kind=kind, **({"user": ""} | saved))
    config_password_set(config=config, password=SECRET)
    data = {
        "port": 3306,
        "timezone": "Europe/Paris",
        "full_every": 24,
        **SCHEDULE,
        **{name: getattr(config, name) for name in BINDING_FIELDS},
        field: value,
        "action": action,
    }

    response = editor.post(f"/collecte/{kind}/", data)

    assert response.status_code == 200
    assert "password" in errors_of(response)
    assert errors_of(response)["password"][0].startswith("La destination du connecteur a changé")


def test_a_new_trusted_certificate_also_asks_for_the_key_again(org, editor, saved_gophish, gophish, tmp_path):
    cert, _key = write_self_signed(tmp_path)

    response = editor.post(
        "/collecte/gophish/", gophish_data(gophish.url, password="", ca_certificate=cert.read_text())
    )

    assert errors_of(response)["password"] == [STALE.format(label="clé d'API")]


def test_a_sync_never_sends_a_secret_whose_destination_changed_outside_the_page(org, silent_server):
    config = make_connector_config(org, kind=ConnectorKind.GOPHISH, url="https://gophish.example")
    config_password_set(config=config, password=SECRET)
    # A shell, a restored backup…: the settings change without the page.
    ConnectorConfig.objects.filter(pk=config.pk).update(settings={**config.settings, "url": silent_server.url})
    config.refresh_from_db()

    run = run_execute(run_start(config=config, trigger=RunTrigger.USER))

    assert (run.status, run.error_message) == (RunStatus.FAILED, STALE.format(label="clé d'API"))
    assert silent_server.accepted == []


def test_the_journal_says_a_secret_changed_but_never_its_value(org, editor, saved_gophish):
    editor.post("/collecte/gophish/", gophish_data(saved_gophish.url, password="cle-suivante"))

    entries = JournalEntry.objects.filter(organisation=org, changes__has_key="Secret « clé d'API »").order_by("pk")
    assert [entry.changes["Secret « clé d'API »"] for entry in entries] == [
        [None, "nouvelle valeur (non journalisée)"],
        ["valeur enregistrée", "nouvelle valeur (non journalisée)"],
    ]
    assert entries[1].user_label.startswith("referent")
    stored = ConnectorSecret.objects.get(config=saved_gophish).value_encrypted
    for entry in JournalEntry.objects.filter(organisation=org):
        text = str(entry.changes) + entry.reason
        assert SECRET not in text and "cle-suivante" not in text and stored not in text


def test_an_optional_app_token_of_the_old_address_is_erased_on_save_and_the_erasure_journaled(org, editor):
    editor.post(
        "/collecte/glpi/",
        {
            "url": "https://glpi.example/apirest.php",
            "password": glpi.USER_TOKEN,
            "app_token": glpi.APP_TOKEN,
            **SCHEDULE,
        },
    )

    response = editor.post(
        "/collecte/glpi/", {"url": "https://parc.example/apirest.php", "password": "jeton-neuf", **SCHEDULE}
    )

    assert response.status_code == 302
    assert list(ConnectorSecret.objects.values_list("name", flat=True)) == ["password"]
    key = "Secret « jeton de l'application (App-Token) »"
    entries = JournalEntry.objects.filter(changes__has_key=key).order_by("pk")
    assert [entry.changes[key] for entry in entries] == [
        [None, "nouvelle valeur (non journalisée)"],
        ["valeur enregistrée", None],
    ]
    page = editor.get("/collecte/glpi/").content.decode()
    assert "il a été effacé" in page.replace("&#x27;", "'")


def test_an_optional_app_token_of_the_old_address_is_not_sent_by_a_test(org):
    config = make_connector_config(org, kind=ConnectorKind.GLPI, url="https://glpi.example/apirest.php")
    config_password_set(config=config, password=glpi.USER_TOKEN)
    config_password_set(config=config, name="app_token", password=glpi.APP_TOKEN)
    config.url = "https://parc.example/apirest.php"  # typed, not saved

    assert _secrets(config, {"password": "jeton-neuf"}) == {"password": "jeton-neuf"}


def test_a_secret_stored_before_bindings_is_bound_to_the_destination_it_was_used_with(org, editor, saved_gophish):
    ConnectorSecret.objects.filter(config=saved_gophish).update(binding="")

    kept = editor.post("/collecte/gophish/", gophish_data(saved_gophish.url, password="", interval_minutes=30))
    ConnectorSecret.objects.filter(config=saved_gophish).update(binding="")
    moved = editor.post("/collecte/gophish/", gophish_data("https://ailleurs.example", password=""))

    assert kept.status_code == 302
    assert errors_of(moved)["password"] == [STALE.format(label="clé d'API")]
    with pytest.raises(RunRefused):
        saved_gophish.url = "https://ailleurs.example"
        _secrets(saved_gophish)


def test_the_migration_binds_existing_secrets_to_their_current_destination(org):
    config = make_connector_config(org, kind=ConnectorKind.GOPHISH, url="https://gophish.example")
    config_password_set(config=config, password=SECRET)
    ConnectorSecret.objects.update(binding="")
    migration = importlib.import_module("gouvernail.connectors.migrations.0004_secret_binding")

    migration.bind_existing_secrets(django_apps, None)

    expected = binding_fingerprint(ConnectorKind.GOPHISH, {name: getattr(config, name) for name in BINDING_FIELDS})
    assert ConnectorSecret.objects.get().binding == expected == config.destination_fingerprint()
