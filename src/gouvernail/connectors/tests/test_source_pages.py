"""The connectors' overview (`/collecte/`) and the settings page of each HTTP source:
its fields, its write-only secrets, « tester la connexion » and « synchroniser maintenant »
against the loopback fakes."""

import datetime as dt
import html
import re

import pytest
from django.utils.html import strip_tags

from gouvernail.connectors.choices import ConnectorKind, RunStatus
from gouvernail.connectors.crypto import decrypt
from gouvernail.connectors.models import ConnectorConfig, ConnectorSecret, SyncRun
from gouvernail.connectors.runner import config_password_set
from gouvernail.connectors.tests.fakes import glpi
from gouvernail.connectors.tests.fakes.common import SECRET
from gouvernail.connectors.tests.fakes.glpi import FakeGlpi
from gouvernail.connectors.tests.fakes.gophish import FakeGophish
from gouvernail.connectors.tests.fakes.nextcloud import GIB, USERNAME, FakeNextcloud, account
from gouvernail.connectors.tests.fakes.tls import https_server, write_self_signed
from gouvernail.connectors.tests.test_views import closed_port
from gouvernail.core.choices import Role
from gouvernail.testing.factories.connectors import make_connector_config, make_sync_run

pytestmark = pytest.mark.django_db

SCHEDULE = {"interval_minutes": 60, "enabled": "on"}


def row_of(page: str, label: str) -> str:
    """The text of the overview's row for one source, tags stripped and spaces squeezed."""
    row = next(chunk for chunk in page.split("<tr>") if f'<th scope="row">{label}</th>' in chunk)
    return " ".join(strip_tags(row.split("</tr>")[0].replace("<", " <")).split())


#
# Overview
#


@pytest.fixture
def overview(org):
    """One source in each state: GestSup and Defender not configured, GLPI never run,
    Nextcloud operational, GoPhish failed last, Entra ID suspended."""
    at = dt.datetime(2026, 3, 2, 7, 15, tzinfo=dt.UTC)
    make_connector_config(org, kind=ConnectorKind.GLPI, url="https://glpi.example/apirest.php")
    nextcloud = make_connector_config(org, kind=ConnectorKind.NEXTCLOUD, url="https://cloud.example")
    make_sync_run(nextcloud, started_at=at, finished_at=at)
    gophish = make_connector_config(org, kind=ConnectorKind.GOPHISH, url="https://gophish.example")
    make_sync_run(gophish, started_at=at, finished_at=at)
    make_sync_run(
        gophish,
        status=RunStatus.FAILED,
        started_at=at + dt.timedelta(hours=1),
        finished_at=at + dt.timedelta(hours=1),
        error_message="GoPhish : les identifiants ont été refusés (/api/campaigns/summary) (HTTP 401).",
    )
    entra = make_connector_config(org, kind=ConnectorKind.GRAPH, tenant_id="t", client_id="c", enabled=False)
    make_sync_run(entra, started_at=at, finished_at=at)


def test_the_overview_lists_the_six_sources_with_their_state(org, editor, overview):
    page = editor.get("/collecte/").content.decode()

    assert row_of(page, "GestSup").startswith(
        "GestSup Demandes du service SI et parc (tickets, équipements) Non configuré"
    )
    assert "Jamais synchronisé —" in row_of(page, "GLPI")
    assert "Opérationnel 02/03/2026 à 08:15" in row_of(page, "Nextcloud")
    assert (
        "Dernière synchronisation en échec GoPhish : les identifiants ont été refusés (/api/campaigns/summary) "
        "(HTTP 401). 02/03/2026 à 08:15" in row_of(page, "GoPhish")
    )
    assert "Planification suspendue" in row_of(page, "Microsoft Entra ID / Intune")
    assert "Non configuré" in row_of(page, "Microsoft Defender for Endpoint")
    assert page.count('<th scope="row">') == 6


def test_the_referent_gets_a_configure_link_for_each_source(org, editor, overview):
    page = editor.get("/collecte/").content.decode()

    for kind in ConnectorKind.values:
        assert f'href="/collecte/{kind}/"' in page
    assert "Configurer" in row_of(page, "GestSup") and "Paramètres" in row_of(page, "Nextcloud")


def test_an_auditor_reads_the_overview_without_any_configure_link(org, client_for, overview):
    response = client_for(Role.AUDITEUR).get("/collecte/")

    page = response.content.decode()
    assert response.status_code == 200
    assert not re.search(r'href="/collecte/(gestsup|glpi|nextcloud|gophish|entra|defender)/"', page)
    # The menu may name other settings pages (« Paramètres financiers »): the sources' buttons here.
    assert not re.search(r">(Configurer|Paramètres)<span", page)
    assert 'href="/collecte/antivirus/import/"' not in page
    assert "Dernière exécution" in row_of(page, "Nextcloud")


# Session, user, membership, navigation; then the configurations with their last runs
# (subqueries) and those runs in one query.
QUERIES_OVERVIEW = 6


@pytest.mark.parametrize("runs_per_source", [1, 25])
def test_the_overview_costs_the_same_queries_whatever_the_number_of_runs(
    org, editor, django_assert_num_queries, runs_per_source
):
    for kind in ConnectorKind.values:
        config = make_connector_config(org, kind=kind)
        for hour in range(runs_per_source):
            status = RunStatus.FAILED if hour % 3 else RunStatus.SUCCEEDED
            make_sync_run(config, status=status, started_at=dt.datetime(2026, 3, 2, hour % 24, tzinfo=dt.UTC))

    with django_assert_num_queries(QUERIES_OVERVIEW):
        response = editor.get("/collecte/")

    assert response.status_code == 200


#
# Settings page of each source
#

FIELDS = {
    ConnectorKind.GESTSUP: [
        ("host", "Serveur"),
        ("port", "Port"),
        ("database", "Base de données"),
        ("user", "Utilisateur"),
        ("password", "Mot de passe"),
        ("timezone", "Fuseau horaire de la source"),
        ("table_prefix", "Préfixe des tables"),
        ("service_mapping", "Services GestSup rattachés aux services"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("full_every", "Rapprochement complet toutes les … synchronisations"),
        ("enabled", "Planification active"),
    ],
    ConnectorKind.GLPI: [
        ("url", "Adresse du service"),
        ("password", "Jeton d'API de l'utilisateur"),
        ("app_token", "Jeton de l'application (App-Token)"),
        ("ca_certificate", "Certificat de l'autorité (PEM)"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("enabled", "Planification active"),
    ],
    ConnectorKind.NEXTCLOUD: [
        ("url", "Adresse du service"),
        ("user", "Compte administrateur"),
        ("password", "Mot de passe d'application"),
        ("ca_certificate", "Certificat de l'autorité (PEM)"),
        ("group_mapping", "Groupes rattachés aux services"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("enabled", "Planification active"),
    ],
    ConnectorKind.GOPHISH: [
        ("url", "Adresse du service"),
        ("password", "Clé d'API"),
        ("ca_certificate", "Certificat de l'autorité (PEM)"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("enabled", "Planification active"),
    ],
    ConnectorKind.GRAPH: [
        ("tenant_id", "Identifiant du tenant (Directory ID)"),
        ("client_id", "Identifiant de l'application (Client ID)"),
        ("password", "Secret client"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("enabled", "Planification active"),
    ],
    ConnectorKind.DEFENDER: [
        ("url", "Adresse du service"),
        ("tenant_id", "Identifiant du tenant (Directory ID)"),
        ("client_id", "Identifiant de l'application (Client ID)"),
        ("password", "Secret client"),
        ("interval_minutes", "Intervalle entre deux synchronisations (minutes)"),
        ("enabled", "Planification active"),
    ],
}
REQUIRED = {
    ConnectorKind.GESTSUP: {"host", "database", "user", "password"},
    ConnectorKind.GLPI: {"url", "password"},
    ConnectorKind.NEXTCLOUD: {"url", "user", "password"},
    ConnectorKind.GOPHISH: {"url", "password"},
    ConnectorKind.GRAPH: {"tenant_id", "client_id", "password"},
    ConnectorKind.DEFENDER: {"tenant_id", "client_id", "password"},
}


@pytest.mark.parametrize("kind", ConnectorKind.values)
def test_each_source_shows_exactly_its_fields_with_french_labels(editor, kind):
    response = editor.get(f"/collecte/{kind}/")

    page = response.content.decode()
    form = response.context["form"]
    assert [(field.name, field.label) for field in form.visible_fields()] == FIELDS[kind]
    for name, label in FIELDS[kind]:
        assert f'<label class="form-label" for="id_{name}">{label}</label>' in page.replace("&#x27;", "'") or (
            f'<label class="form-check-label" for="id_{name}">{label}</label>' in page
        )


@pytest.mark.parametrize("kind", ConnectorKind.values)
def test_an_empty_form_is_refused_on_each_required_field_in_french(org, editor, kind):
    data = {"port": 3306, "timezone": "Europe/Paris", "interval_minutes": 60, "full_every": 24, "action": "save"}

    response = editor.post(f"/collecte/{kind}/", data)

    errors = response.context["form"].errors
    assert set(errors) == REQUIRED[kind]
    for name in REQUIRED[kind] - {"password", "app_token"}:
        assert errors[name] == ["Ce champ est obligatoire."]
    assert (
        errors["password"][0].startswith("Le champ « ")
        and "obligatoire pour la première configuration" in (errors["password"][0])
    )
    assert not ConnectorConfig.objects.exists()


def glpi_data(**overrides) -> dict:
    return {"url": "https://glpi.example/apirest.php", **SCHEDULE, "action": "save", **overrides}


def test_glpi_keeps_its_two_tokens_as_two_encrypted_secrets_never_shown_back(org, editor):
    editor.post("/collecte/glpi/", glpi_data(password=glpi.USER_TOKEN, app_token=glpi.APP_TOKEN))

    config = ConnectorConfig.objects.get(organisation=org, kind=ConnectorKind.GLPI)
    stored = dict(ConnectorSecret.objects.filter(config=config).values_list("name", "value_encrypted"))
    assert set(stored) == {"password", "app_token"}
    assert SECRET not in "".join(stored.values())
    assert (decrypt(stored["password"]), decrypt(stored["app_token"])) == (glpi.USER_TOKEN, glpi.APP_TOKEN)
    page = editor.get("/collecte/glpi/").content.decode()
    assert SECRET not in page
    assert page.count("Laissez vide pour conserver la valeur enregistrée.") == 2


def test_empty_secrets_keep_the_stored_ones_while_the_address_is_unchanged(org, editor):
    editor.post("/collecte/glpi/", glpi_data(password=glpi.USER_TOKEN, app_token=glpi.APP_TOKEN))
    config = ConnectorConfig.objects.get(organisation=org)
    before = dict(ConnectorSecret.objects.filter(config=config).values_list("name", "value_encrypted"))

    # The same address, spelled with a capital and a trailing slash, and another schedule.
    response = editor.post("/collecte/glpi/", glpi_data(url="https://GLPI.example/apirest.php/", interval_minutes=30))

    assert response.status_code == 302
    config.refresh_from_db()
    assert config.interval_minutes == 30
    assert dict(ConnectorSecret.objects.filter(config=config).values_list("name", "value_encrypted")) == before


def test_a_new_app_token_replaces_only_that_secret(org, editor):
    editor.post("/collecte/glpi/", glpi_data(password=glpi.USER_TOKEN, app_token=glpi.APP_TOKEN))

    editor.post("/collecte/glpi/", glpi_data(app_token="nouveau-jeton"))

    stored = dict(ConnectorSecret.objects.values_list("name", "value_encrypted"))
    assert (decrypt(stored["password"]), decrypt(stored["app_token"])) == (glpi.USER_TOKEN, "nouveau-jeton")


def test_glpi_is_configured_without_an_app_token_when_its_api_client_has_none(org, editor):
    response = editor.post("/collecte/glpi/", glpi_data(password=glpi.USER_TOKEN))

    assert response.status_code == 302
    assert list(ConnectorSecret.objects.values_list("name", flat=True)) == ["password"]


def test_a_glpi_without_app_token_is_asked_without_one(org, editor, httpserver):
    fake = FakeGlpi(httpserver).install()
    editor.post("/collecte/glpi/", glpi_data(url=fake.url, password=glpi.USER_TOKEN))

    response = editor.post("/collecte/glpi/", glpi_data(url=fake.url, action="test"))

    # The fake's API client wants an App-Token: the request reached GLPI, which refused it.
    assert "App-Token" not in fake.requests[-1].headers
    assert diagnosis_of(response).startswith("danger: GLPI")


def test_an_unreadable_ca_certificate_is_refused_in_french(org, editor):
    pem = "-----BEGIN CERTIFICATE-----\npas un certificat\n-----END CERTIFICATE-----"

    response = editor.post(
        "/collecte/gophish/", {"url": "https://gophish.example", "password": SECRET, **SCHEDULE, "ca_certificate": pem}
    )

    assert response.context["form"].errors["ca_certificate"] == [
        "Ce certificat est illisible : collez le certificat PEM complet, de « -----BEGIN CERTIFICATE----- » "
        "à « -----END CERTIFICATE----- »."
    ]
    assert not ConnectorConfig.objects.exists()


def test_a_valid_ca_certificate_is_stored(org, editor, tmp_path):
    cert, _key = write_self_signed(tmp_path)

    editor.post(
        "/collecte/gophish/",
        {"url": "https://gophish.example", "password": SECRET, **SCHEDULE, "ca_certificate": cert.read_text()},
    )

    assert ConnectorConfig.objects.get().ca_certificate.startswith("-----BEGIN CERTIFICATE-----")


#
# « Tester la connexion »
#


@pytest.fixture
def nextcloud(httpserver):
    users = [account("agent1", ["Finances"], used=GIB, last_login_s=1718000000)]
    return FakeNextcloud(httpserver, users=users).install()


def nextcloud_data(fake_url: str, **overrides) -> dict:
    return {"url": fake_url, "user": USERNAME, "password": SECRET, **SCHEDULE, "action": "save", **overrides}


def diagnosis_of(response) -> str:
    """The diagnosis shown above the settings (the last alert: a saved-settings message may precede it)."""
    alerts = re.findall(
        r'<div class="alert alert-(success|danger)" role="status">(.*?)</div>', response.content.decode(), re.S
    )
    kind, text = alerts[-1]
    return f"{kind}: {text.strip()}".replace("&#x27;", "'")


def test_testing_nextcloud_gives_the_success_sentence_without_saving(org, editor, nextcloud):
    response = editor.post("/collecte/nextcloud/", nextcloud_data(nextcloud.url, action="test"))

    assert diagnosis_of(response) == (
        "success: Connexion réussie : Nextcloud 31.0.5.1 répond et le compte a les droits d'administration."
    )
    page = html.unescape(response.content.decode())
    assert SECRET not in page
    assert "Par sécurité, le champ « mot de passe d'application » est vidé : saisissez-le de nouveau" in page
    assert not ConnectorConfig.objects.exists()


def test_testing_nextcloud_with_a_wrong_password_says_what_to_check(org, editor, nextcloud):
    response = editor.post("/collecte/nextcloud/", nextcloud_data(nextcloud.url, action="test", password="faux"))

    assert diagnosis_of(response) == (
        "danger: Nextcloud : les identifiants ont été refusés (/ocs/v2.php/apps/serverinfo/api/v1/info) (HTTP 401). "
        "Vérifiez l'identifiant, le jeton ou la clé d'API, leur date d'expiration et leurs droits."
    )


def test_testing_an_unreachable_server_says_what_to_check(org, editor):
    response = editor.post("/collecte/nextcloud/", nextcloud_data(f"http://127.0.0.1:{closed_port()}", action="test"))

    text = diagnosis_of(response)
    assert text.startswith("danger: Nextcloud injoignable : aucune connexion n'a pu être établie avec le serveur.")
    assert text.endswith("(GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS).")


def test_testing_uses_the_stored_secret_when_none_is_typed(org, editor, nextcloud):
    editor.post("/collecte/nextcloud/", nextcloud_data(nextcloud.url))

    response = editor.post("/collecte/nextcloud/", nextcloud_data(nextcloud.url, action="test", password=""))

    assert diagnosis_of(response).startswith("success: Connexion réussie : Nextcloud")
    assert "est vidé" not in response.content.decode()


@pytest.fixture
def gophish(httpserver):
    return FakeGophish(httpserver, {4: [("agent@mairie.example", "Clicked Link", False)], 5: []}).install()


def test_testing_gophish_gives_the_success_sentence(org, editor, gophish):
    data = {"url": gophish.url, "password": SECRET, **SCHEDULE, "action": "test"}

    response = editor.post("/collecte/gophish/", data)

    assert diagnosis_of(response) == "success: Connexion réussie : la clé d'API est acceptée (2 campagnes)."


def test_testing_gophish_with_a_wrong_key_says_what_to_check(org, editor, gophish):
    data = {"url": gophish.url, "password": "mauvaise-cle", **SCHEDULE, "action": "test"}

    text = diagnosis_of(editor.post("/collecte/gophish/", data))

    assert text.startswith("danger: GoPhish : les identifiants ont été refusés")
    assert text.endswith("Vérifiez l'identifiant, le jeton ou la clé d'API, leur date d'expiration et leurs droits.")


def test_testing_glpi_gives_the_success_sentence(org, editor, httpserver):
    fake = FakeGlpi(httpserver).install()

    response = editor.post(
        "/collecte/glpi/", glpi_data(url=fake.url, password=glpi.USER_TOKEN, app_token=glpi.APP_TOKEN, action="test")
    )

    assert (
        diagnosis_of(response) == "success: Connexion réussie : session GLPI ouverte, ordinateurs et tickets lisibles."
    )
    assert (
        "les champs « jeton d'API de l'utilisateur » et « jeton de l'application (App-Token) » sont vidés"
        in html.unescape(response.content.decode())
    )


def test_testing_glpi_with_a_wrong_app_token_says_what_to_check(org, editor, httpserver):
    fake = FakeGlpi(httpserver).install()

    response = editor.post(
        "/collecte/glpi/", glpi_data(url=fake.url, password=glpi.USER_TOKEN, app_token="faux", action="test")
    )

    assert diagnosis_of(response).startswith("danger: GLPI")
    assert glpi.USER_TOKEN not in response.content.decode()


#
# « Synchroniser maintenant »
#


def test_sync_now_records_a_successful_nextcloud_run(org, editor, nextcloud):
    editor.post("/collecte/nextcloud/", nextcloud_data(nextcloud.url))

    response = editor.post("/collecte/nextcloud/synchroniser/")

    run = SyncRun.objects.get()
    job_page = editor.get(response["Location"]).content.decode()
    assert f'href="/collecte/executions/{run.pk}/"' in job_page and "Terminé" in job_page
    assert (run.status, run.error_message, run.created_count) == (RunStatus.SUCCEEDED, "", 1)
    assert "Réussie" in editor.get(f"/collecte/executions/{run.pk}/").content.decode()


def test_sync_now_records_a_successful_gophish_run(org, editor, gophish):
    editor.post("/collecte/gophish/", {"url": gophish.url, "password": SECRET, **SCHEDULE, "action": "save"})

    editor.post("/collecte/gophish/synchroniser/")

    run = SyncRun.objects.get()
    assert (run.status, run.error_message) == (RunStatus.SUCCEEDED, "")
    assert run.created_count >= 2
    assert "Campagnes et résultats" in run.details


def test_sync_now_of_an_unconfigured_source_is_not_found(org, editor):
    assert editor.post("/collecte/gophish/synchroniser/").status_code == 404


def test_a_stored_secret_is_used_by_the_sync(org, editor, gophish):
    config = make_connector_config(org, kind=ConnectorKind.GOPHISH, url=gophish.url)
    config_password_set(config=config, password=SECRET)

    editor.post("/collecte/gophish/synchroniser/")

    assert SyncRun.objects.get().status == RunStatus.SUCCEEDED


def test_testing_a_self_signed_server_succeeds_with_its_pasted_certificate(org, editor, tmp_path):
    server, cert = https_server(tmp_path)
    fake = FakeGophish(server, {4: []}).install()
    data = {"url": fake.url, "password": SECRET, **SCHEDULE, "action": "test"}
    try:
        refused = diagnosis_of(editor.post("/collecte/gophish/", data))
        trusted = diagnosis_of(editor.post("/collecte/gophish/", {**data, "ca_certificate": cert.read_text()}))
    finally:
        server.clear()
        server.stop()

    assert refused.startswith("danger: GoPhish injoignable (")
    assert trusted == "success: Connexion réussie : la clé d'API est acceptée (1 campagne)."


def test_a_configured_source_never_run_says_so_under_its_runs(org, editor):
    make_connector_config(org, kind=ConnectorKind.GOPHISH, url="https://gophish.example")

    page = html.unescape(editor.get("/collecte/gophish/").content.decode())

    assert "Aucune synchronisation réussie pour l'instant." in page
    assert "Aucune synchronisation pour l'instant." in page


def test_a_suspended_schedule_is_said_on_the_settings_page(org, editor):
    make_connector_config(org, kind=ConnectorKind.GOPHISH, url="https://gophish.example", enabled=False)

    page = html.unescape(editor.get("/collecte/gophish/").content.decode())

    assert "Planification suspendue : ce connecteur ne se synchronise plus seul, seulement à la demande." in page
