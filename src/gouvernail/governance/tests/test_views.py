from datetime import date

import pytest

from gouvernail.core.choices import Role
from gouvernail.governance.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionOption,
    Meeting,
    ScenarioAnalysis,
    ScenarioCriterion,
    ScenarioOption,
    ScenarioRating,
)
from gouvernail.testing.factories.core import make_person
from gouvernail.testing.factories.governance import (
    make_agenda_item,
    make_analysis,
    make_committee,
    make_decision,
    make_meeting,
    make_member,
    make_option,
    make_rating,
    make_scenario_criterion,
    make_scenario_option,
)

pytestmark = pytest.mark.django_db


def build_rows(org, model, n):
    """`n` rows of `model` in `org`, in bulk."""
    committee = make_committee(org, "Instance des listes")
    meeting = make_meeting(committee)
    decision = make_decision(org, "Décision des listes")
    analysis = make_analysis(org, "Analyse des listes")
    if model is Committee:
        rows = [Committee(organisation=org, name=f"Instance {i}") for i in range(n)]
    elif model is CommitteeMember:
        people = Person_bulk(org, n)
        rows = [CommitteeMember(organisation=org, committee=committee, person=p, capacity="dgs") for p in people]
    elif model is Meeting:
        rows = [
            Meeting(organisation=org, committee=committee, title=f"Réunion {i}", date=date(2026, 1, 1))
            for i in range(n)
        ]
    elif model is AgendaItem:
        rows = [AgendaItem(organisation=org, meeting=meeting, position=i + 1, title=f"Point {i}") for i in range(n)]
    elif model is Decision:
        rows = [Decision(organisation=org, question=f"Question {i}", committee=committee) for i in range(n)]
    elif model is DecisionOption:
        rows = [DecisionOption(organisation=org, decision=decision, label=f"Option {i}") for i in range(n)]
    elif model is ScenarioAnalysis:
        rows = [ScenarioAnalysis(organisation=org, title=f"Analyse {i}") for i in range(n)]
    elif model is ScenarioCriterion:
        rows = [ScenarioCriterion(organisation=org, analysis=analysis, name=f"Critère {i}") for i in range(n)]
    elif model is ScenarioOption:
        rows = [ScenarioOption(organisation=org, analysis=analysis, code=f"S{i}", label=f"S{i}") for i in range(n)]
    else:
        criterion = make_scenario_criterion(analysis)
        options = ScenarioOption.objects.bulk_create(
            ScenarioOption(organisation=org, analysis=analysis, code=f"S{i}", label=f"S{i}") for i in range(n)
        )
        rows = [ScenarioRating(organisation=org, option=o, criterion=criterion, level=3) for o in options]
    model.objects.bulk_create(rows)


def Person_bulk(org, n):  # noqa: N802
    from gouvernail.core.models import Person

    return Person.objects.bulk_create(Person(organisation=org, last_name=f"Agent {i}") for i in range(n))


LISTS = {
    "/instances/": Committee,
    "/instances/membres/": CommitteeMember,
    "/reunions/": Meeting,
    "/reunions/ordre-du-jour/": AgendaItem,
    "/decisions/": Decision,
    "/decisions/options/": DecisionOption,
    "/scenarios/": ScenarioAnalysis,
    "/scenarios/criteres/": ScenarioCriterion,
    "/scenarios/options/": ScenarioOption,
    "/scenarios/appreciations/": ScenarioRating,
}


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize("url", LISTS)
def test_each_list_runs_a_bounded_number_of_queries(url, rows, org, client_for, django_assert_max_num_queries):
    build_rows(org, LISTS[url], rows)
    client = client_for(Role.AUDITEUR)

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.status_code == 200


def test_the_meeting_page_shows_its_agenda_the_quorum_rule_and_a_record_link(org, client_for):
    committee = make_committee(org)
    people = [make_person(org, f"Membre {i}") for i in range(3)]
    for person in people:
        make_member(committee, person)
    meeting = make_meeting(committee, status="tenue")
    meeting.attendees.set(people[:2])
    decision = make_decision(org, "Choix du prestataire")
    make_agenda_item(meeting, 1, "Point d'avancement des projets", kind="projet")
    item = make_agenda_item(meeting, 2, "Choix du prestataire", kind="decision", decision=decision)

    page = client_for(Role.DIRECTION).get(f"/reunions/{meeting.pk}/").content.decode()

    assert "2 membre(s) présent(s) sur 3" in page
    assert "quorum atteint" in page
    assert "plus de la moitié des membres" in page
    assert f"/reunions/ordre-du-jour/ajouter/?meeting={meeting.pk}" in page
    assert f"/decisions/{decision.pk}/enregistrer/?agenda_item={item.pk}" in page


def test_a_new_agenda_item_is_prefilled_with_its_meeting_and_the_next_position(org, client_for):
    meeting = make_meeting(make_committee(org))
    make_agenda_item(meeting, 1)

    response = client_for(Role.REFERENT_SI).get(f"/reunions/ordre-du-jour/ajouter/?meeting={meeting.pk}")

    form = response.context["form"]
    assert form.initial["meeting"] == str(meeting.pk)
    assert form.initial["position"] == 2


def test_the_committee_page_shows_the_next_due_meeting_late(org, client_for):
    committee = make_committee(org, frequency="mensuel")
    make_meeting(committee, date=date(2020, 1, 15), status="tenue")

    page = client_for(Role.ELU).get(f"/instances/{committee.pk}/").content.decode()

    assert "15/02/2020 — en retard" in page


def test_the_analysis_page_shows_the_ranking_and_the_sensitivity(org, client_for, django_assert_max_num_queries):
    analysis = make_analysis(org)
    cost = make_scenario_criterion(analysis, "Coût", direction="moins")
    quality = make_scenario_criterion(analysis, "Qualité")
    s1, s2 = make_scenario_option(analysis, "S1"), make_scenario_option(analysis, "S2")
    make_rating(s1, cost, 2, justification="Moyen")
    make_rating(s1, quality, 5)
    make_rating(s2, cost, 1)
    make_rating(s2, quality, 2)
    client = client_for(Role.ELU)

    with django_assert_max_num_queries(20):
        page = client.get(f"/scenarios/{analysis.pk}/").content.decode()

    assert "Classement pondéré" in page
    assert "4,50" in page or "4.50" in page  # S1: (6-2 + 5) / 2
    assert "Aucune variation de ±20 %" in page


def test_an_analysis_with_all_zero_weights_shows_a_french_message_not_an_error(org, client_for):
    analysis = make_analysis(org)
    make_rating(make_scenario_option(analysis), make_scenario_criterion(analysis, weight=0))

    response = client_for(Role.ELU).get(f"/scenarios/{analysis.pk}/")

    assert response.status_code == 200
    assert "Tous les poids sont nuls" in response.content.decode()


def test_a_negative_weight_is_refused_by_the_form_in_french(org, client_for):
    analysis = make_analysis(org)

    response = client_for(Role.REFERENT_SI).post(
        "/scenarios/criteres/ajouter/",
        {"analysis": analysis.pk, "position": 1, "name": "Coût", "weight": "-1", "direction": "moins"},
    )

    assert response.status_code == 200
    assert "Le poids ne peut pas être négatif." in response.content.decode()


def test_the_decision_page_shows_its_amendments_and_what_it_amends(org, client_for):
    from gouvernail.governance.services import decision_record

    original = make_decision(org, "Scénario cible")
    option = make_option(original)
    decision_record(
        decision=original,
        outcome="adoptee",
        chosen_option=option,
        rationale="Motif",
        consensus=True,
        decided_on=date(2025, 12, 16),
        acting_user=None,
    )
    amendment = make_decision(org, "Calendrier du scénario cible", amends=original)
    client = client_for(Role.ELU)

    original_page = client.get(f"/decisions/{original.pk}/").content.decode()
    amendment_page = client.get(f"/decisions/{amendment.pk}/").content.decode()

    assert f"/decisions/{amendment.pk}/" in original_page
    assert f"/decisions/{original.pk}/" in amendment_page
    assert "ne peut plus être modifiée" in original_page


def test_putting_a_decision_on_a_meetings_agenda_marks_it_inscribed(org, client_for):
    meeting = make_meeting(make_committee(org))
    decision = make_decision(org)

    response = client_for(Role.REFERENT_SI).post(
        "/reunions/ordre-du-jour/ajouter/",
        {"meeting": meeting.pk, "position": 1, "title": "Choix", "kind": "decision", "decision": decision.pk},
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.get_status_display() == "Inscrite à l'ordre du jour"


def test_the_committee_list_shows_which_committee_is_late(org, client_for):
    late = make_committee(org, "COTECH", frequency="hebdomadaire")
    make_meeting(late, date=date(2020, 1, 6), status="tenue")
    make_committee(org, "Commission numérique")

    page = client_for(Role.ELU).get("/instances/").content.decode()

    assert "13/01/2020 — en retard" in page
    assert "Aucune réunion tenue" in page


def test_a_malformed_agenda_item_in_the_record_link_is_ignored(org, client_for):
    decision = make_decision(org)

    response = client_for(Role.REFERENT_SI).get(f"/decisions/{decision.pk}/enregistrer/?agenda_item=abc")

    assert response.status_code == 200


#
# Deleting a meeting: refused once it is on record, otherwise what goes with it is listed
#


def test_deleting_a_meeting_with_minutes_is_refused_on_the_page_and_by_posting(org, client_for):
    meeting = make_meeting(make_committee(org), status="tenue")
    make_agenda_item(meeting, title="Budget 2027", minutes="Le budget est validé.")
    client = client_for(Role.REFERENT_SI)

    page = client.get(f"/reunions/{meeting.pk}/supprimer/").content.decode()
    posted = client.post(f"/reunions/{meeting.pk}/supprimer/", follow=True)

    assert "a un compte rendu saisi dans son ordre du jour" in page
    assert 'type="submit" class="btn btn-danger"' not in page
    assert "a un compte rendu saisi" in posted.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_deleting_a_meeting_with_recorded_decisions_is_refused(org, client_for):
    from gouvernail.governance.services import decision_record

    meeting = make_meeting(make_committee(org), status="tenue")
    decision = make_decision(org)
    decision_record(
        decision=decision,
        outcome="ajournee",
        rationale="À revoir.",
        decided_on=meeting.date,
        meeting=meeting,
        acting_user=None,
    )

    posted = client_for(Role.ADMIN).post(f"/reunions/{meeting.pk}/supprimer/", follow=True)

    assert "sont enregistrées au registre" in posted.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_confirmation_of_a_meeting_deletion_lists_the_agenda_items_deleted_with_it(org, client_for):
    meeting = make_meeting(make_committee(org))
    make_agenda_item(meeting, 1, "Point sur la messagerie")
    make_agenda_item(meeting, 2, "Questions diverses")
    client = client_for(Role.REFERENT_SI)

    page = client.get(f"/reunions/{meeting.pk}/supprimer/").content.decode()
    deleted = client.post(f"/reunions/{meeting.pk}/supprimer/")

    assert "Seront supprimés avec elle" in page
    assert "2 points de l&#x27;ordre du jour" in page
    assert "« 1. Point sur la messagerie »" in page and "« 2. Questions diverses »" in page
    assert deleted.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(organisation=org).exists()


def test_a_planned_meeting_states_no_quorum_verdict(org, client_for):
    committee = make_committee(org)
    make_member(committee, make_person(org, "Membre"))
    meeting = make_meeting(committee, status="prevue")

    page = client_for(Role.DIRECTION).get(f"/reunions/{meeting.pk}/").content.decode()

    assert "quorum non atteint" not in page and "quorum atteint" not in page
    assert "Le quorum sera constaté une fois la réunion tenue (1 membre(s) votant(s))." in page
