from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction

from gouvernail.core.choices import Role
from gouvernail.governance.choices import DecisionStatus
from gouvernail.governance.models import Decision, DecisionOption, RecordedDecisionError
from gouvernail.governance.register import verify_register
from gouvernail.governance.services import decision_record
from gouvernail.steering.models import ActionItem
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import make_committee, make_decision, make_meeting, make_option

pytestmark = pytest.mark.django_db


def record(decision, option=None, **overrides):
    fields = {
        "decision": decision,
        "outcome": DecisionStatus.ADOPTED,
        "chosen_option": option,
        "rationale": "Le scénario le mieux adapté aux moyens actuels.",
        "consensus": True,
        "decided_on": date(2025, 12, 16),
        "acting_user": None,
    }
    return decision_record(**{**fields, **overrides})


@pytest.fixture
def adopted(org):
    decision = make_decision(org)
    option = make_option(decision, "Scénario 1")
    make_option(decision, "Scénario 2")
    return record(decision, option)


def tamper(decision, column="rationale", value="Motivation réécrite"):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE governance_decision SET {column} = %s WHERE id = %s", [value, decision.pk])


#
# Recording and immutability
#


def test_recording_numbers_the_decision_and_chains_its_hash_to_the_previous_one(org, adopted):
    second = record(make_decision(org, "Migration de la messagerie"), outcome=DecisionStatus.POSTPONED)

    assert (adopted.sequence, second.sequence) == (1, 2)
    assert adopted.previous_hash == ""
    assert second.previous_hash == adopted.content_hash
    assert len(second.content_hash) == 64
    assert verify_register(org) == []


def test_the_register_of_each_organisation_is_numbered_on_its_own(org, other_org, adopted):
    other = record(make_decision(other_org), outcome=DecisionStatus.REJECTED)

    assert other.sequence == 1
    assert other.previous_hash == ""


def test_an_adopted_decision_without_a_chosen_option_is_refused_in_french(org):
    decision = make_decision(org)
    make_option(decision)

    with pytest.raises(ValidationError) as error:
        record(decision, None)

    assert error.value.message_dict["chosen_option"] == [
        "Une décision adoptée ou amendée doit indiquer l'option retenue."
    ]
    assert Decision.objects.get(pk=decision.pk).sequence is None


def test_a_vote_and_a_consensus_together_are_refused(org):
    decision = make_decision(org)
    with pytest.raises(ValidationError, match="consensus ou par un vote"):
        record(decision, make_option(decision), vote_for=3)


def test_the_service_refuses_to_record_a_decision_twice(adopted):
    with pytest.raises(RecordedDecisionError, match="ne peut plus être modifiée"):
        record(Decision.objects.get(pk=adopted.pk), adopted.chosen_option)


def test_the_model_refuses_to_save_a_recorded_decision(adopted):
    decision = Decision.objects.get(pk=adopted.pk)
    decision.rationale = "Autre motivation"

    with pytest.raises(RecordedDecisionError):
        decision.save()

    assert Decision.objects.get(pk=adopted.pk).rationale.startswith("Le scénario")


def test_the_options_of_a_recorded_decision_can_be_neither_changed_nor_added(adopted):
    option = DecisionOption.objects.get(pk=adopted.chosen_option_id)
    option.label = "Autre intitulé"

    with pytest.raises(RecordedDecisionError):
        option.save()
    with pytest.raises(RecordedDecisionError):
        make_option(adopted, "Scénario 5")


def test_two_options_with_the_same_label_are_refused_in_french(org):
    decision = make_decision(org)
    make_option(decision, "Scénario 1")

    with pytest.raises(ValidationError, match="Deux options portent le même intitulé."):
        DecisionOption(organisation=org, decision=decision, label="Scénario 1").full_clean()


def test_an_amendment_links_both_ways(org, adopted):
    amendment = make_decision(org, "Calendrier du scénario 1", amends=adopted)

    assert amendment.amends == adopted
    assert list(adopted.amendments.all()) == [amendment]


def test_adopting_creates_the_follow_up_actions_in_the_action_plan_linked_both_ways(org):
    existing = ActionItem.objects.create(organisation=org, number=7, title="Action existante")
    decision = make_decision(org)

    record(decision, make_option(decision), follow_up_actions=["Rédiger le cahier des charges", existing])

    created = ActionItem.objects.get(title="Rédiger le cahier des charges")
    assert created.number == 8
    assert set(decision.follow_up_actions.all()) == {created, existing}
    assert list(created.decisions.all()) == [decision]
    assert created.events.count() == 1  # its logbook starts with the decision


#
# Tamper evidence
#


def test_verify_decisions_says_ok_for_an_intact_register(org, adopted):
    out = StringIO()

    call_command("verify-decisions", org=org.slug, stdout=out)

    assert f"{org.slug} : OK" in out.getvalue()


def test_a_row_changed_by_raw_sql_is_reported_by_verify_decisions_with_exit_code_1(org, adopted):
    second = record(make_decision(org, "Seconde"), outcome=DecisionStatus.REJECTED)
    tamper(adopted)
    out = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("verify-decisions", org=org.slug, stdout=out)

    assert exit_.value.code == 1
    report = out.getvalue()
    assert f"Décision n° 1 (ligne {adopted.pk}) : contenu modifié" in report
    assert adopted.content_hash in report
    assert f"ligne {second.pk}" not in report  # the chain itself still links


def test_a_rewritten_hash_breaks_the_link_with_the_next_decision(org, adopted):
    second = record(make_decision(org, "Seconde"), outcome=DecisionStatus.REJECTED)
    tamper(adopted, "content_hash", "0" * 64)

    problems = {(b.decision_id, b.problem) for b in verify_register(org)}

    assert problems == {(adopted.pk, "contenu modifié"), (second.pk, "chaînage rompu")}


def test_a_deleted_decision_leaves_a_gap_in_the_register(org, adopted):
    second = record(make_decision(org, "Seconde"), outcome=DecisionStatus.REJECTED)
    third = record(make_decision(org, "Troisième"), outcome=DecisionStatus.REJECTED)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_decision_deciders WHERE decision_id = %s", [second.pk])
        cursor.execute("DELETE FROM governance_decision WHERE id = %s", [second.pk])

    problems = {(b.decision_id, b.problem) for b in verify_register(org)}

    assert problems == {(third.pk, "numéro manquant"), (third.pk, "chaînage rompu")}


def test_deciders_are_part_of_the_recorded_content(org):
    decision = make_decision(org)
    person = make_person(org, "Décideur")
    record(decision, make_option(decision), deciders=[person])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_decision_deciders WHERE decision_id = %s", [decision.pk])

    assert [b.problem for b in verify_register(org)] == ["contenu modifié"]


#
# What the hash covers cannot change through the application (issue 13, item 4)
#


def test_an_option_cannot_be_moved_out_of_a_recorded_decision_by_posting_another_decision(org, adopted, client_for):
    pending = make_decision(org, "Décision en cours d'instruction")
    moved = adopted.options.get(label="Scénario 2")
    client = client_for(Role.DIRECTION)

    response = client.post(
        f"/decisions/options/{moved.pk}/modifier/",
        {"decision": pending.pk, "label": "Scénario 2", "row_version_seen": moved.row_version},
        follow=True,
    )

    assert "ne peut plus être modifiée" in response.content.decode()
    assert DecisionOption.objects.get(pk=moved.pk).decision_id == adopted.pk
    assert verify_register(org) == []


def test_the_option_form_refuses_an_option_of_a_recorded_decision_even_given_a_pending_one(org, adopted):
    from gouvernail.governance.forms import DecisionOptionForm

    pending = make_decision(org, "Décision en cours d'instruction")
    option = adopted.options.get(label="Scénario 2")

    form = DecisionOptionForm({"decision": pending.pk, "label": "S2"}, instance=option, organisation=org)

    assert not form.is_valid()
    assert "ne peut plus être modifiée" in str(form.errors)


def test_the_option_form_does_not_offer_a_recorded_decision(org, adopted):
    from gouvernail.governance.forms import DecisionOptionForm

    pending = make_decision(org, "Décision en cours d'instruction")

    offered = list(DecisionOptionForm(organisation=org).fields["decision"].queryset)

    assert offered == [pending]


def test_the_model_refuses_to_move_an_option_out_of_a_recorded_decision(org, adopted):
    option = adopted.options.get(label="Scénario 2")
    option.decision = make_decision(org, "Décision en cours d'instruction")

    with pytest.raises(RecordedDecisionError):
        option.save()


def test_deleting_a_committee_member_then_the_person_keeps_the_deciders_of_recorded_decisions(org, client_for):
    from gouvernail.governance.models import CommitteeMember
    from gouvernail.testing.factories.governance import make_member

    committee = make_committee(org)
    person = make_person(org, "Présidente")
    member = make_member(committee, person)
    first, second = make_decision(org, "D1"), make_decision(org, "D2")
    record(first, make_option(first), deciders=[person])
    record(second, make_option(second), deciders=[person])
    client = client_for(Role.ADMIN)

    client.post(f"/instances/membres/{member.pk}/supprimer/")
    page = client.get(f"/personnes/{person.pk}/supprimer/").content.decode()
    response = client.post(f"/personnes/{person.pk}/supprimer/", follow=True)

    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    assert "ne peut pas être supprimée : elle est utilisée par décideur de la décision « D1 — D1 »" in page
    assert 'class="btn btn-danger"' not in page
    assert "ne peut pas être supprimée" in response.content.decode()
    assert list(first.deciders.all()) == list(second.deciders.all()) == [person]
    assert verify_register(org) == []


def test_the_deciders_of_a_recorded_decision_cannot_be_changed(org, adopted):
    person = make_person(org, "Nouveau décideur")

    changes = (lambda: adopted.deciders.add(person), adopted.deciders.clear, lambda: adopted.deciders.set([person]))
    for change in changes:
        with pytest.raises(RecordedDecisionError), transaction.atomic():
            change()


def test_a_person_who_decided_cannot_be_deleted_by_the_model(org):
    from django.db.models import RestrictedError

    decision = make_decision(org)
    person = make_person(org, "Décideur")
    record(decision, make_option(decision), deciders=[person])

    with pytest.raises(RestrictedError):
        person.delete()


def test_a_meeting_or_committee_of_a_recorded_decision_cannot_be_deleted(org):
    from django.db.models import ProtectedError, RestrictedError

    committee = make_committee(org)
    meeting = make_meeting(committee, status="tenue")
    decision = make_decision(org, committee=committee)
    record(decision, make_option(decision), meeting=meeting)

    with pytest.raises(ProtectedError, match="enregistrées au registre"):
        meeting.delete()
    with pytest.raises(RestrictedError):
        committee.delete()
    assert verify_register(org) == []


#
# Pages
#


def test_the_edit_page_of_a_recorded_decision_refuses_with_a_french_message(adopted, client_for):
    client = client_for(Role.REFERENT_SI)

    response = client.post(f"/decisions/{adopted.pk}/modifier/", {"question": "Réécrite"}, follow=True)

    assert "ne peut plus être modifiée" in response.content.decode()
    assert Decision.objects.get(pk=adopted.pk).question == adopted.question


def test_the_page_of_a_recorded_decision_offers_neither_edit_nor_delete(org, adopted, client_for):
    pending = make_decision(org, "Question encore ouverte ?")
    client = client_for(Role.REFERENT_SI)

    recorded_page = client.get(f"/decisions/{adopted.pk}/").content.decode()
    pending_page = client.get(f"/decisions/{pending.pk}/").content.decode()

    assert f"/decisions/{adopted.pk}/modifier/" not in recorded_page
    assert f"/decisions/{adopted.pk}/supprimer/" not in recorded_page
    assert "créer un amendement" in recorded_page
    assert f"/decisions/{pending.pk}/modifier/" in pending_page


def test_the_form_refuses_a_recorded_decision(org, adopted):
    from gouvernail.governance.forms import DecisionForm

    form = DecisionForm({"question": "Réécrite"}, instance=adopted, organisation=org)

    assert not form.is_valid()
    assert "ne peut plus être modifiée" in str(form.errors)


def test_a_recorded_decision_cannot_be_deleted_from_its_page(adopted, client_for):
    response = client_for(Role.ADMIN).post(f"/decisions/{adopted.pk}/supprimer/", follow=True)

    assert response.status_code == 200
    assert Decision.objects.filter(pk=adopted.pk).exists()


def test_the_deletion_page_of_a_recorded_decision_gives_its_reason_not_itself_as_a_user(adopted, client_for):
    page = client_for(Role.ADMIN).get(f"/decisions/{adopted.pk}/supprimer/").content.decode()

    assert "est utilisée par" not in page
    assert "enregistrée au registre" in page
    assert 'class="btn btn-danger"' not in page


def test_the_option_form_reports_a_duplicate_label_in_french(org, client_for):
    decision = make_decision(org)
    make_option(decision, "Scénario 1")

    response = client_for(Role.DIRECTION).post(
        "/decisions/options/ajouter/", {"decision": decision.pk, "label": "Scénario 1"}
    )

    assert response.status_code == 200
    assert "Deux options portent le même intitulé." in response.content.decode()


def test_recording_from_the_page_without_a_chosen_option_shows_a_french_error(org, client_for):
    decision = make_decision(org)
    make_option(decision)

    response = client_for(Role.DIRECTION).post(
        f"/decisions/{decision.pk}/enregistrer/",
        {"outcome": "adoptee", "rationale": "Motif", "consensus": "on", "decided_on": "2026-03-10"},
    )

    assert response.status_code == 200
    assert "doit indiquer l&#x27;option retenue" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).sequence is None


def test_recording_from_an_agenda_item_fills_the_meeting_and_creates_the_follow_ups(org, client_for):
    meeting = make_meeting(make_committee(org), date=date(2026, 3, 10))
    decision = make_decision(org)
    option = make_option(decision)
    client = client_for(Role.REFERENT_SI)

    page = client.get(f"/decisions/{decision.pk}/enregistrer/?agenda_item=0")
    assert page.status_code == 200
    response = client.post(
        f"/decisions/{decision.pk}/enregistrer/",
        {
            "outcome": "adoptee",
            "chosen_option": option.pk,
            "rationale": "Meilleur rapport coût / sécurité.",
            "vote_for": "4",
            "vote_against": "0",
            "vote_abstain": "1",
            "decided_on": "2026-03-10",
            "meeting": meeting.pk,
            "follow_ups": "Lancer la consultation\n\nInformer les agents",
        },
    )

    decision.refresh_from_db()
    assert response.status_code == 302
    assert decision.sequence == 1 and decision.meeting == meeting and decision.vote_abstain == 1
    assert sorted(a.title for a in decision.follow_up_actions.all()) == [
        "Informer les agents",
        "Lancer la consultation",
    ]


@pytest.mark.parametrize("role", [Role.AUDITEUR, Role.ADMIN, Role.DIRECTION])
def test_the_register_verification_page_reports_a_tampered_row(org, adopted, client_for, role):
    client = client_for(role)
    assert "Registre intègre" in client.get("/decisions/registre/verification/").content.decode()
    tamper(adopted)

    page = client.get("/decisions/registre/verification/").content.decode()

    assert "Chaîne rompue" in page
    assert "contenu modifié" in page
    assert adopted.content_hash in page
