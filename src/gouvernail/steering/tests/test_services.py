"""The steering services: every status change of an action is an event of its logbook (who,
when, from, to, why) and a journal entry; a project's weather is the one of its latest report."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gouvernail.core.choices import Role
from gouvernail.core.models import JournalEntry
from gouvernail.steering.choices import ActionStatus, ProjectStatus, StopReason
from gouvernail.steering.models import ActionEvent, ActionItem, StatusReport
from gouvernail.steering.services import action_change_status, action_save, project_report_status
from gouvernail.testing.factories.steering import make_action, make_project


def journal_of(instance):
    return JournalEntry.objects.filter(
        content_type__app_label=instance._meta.app_label,
        content_type__model=instance._meta.model_name,
        object_id=str(instance.pk),
    )


@pytest.fixture
def referent(users):
    return users[Role.REFERENT_SI]


@pytest.fixture
def action(org):
    return make_action(org, 2, title="Mettre à jour les systèmes d'exploitation obsolètes", status="a_planifier")


#
# action_change_status: a move on the board
#


def test_a_status_change_writes_an_event_with_its_author_date_statuses_and_comment(action, referent):
    before = timezone.now()

    event = action_change_status(
        action=action, status=ActionStatus.IN_PROGRESS, comment="Lancée au COPIL de mars.", acting_user=referent
    )

    assert before <= event.at <= timezone.now()
    assert (event.author, event.from_status, event.to_status) == (referent, "a_planifier", "en_cours")
    assert event.comment == "Lancée au COPIL de mars."
    assert (event.organisation, event.action) == (action.organisation, action)
    assert list(action.events.all()) == [event]
    action.refresh_from_db()
    assert action.status == "en_cours"


def test_a_status_change_is_journaled_with_its_author_and_before_after(action, referent):
    action_change_status(action=action, status=ActionStatus.IN_PROGRESS, acting_user=referent)

    entry = journal_of(action).get(action="~")
    assert entry.user == referent
    assert entry.changes == {"statut": ["À planifier", "En cours"]}
    event_entry = journal_of(action.events.get()).get()
    assert (event_entry.action, event_entry.user) == ("+", referent)


def test_a_status_change_moves_the_row_version_so_an_open_edit_form_notices_it(action, referent):
    seen = action.row_version

    action_change_status(action=action, status=ActionStatus.IN_PROGRESS, acting_user=referent)

    action.refresh_from_db()
    assert action.row_version == seen + 1


@pytest.mark.parametrize("status", [ActionStatus.DEFERRED, ActionStatus.ABANDONED])
def test_deferring_or_abandoning_without_a_reason_is_refused_in_french_and_writes_nothing(status, action, referent):
    journal_before = JournalEntry.objects.count()

    with pytest.raises(ValidationError) as error:
        action_change_status(action=action, status=status, comment="Plus tard.", acting_user=referent)

    assert error.value.message_dict == {"stop_reason": ["Indiquez pourquoi l'action est reportée ou abandonnée."]}
    action.refresh_from_db()
    assert (action.status, action.stop_reason, action.row_version) == ("a_planifier", "", 1)
    assert not ActionEvent.objects.exists()
    assert JournalEntry.objects.count() == journal_before


def test_deferring_with_a_reason_records_the_reason_on_the_action_and_its_event(action, referent):
    event = action_change_status(
        action=action,
        status=ActionStatus.DEFERRED,
        stop_reason=StopReason.LACK_OF_RESOURCES,
        comment="1 ETP SI, pas d'assistance externe.",
        acting_user=referent,
    )

    assert (event.to_status, event.stop_reason) == ("reportee", "ressources")
    action.refresh_from_db()
    assert (action.status, action.stop_reason) == ("reportee", "ressources")


def test_an_unknown_status_is_refused_in_french(action, referent):
    with pytest.raises(ValidationError, match="Statut inconnu."):
        action_change_status(action=action, status="termine", acting_user=referent)

    assert not ActionEvent.objects.exists()


def test_moving_to_the_same_status_writes_no_event_and_changes_nothing(action, referent):
    journal_before = JournalEntry.objects.count()

    event = action_change_status(action=action, status=ActionStatus.TO_PLAN, comment="Rien.", acting_user=referent)

    assert event is None
    assert not ActionEvent.objects.exists()
    action.refresh_from_db()
    assert action.row_version == 1
    assert JournalEntry.objects.count() == journal_before


def test_changing_only_the_reason_of_a_deferred_action_is_an_event(org, referent):
    action = make_action(org, status="reportee", stop_reason="ressources")

    event = action_change_status(
        action=action, status=ActionStatus.DEFERRED, stop_reason=StopReason.ARBITRATION, acting_user=referent
    )

    assert (event.from_status, event.to_status, event.stop_reason) == ("reportee", "reportee", "arbitrage")


def test_deferring_again_for_the_same_reason_writes_no_event(org, referent):
    action = make_action(org, status="reportee", stop_reason="ressources")

    assert (
        action_change_status(
            action=action, status=ActionStatus.DEFERRED, stop_reason=StopReason.LACK_OF_RESOURCES, acting_user=referent
        )
        is None
    )


def test_resuming_a_deferred_action_clears_its_reason(org, referent):
    action = make_action(org, status="reportee", stop_reason="ressources")

    event = action_change_status(action=action, status=ActionStatus.IN_PROGRESS, acting_user=referent)

    action.refresh_from_db()
    assert (action.status, action.stop_reason) == ("en_cours", "")
    assert (event.from_status, event.stop_reason) == ("reportee", "")


def test_a_status_change_without_a_user_is_journaled_as_the_system(action):
    event = action_change_status(action=action, status=ActionStatus.IN_PROGRESS, acting_user=None)

    assert event.author is None
    assert journal_of(action).get(action="~").user_label == "système"


#
# action_save: the edit form
#


def test_creating_an_action_writes_its_first_event(org, referent):
    action = ActionItem(organisation=org, number=18, title="Sauvegardes externalisées", status="a_etudier")

    action_save(action=action, previous_status="", comment="Ajoutée au COPIL.", acting_user=referent)

    event = action.events.get()
    assert (event.author, event.from_status, event.to_status, event.comment) == (
        referent,
        "",
        "a_etudier",
        "Ajoutée au COPIL.",
    )
    assert journal_of(action).get().action == "+"


def test_creating_a_deferred_action_records_its_reason_in_the_first_event(org, referent):
    action = ActionItem(organisation=org, number=18, title="PRA", status="reportee", stop_reason="ressources")

    action_save(action=action, previous_status="", acting_user=referent)

    assert action.events.get().stop_reason == "ressources"


def test_a_form_edit_changing_the_status_writes_one_event(action, referent):
    action.status = ActionStatus.IN_PROGRESS
    action.title = "Migrer les postes Windows 10"

    action_save(action=action, previous_status="a_planifier", comment="Postes commandés.", acting_user=referent)

    event = action.events.get()
    assert (event.from_status, event.to_status, event.comment, event.author) == (
        "a_planifier",
        "en_cours",
        "Postes commandés.",
        referent,
    )


def test_a_form_edit_keeping_the_status_without_comment_writes_no_event(action, referent):
    action.title = "Migrer les postes Windows 10"

    action_save(action=action, previous_status="a_planifier", acting_user=referent)

    assert not action.events.exists()
    assert journal_of(action).get(action="~").changes == {
        "intitulé": ["Mettre à jour les systèmes d'exploitation obsolètes", "Migrer les postes Windows 10"]
    }


def test_a_form_edit_with_only_a_comment_writes_it_into_the_logbook(action, referent):
    action_save(action=action, previous_status="a_planifier", comment="Devis reçu.", acting_user=referent)

    event = action.events.get()
    assert (event.from_status, event.to_status, event.comment) == ("a_planifier", "a_planifier", "Devis reçu.")


#
# project_report_status: the weather of a project
#


def report(project, day: date, status: str, **fields) -> StatusReport:
    return StatusReport(
        organisation=project.organisation, project=project, date=day, status=status, summary="Point.", **fields
    )


def test_the_latest_report_sets_the_status_of_its_project(org, referent):
    project = make_project(org)

    project_report_status(report=report(project, date(2026, 3, 1), ProjectStatus.AT_RISK), acting_user=referent)

    project.refresh_from_db()
    assert project.status == "en_risque"
    assert project.row_version == 2
    assert journal_of(project).get(action="~").changes == {"météo": ["En cours", "En risque"]}


def test_an_older_back_dated_report_does_not_change_the_status(org, referent):
    project = make_project(org)
    project_report_status(report=report(project, date(2026, 3, 1), ProjectStatus.ALERT), acting_user=referent)

    older = project_report_status(
        report=report(project, date(2026, 2, 1), ProjectStatus.ON_TRACK), acting_user=referent
    )

    project.refresh_from_db()
    assert older.pk is not None
    assert project.status == "en_alerte"
    assert list(project.reports.values_list("date", flat=True)) == [date(2026, 3, 1), date(2026, 2, 1)]


def test_a_second_report_of_the_same_day_is_the_latest(org, referent):
    project = make_project(org)
    project_report_status(report=report(project, date(2026, 3, 1), ProjectStatus.ALERT), acting_user=referent)

    project_report_status(report=report(project, date(2026, 3, 1), ProjectStatus.AT_RISK), acting_user=referent)

    project.refresh_from_db()
    assert project.status == "en_risque"


def test_a_report_with_the_current_status_leaves_the_project_untouched(org, referent):
    project = make_project(org)

    project_report_status(report=report(project, date(2026, 3, 1), ProjectStatus.ON_TRACK), acting_user=referent)

    project.refresh_from_db()
    assert project.row_version == 1
    assert not journal_of(project).filter(action="~").exists()


def test_the_author_of_a_report_defaults_to_the_acting_user(org, referent, users):
    project = make_project(org)

    mine = project_report_status(report=report(project, date(2026, 3, 1), "en_cours"), acting_user=referent)
    theirs = project_report_status(
        report=report(project, date(2026, 3, 2), "en_cours", author=users[Role.DIRECTION]), acting_user=referent
    )

    assert mine.author == referent
    assert theirs.author == users[Role.DIRECTION]


def test_editing_an_old_report_does_not_override_a_newer_one(org, referent):
    project = make_project(org)
    old = project_report_status(report=report(project, date(2026, 2, 1), "en_cours"), acting_user=referent)
    project_report_status(report=report(project, date(2026, 3, 1), "en_risque"), acting_user=referent)

    old.status = ProjectStatus.ALERT
    project_report_status(report=old, acting_user=referent)

    project.refresh_from_db()
    assert project.status == "en_risque"


def test_moving_a_report_after_the_latest_makes_it_set_the_status(org, referent):
    project = make_project(org)
    old = project_report_status(report=report(project, date(2026, 2, 1), "en_alerte"), acting_user=referent)
    project_report_status(report=report(project, date(2026, 3, 1), "en_risque"), acting_user=referent)

    old.date = date(2026, 3, 2)
    project_report_status(report=old, acting_user=referent)

    project.refresh_from_db()
    assert project.status == "en_alerte"
