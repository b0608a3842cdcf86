from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from gouvernail.compliance import clocks
from gouvernail.compliance.choices import ClockKind, ClockState
from gouvernail.compliance.reminders import clock_reminders_send
from gouvernail.compliance.services import clock_mark_done, incident_save
from gouvernail.testing.factories.compliance import make_incident

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def test_24_hours_across_the_spring_change_are_elapsed_hours():
    # Saturday 28 March 2026 10:00 CET; the clocks go forward on Sunday 29 March at 02:00.
    start = datetime(2026, 3, 28, 10, 0, tzinfo=PARIS)

    due = clocks.after_hours(start, 24)

    assert due == datetime(2026, 3, 29, 11, 0, tzinfo=PARIS)
    # Python subtracts two datetimes of the same zone on their wall clocks: compare in UTC.
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=24)
    assert due.utcoffset() == timedelta(hours=2)


def test_72_hours_across_the_autumn_change_are_elapsed_hours():
    # Friday 23 October 2026 18:00 CEST; the clocks go back on Sunday 25 October at 03:00.
    start = datetime(2026, 10, 23, 18, 0, tzinfo=PARIS)

    due = clocks.after_hours(start, 72)

    assert (due.day, due.hour, due.minute) == (26, 17, 0)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=72)


def test_one_month_keeps_the_paris_wall_clock_time_across_a_dst_change():
    start = datetime(2026, 3, 15, 10, 0, tzinfo=PARIS)  # CET

    due = clocks.after_one_month(start)

    assert (due.month, due.day, due.hour) == (4, 15, 10)
    assert due.utcoffset() == timedelta(hours=2)  # CEST


def test_one_month_after_the_31st_ends_on_the_last_day_of_a_shorter_month():
    due = clocks.after_one_month(datetime(2026, 1, 31, 9, 0, tzinfo=PARIS))

    assert (due.month, due.day, due.hour) == (2, 28, 9)


def test_a_wall_time_skipped_by_the_spring_change_moves_forward():
    # 29 March 2026 02:30 does not exist in Paris (02:00 → 03:00).
    due = clocks.after_one_month(datetime(2026, 2, 28, 2, 30, tzinfo=PARIS))

    assert (due.month, due.day) == (3, 28)
    skipped = clocks._localise(datetime(2026, 3, 29, 2, 30))
    assert (skipped.hour, skipped.minute, skipped.utcoffset()) == (3, 30, timedelta(hours=2))


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="fuseau"):
        clocks.after_hours(datetime(2026, 3, 28, 10, 0), 24)


def test_a_significant_breach_of_personal_data_starts_four_clocks(org):
    aware = datetime(2026, 3, 28, 10, 0, tzinfo=PARIS)

    incident = make_incident(org, aware_at=aware, nis2_significant=True, personal_data=True)

    due = {c.kind: timezone_paris(c.deadline) for c in incident.clocks.all()}
    assert due == {
        ClockKind.NIS2_EARLY_WARNING: datetime(2026, 3, 29, 11, 0, tzinfo=PARIS),
        ClockKind.NIS2_NOTIFICATION: datetime(2026, 3, 31, 11, 0, tzinfo=PARIS),
        ClockKind.NIS2_FINAL_REPORT: datetime(2026, 4, 30, 11, 0, tzinfo=PARIS),
        ClockKind.CNIL_BREACH: datetime(2026, 3, 31, 11, 0, tzinfo=PARIS),
    }
    assert incident.number == 1


def timezone_paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def test_the_final_report_runs_from_the_notification_once_made(org):
    incident = make_incident(org, aware_at=datetime(2026, 3, 28, 10, 0, tzinfo=PARIS), nis2_significant=True)
    notification = incident.clocks.get(kind=ClockKind.NIS2_NOTIFICATION)

    clock_mark_done(clock=notification, done_at=datetime(2026, 3, 30, 16, 45, tzinfo=PARIS), acting_user=None)

    final = incident.clocks.get(kind=ClockKind.NIS2_FINAL_REPORT)
    assert timezone_paris(final.deadline) == datetime(2026, 4, 30, 16, 45, tzinfo=PARIS)
    notification.refresh_from_db()
    assert notification.state == ClockState.DONE


def test_a_late_declaration_is_marked_late(org):
    incident = make_incident(org, aware_at=datetime(2026, 3, 1, 8, 0, tzinfo=PARIS), personal_data=True)
    cnil = incident.clocks.get()

    clock_mark_done(clock=cnil, done_at=datetime(2026, 3, 5, 8, 0, tzinfo=PARIS), acting_user=None)

    assert cnil.state == ClockState.LATE_DONE


def test_unchecking_personal_data_waives_the_cnil_clock_without_deleting_it(org):
    incident = make_incident(org, personal_data=True)

    incident.personal_data = False
    incident_save(incident=incident, acting_user=None)

    assert incident.clocks.get().state == ClockState.WAIVED


def test_a_breach_without_risk_for_the_people_starts_no_cnil_clock(org):
    incident = make_incident(
        org, personal_data=True, personal_data_no_risk_reason="Fichier chiffré, clé non compromise."
    )

    assert not incident.clocks.exists()


def test_reminders_go_once_before_the_deadline_and_once_after(org, users):
    incident = make_incident(org, aware_at=datetime(2026, 3, 28, 10, 0, tzinfo=PARIS), personal_data=True)
    deadline = incident.clocks.get().deadline

    assert clock_reminders_send(now=deadline - timedelta(hours=30)) == 0
    assert clock_reminders_send(now=deadline - timedelta(hours=5)) == 1
    assert clock_reminders_send(now=deadline - timedelta(hours=4)) == 0
    assert clock_reminders_send(now=deadline + timedelta(hours=1)) == 1
    assert clock_reminders_send(now=deadline + timedelta(hours=2)) == 0
    assert len(mail.outbox) == 2
    assert "Échéance dépassée" in mail.outbox[1].subject
    assert "31/03/2026 à 11:00" in mail.outbox[0].body
