"""Writes through the API go through the page's form: its validation, its versions, its journal."""

import pytest

from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry, Site
from gouvernail.steering.models import ActionItem


@pytest.fixture
def editor_api(issue_token, api):
    token, secret = issue_token(Role.REFERENT_SI, name="Script d'inventaire")
    client = api(secret)
    client.token = token
    return client


def test_a_creation_gives_the_row_as_it_reads(ref, editor_api):
    response = editor_api.post("/api/sites/", {"name": "Médiathèque", "city": "Bilurien"})

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["city"], body["row_version"]) == ("Médiathèque", "Bilurien", 1)
    assert editor_api.get(f"/api/sites/{body['id']}/").json() == body


def test_an_update_bumps_the_version_and_a_stale_one_is_refused(ref, editor_api):
    site = ref.site

    first = editor_api.patch(f"/api/sites/{site.pk}/", {"city": "Sablé", "row_version": 1})
    stale = editor_api.patch(f"/api/sites/{site.pk}/", {"city": "La Flèche", "row_version": 1})

    assert first.status_code == 200
    assert first.json()["row_version"] == 2
    assert stale.status_code == 409
    assert stale.json()["row_version"] == 2
    assert "Cette fiche a été modifiée par referent_si@test.example" in stale.json()["detail"]
    site.refresh_from_db()
    assert (site.city, site.row_version) == ("Sablé", 2)


def test_an_update_without_the_version_read_is_refused(ref, editor_api):
    response = editor_api.patch(f"/api/sites/{ref.site.pk}/", {"city": "Sablé"})

    assert response.status_code == 400
    assert response.json()["row_version"][0].startswith("Indiquez la version de la fiche que vous avez lue")
    ref.site.refresh_from_db()
    assert ref.site.city == "Bilurien"


@pytest.mark.parametrize("version", ["deux", 0, -1, True, 1.5])
def test_a_version_that_is_not_a_positive_whole_number_is_refused(ref, editor_api, version):
    response = editor_api.patch(f"/api/sites/{ref.site.pk}/", {"city": "Sablé", "row_version": version})

    assert response.status_code == 400
    assert response.json() == {
        "row_version": ["La version est un nombre entier positif (« row_version » de la fiche lue)."]
    }


def test_a_write_appears_in_the_journal_attributed_to_the_token(ref, editor_api):
    site = ref.site

    editor_api.patch(f"/api/sites/{site.pk}/", {"city": "Sablé", "row_version": 1})

    entry = JournalEntry.objects.filter(object_id=str(site.pk), content_type__model="site").first()
    assert entry.changes == {"commune": ["Bilurien", "Sablé"]}
    assert entry.user.email == "referent_si@test.example"
    assert entry.user_label == (
        f"referent_si@test.example (jeton d'API « Script d'inventaire », {editor_api.token.prefix})"
    )


def test_an_action_written_through_the_api_goes_through_the_action_service(ref, editor_api):
    action = ref.action

    response = editor_api.patch(
        f"/api/plan-action/{action.pk}/",
        {"status": "en_cours", "comment": "Lancée après le COPIL", "row_version": action.row_version},
    )

    assert response.status_code == 200, response.json()
    action.refresh_from_db()
    assert action.status == "en_cours"
    # The action's logbook, which the page's form feeds through the same service.
    event = action.events.order_by("-pk").first()
    assert (event.from_status, event.to_status, event.comment) == ("a_etudier", "en_cours", "Lancée après le COPIL")
    assert event.author.email == "referent_si@test.example"


def test_a_creation_starts_from_what_the_page_proposes(ref, editor_api):
    response = editor_api.post("/api/plan-action/", {"title": "Sauvegarder hors site"})

    assert response.status_code == 201, response.json()
    assert response.json()["number"] == ActionItem.objects.order_by("-number").first().number
    assert response.json()["number"] == ref.action.number + 1


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"city": "Sablé"}, "name", "Ce champ est obligatoire."),
        (
            {"name": "x" * 200},
            "name",
            "Assurez-vous que cette valeur comporte au plus 120 caractères (actuellement 200).",
        ),
        ({"name": "Hôtel communautaire"}, "name", "Un site porte déjà ce nom dans l'organisation."),
        ({"name": ["une", "liste"]}, "name", "Valeur attendue : un texte, un nombre, un booléen ou null"),
        (
            {"name": "Médiathèque", "nom": "Médiathèque"},
            "nom",
            "Champ inconnu ou non modifiable. Champs acceptés : name, city.",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_french_and_writes_nothing(ref, editor_api, payload, field, message):
    response = editor_api.post("/api/sites/", payload)

    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)
    assert Site.objects.count() == 1


@pytest.mark.parametrize("related", [999999, 10**30, "abc", {"id": 1}])
def test_a_related_row_that_is_not_the_organisations_is_a_400(ref, other_ref, editor_api, related):
    response = editor_api.post("/api/personnes/", {"last_name": "Durand", "site": related})

    assert response.status_code == 400
    assert "site" in response.json()


def test_a_related_row_of_another_organisation_is_not_a_choice(ref, other_ref, editor_api):
    response = editor_api.post("/api/personnes/", {"last_name": "Durand", "site": other_ref.site.pk})

    assert response.status_code == 400
    assert response.json()["site"] == ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]


def test_a_body_that_is_not_an_object_is_a_400(ref, editor_api):
    response = editor_api.post("/api/sites/", ["Médiathèque"])

    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("Le corps de la requête doit être un objet JSON")


def test_a_row_read_can_be_sent_back_with_its_read_only_fields(ref, editor_api):
    row = editor_api.get(f"/api/sites/{ref.site.pk}/").json()

    response = editor_api.patch(f"/api/sites/{ref.site.pk}/", {**row, "city": "Sablé"})

    assert response.status_code == 200
    assert response.json()["city"] == "Sablé"


def test_a_deletion_removes_the_row(ref, editor_api):
    site = Site.objects.create(organisation=ref.site.organisation, name="Ancienne école")

    response = editor_api.delete(f"/api/sites/{site.pk}/")

    assert response.status_code == 204
    assert not Site.objects.filter(pk=site.pk).exists()


def test_a_deletion_that_a_relation_refuses_is_a_409_naming_the_rows_in_the_way(ref, editor_api):
    response = editor_api.delete(f"/api/prestataires/{ref.vendor.pk}/")

    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"« {ref.vendor} » ne peut pas être supprimée : elle est utilisée par")
    assert type(ref.vendor).objects.filter(pk=ref.vendor.pk).exists()
