from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from gouvernail.core.choices import Role
from gouvernail.governance.choices import DecisionStatus, VersionStatus
from gouvernail.governance.forms import FrameworkDocumentVersionForm
from gouvernail.governance.models import FrameworkDocumentVersion, LockedVersionError
from gouvernail.governance.services import (
    decision_record,
    document_version_approve,
    document_version_publish,
    document_version_save,
    document_version_submit,
)
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import (
    make_decision,
    make_document_version,
    make_framework_document,
    make_option,
)
from gouvernail.testing.helpers import form_errors

pytestmark = pytest.mark.django_db


def recorded_decision(org, outcome=DecisionStatus.ADOPTED, question="Approuver la charte informatique v1 ?"):
    decision = make_decision(org, question)
    option = make_option(decision, "Approuver")
    make_option(decision, "Reporter")
    return decision_record(
        decision=decision,
        outcome=outcome,
        chosen_option=option if outcome in (DecisionStatus.ADOPTED, DecisionStatus.AMENDED) else None,
        rationale="Charte relue par la direction et les élus.",
        consensus=True,
        decided_on=date(2026, 1, 20),
        acting_user=None,
    )


@pytest.fixture
def charte(org):
    return make_framework_document(org)


@pytest.fixture
def draft(charte):
    return make_document_version(charte, 1)


@pytest.fixture
def adopted(org):
    return recorded_decision(org)


def approved_version(version, decision, user=None):
    document_version_submit(version=version, acting_user=user)
    return document_version_approve(version=version, decision=decision, acting_user=user)


#
# The steps
#


def test_a_draft_goes_through_submission_approval_and_publication_recording_who_and_when(draft, adopted, users):
    referent = users[Role.REFERENT_SI]

    submitted = document_version_submit(version=draft, acting_user=referent)
    approved = document_version_approve(version=draft, decision=adopted, acting_user=referent)
    published = document_version_publish(version=draft, acting_user=users[Role.DIRECTION])

    assert (submitted.status, approved.status, published.status) == ("soumise", "approuvee", "publiee")
    draft.refresh_from_db()
    assert draft.decision == adopted
    assert (draft.submitted_by, draft.approved_by, draft.published_by) == (referent, referent, users[Role.DIRECTION])
    assert draft.submitted_at <= draft.approved_at <= draft.published_at
    assert draft.history.count() == 4  # created, then one journaled row per step


def test_the_service_names_who_drafted_a_new_version(charte, users):
    version = FrameworkDocumentVersion(organisation=charte.organisation, document=charte, number=1, text="Texte")

    document_version_save(version=version, acting_user=users[Role.REFERENT_SI])

    assert (version.status, version.drafted_by) == ("brouillon", users[Role.REFERENT_SI])


def test_approving_a_draft_that_was_not_submitted_is_refused_in_french(draft, adopted):
    with pytest.raises(ValidationError, match="Seule une version soumise peut être approuvée"):
        document_version_approve(version=draft, decision=adopted, acting_user=None)

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFTED


def test_approving_without_a_decision_is_refused(draft):
    document_version_submit(version=draft, acting_user=None)

    with pytest.raises(ValidationError, match="s'appuie sur une décision du registre"):
        document_version_approve(version=draft, decision=None, acting_user=None)


def test_approving_with_a_decision_not_recorded_is_refused_in_french(org, draft):
    document_version_submit(version=draft, acting_user=None)
    pending = make_decision(org, "Approuver la charte ?")

    with pytest.raises(ValidationError, match="n'est pas enregistrée au registre"):
        document_version_approve(version=draft, decision=pending, acting_user=None)

    draft.refresh_from_db()
    assert (draft.status, draft.decision) == (VersionStatus.SUBMITTED, None)


@pytest.mark.parametrize("outcome", [DecisionStatus.REJECTED, DecisionStatus.POSTPONED, DecisionStatus.AMENDED])
def test_approving_with_a_decision_that_was_not_adopted_is_refused_naming_its_outcome(org, draft, outcome):
    document_version_submit(version=draft, acting_user=None)
    decision = recorded_decision(org, outcome)

    with pytest.raises(ValidationError) as error:
        document_version_approve(version=draft, decision=decision, acting_user=None)

    message = error.value.message_dict["decision"][0]
    assert "n'a pas été adoptée" in message
    assert DecisionStatus(outcome).label.lower() in message


def test_approving_with_a_decision_of_another_organisation_is_refused(draft, other_org):
    document_version_submit(version=draft, acting_user=None)

    with pytest.raises(ValidationError, match="n'appartient pas à l'organisation"):
        document_version_approve(version=draft, decision=recorded_decision(other_org), acting_user=None)


@pytest.mark.parametrize("step", ["draft", "submitted"])
def test_publishing_a_version_that_is_not_approved_is_refused_in_french(draft, step):
    if step == "submitted":
        document_version_submit(version=draft, acting_user=None)

    with pytest.raises(ValidationError, match="Seule une version approuvée par une décision peut être publiée"):
        document_version_publish(version=draft, acting_user=None)


def test_submitting_twice_is_refused(draft):
    document_version_submit(version=draft, acting_user=None)

    with pytest.raises(ValidationError, match="Seul un brouillon peut être soumis"):
        document_version_submit(version=draft, acting_user=None)


def test_publishing_twice_is_refused(draft, adopted):
    approved_version(draft, adopted)
    document_version_publish(version=draft, acting_user=None)

    with pytest.raises(ValidationError, match="déjà publiée"):
        document_version_publish(version=draft, acting_user=None)


#
# Immutability
#


def test_a_submitted_version_can_no_longer_be_edited_through_the_service(draft):
    document_version_submit(version=draft, acting_user=None)
    draft.refresh_from_db()
    draft.text = "Texte réécrit après soumission"

    with pytest.raises(LockedVersionError, match="n'est plus un brouillon"):
        document_version_save(version=draft, acting_user=None)


@pytest.mark.parametrize("published", [False, True])
def test_the_model_refuses_to_save_or_delete_an_approved_version(draft, adopted, published):
    approved_version(draft, adopted)
    if published:
        document_version_publish(version=draft, acting_user=None)
    version = FrameworkDocumentVersion.objects.get(pk=draft.pk)
    version.text = "Texte réécrit"

    with pytest.raises(LockedVersionError, match="approuvée par une décision"):
        version.save()
    with pytest.raises(ProtectedError):
        version.delete()
    assert FrameworkDocumentVersion.objects.get(pk=draft.pk).text == draft.text


def test_the_form_refuses_an_approved_version(org, draft, adopted):
    approved_version(draft, adopted)
    version = FrameworkDocumentVersion.objects.get(pk=draft.pk)
    data = {"document": version.document_id, "number": 1, "text": "Réécrit", "row_version_seen": version.row_version}

    form = FrameworkDocumentVersionForm(data, instance=version, organisation=org)

    assert not form.is_valid()
    assert "approuvée par une décision" in form.non_field_errors()[0]


def test_the_edit_page_of_an_approved_version_refuses_with_a_french_message(draft, adopted, client_for):
    approved_version(draft, adopted)
    client = client_for(Role.REFERENT_SI)

    response = client.post(f"/documents-cadres/versions/{draft.pk}/modifier/", {"text": "Réécrit"}, follow=True)

    assert "ne peut plus être modifiée" in response.content.decode()
    assert FrameworkDocumentVersion.objects.get(pk=draft.pk).text == draft.text


def test_an_approved_version_cannot_be_deleted_from_its_page(draft, adopted, client_for):
    approved_version(draft, adopted)

    response = client_for(Role.ADMIN).post(f"/documents-cadres/versions/{draft.pk}/supprimer/", follow=True)

    assert "ne peut plus être modifiée ni supprimée" in response.content.decode()
    assert FrameworkDocumentVersion.objects.filter(pk=draft.pk).exists()


def test_a_draft_remains_editable_from_its_page(draft, client_for):
    response = client_for(Role.DIRECTION).post(
        f"/documents-cadres/versions/{draft.pk}/modifier/",
        {"document": draft.document_id, "number": 1, "text": "Texte corrigé", "row_version_seen": draft.row_version},
    )

    assert response.status_code == 302
    assert FrameworkDocumentVersion.objects.get(pk=draft.pk).text == "Texte corrigé"


def test_a_version_without_text_nor_file_reference_is_refused_by_the_form(org, charte, client_for):
    response = client_for(Role.REFERENT_SI).post(
        "/documents-cadres/versions/ajouter/", {"document": charte.pk, "number": 1}
    )

    assert "Saisissez le texte de la version ou la référence du fichier joint." in response.content.decode()
    assert not FrameworkDocumentVersion.objects.exists()


def test_the_add_page_proposes_the_next_version_number(charte, draft, client_for):
    response = client_for(Role.REFERENT_SI).get(f"/documents-cadres/versions/ajouter/?document={charte.pk}")

    assert response.context["form"].initial["number"] == 2


#
# The current version
#


def test_the_current_version_is_the_last_approved_one_not_a_later_draft(charte, draft, adopted):
    assert charte.current_version() is None
    approved_version(draft, adopted)
    make_document_version(charte, 2)  # a draft of the next version

    assert charte.current_version() == draft


def test_a_newly_approved_version_replaces_the_published_one(org, charte, draft, adopted):
    approved_version(draft, adopted)
    document_version_publish(version=draft, acting_user=None)
    second = make_document_version(charte, 2)

    approved_version(second, recorded_decision(org, question="Approuver la charte v2 ?"))

    assert charte.current_version() == second
    assert charte.versions.get(number=1).status == VersionStatus.PUBLISHED


def test_the_document_page_shows_its_current_version_its_versions_and_the_approving_decision(
    charte, draft, adopted, client_for, django_assert_max_num_queries
):
    approved_version(draft, adopted)
    make_document_version(charte, 2, change_note="Ajout du télétravail")
    client = client_for(Role.ELU)
    client.get("/")  # the session's first request loads what every page shares

    with django_assert_max_num_queries(12):
        response = client.get(charte.get_absolute_url())

    page = response.content.decode()
    assert response.context["current"] == draft
    assert f'href="{adopted.get_absolute_url()}">D{adopted.sequence}</a>' in page
    assert "Ajout du télétravail" in page
    assert "en vigueur" in page


def test_the_document_list_shows_the_version_in_force_with_a_bounded_number_of_queries(
    org, client_for, adopted, django_assert_max_num_queries
):
    for i in range(12):
        document = make_framework_document(org, f"Procédure {i}", owner=make_person(org, f"Agent {i}"))
        approved_version(make_document_version(document, 1), adopted)

    client = client_for(Role.AUDITEUR)
    client.get("/")

    with django_assert_max_num_queries(12):
        response = client.get("/documents-cadres/")

    assert {row.record.current_number for row in response.context["table"].rows} == {1}


#
# The step pages
#


def test_the_steps_from_the_pages_approve_with_a_decision_and_publish(draft, adopted, client_for):
    client = client_for(Role.DIRECTION)

    client.post(f"/documents-cadres/versions/{draft.pk}/soumettre/")
    client.post(f"/documents-cadres/versions/{draft.pk}/approuver/", {"decision": adopted.pk})
    response = client.post(f"/documents-cadres/versions/{draft.pk}/publier/", follow=True)

    draft.refresh_from_db()
    assert (draft.status, draft.decision) == (VersionStatus.PUBLISHED, adopted)
    assert "Version publiée." in response.content.decode()


def test_approving_from_the_page_with_a_rejected_decision_shows_the_reason(org, draft, client_for):
    document_version_submit(version=draft, acting_user=None)
    rejected = recorded_decision(org, DecisionStatus.REJECTED)

    response = client_for(Role.REFERENT_SI).post(
        f"/documents-cadres/versions/{draft.pk}/approuver/", {"decision": rejected.pk}
    )

    assert "n'a pas été adoptée" in form_errors(response)["decision"][0]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUBMITTED


def test_publishing_a_draft_from_the_page_shows_a_french_error_not_a_500(draft, client_for):
    response = client_for(Role.REFERENT_SI).post(f"/documents-cadres/versions/{draft.pk}/publier/", follow=True)

    assert response.status_code == 200
    assert "Seule une version approuvée par une décision peut être publiée" in response.content.decode()


def test_a_reader_cannot_post_a_step(draft, client_for):
    response = client_for(Role.ELU).post(f"/documents-cadres/versions/{draft.pk}/soumettre/")

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFTED


def test_a_version_of_another_organisation_is_not_found_for_a_step(other_org, client_for):
    version = make_document_version(make_framework_document(other_org), 1)

    response = client_for(Role.ADMIN).post(f"/documents-cadres/versions/{version.pk}/soumettre/")

    assert response.status_code == 404
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFTED


@pytest.mark.parametrize("suffix", ["", "approuver/"])
def test_the_version_pages_run_a_bounded_number_of_queries(
    suffix, org, charte, client_for, django_assert_max_num_queries
):
    from gouvernail.testing.factories.governance import make_campaign

    version = make_document_version(charte, 1, status="publiee")
    for i in range(10):
        make_campaign(version, f"Campagne {i}")
        recorded_decision(org, question=f"Décision {i}")
    client = client_for(Role.ADMIN)
    client.get("/")

    with django_assert_max_num_queries(12):
        response = client.get(f"/documents-cadres/versions/{version.pk}/{suffix}")

    assert response.status_code == 200
