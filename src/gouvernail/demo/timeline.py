"""The demo's one rule for dates: the study's history, then its continuation up to the load date.

- What the study dates keeps its date: the mission's COPIL #1–#4 (October 2025 – February 2026),
  the « point d'étape » of 13 January 2026, the procurement calendar, action 2 « fin janvier
  2026 ». The study's statuses (actions « À étudier », « À planifier »…) are those of the study's
  publication, `STUDY_DATE`.
- After the study, the demo continues the story (synthetic, labelled as such): the monthly
  COPIL SI is held on the first Tuesday of each month from March 2026 up to the load date, with
  its attendance and minutes; the weekly COTECH holds its last weeks; the meetings after the
  load date are planned, without attendance. Nothing is held after the load date, nothing before
  it stays « Prévue ».
- What the study does not date at all (owners' due dates, projects, contracts, activity) is
  placed relative to the load date, so that « en retard » and « à venir » stay meaningful.
"""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

# The study's publication (deliberation 2026_02_031, published on 04/03/2026).
STUDY_DATE = date(2026, 3, 4)
# The first COPIL SI of the continuation; its January « point d'étape » is the study's.
CYCLE_START = date(2026, 3, 1)
# Months of COPIL planned after the load date.
PLANNED_AHEAD = 2
COTECH_WEEKS_HELD = 4

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def moment(day: date, hour: int = 10) -> datetime:
    """An aware datetime on `day` (Paris time), for the dated events of the story."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def is_held(day: date, reference_date: date) -> bool:
    """A meeting is held once its day is past; on the load date itself it is still to come."""
    return day < reference_date


def first_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


def month_title(day: date) -> str:
    return f"COPIL SI — {MONTHS[day.month - 1]} {day.year}"


def copil_cycle(reference_date: date) -> list[tuple[str, date]]:
    """The monthly COPIL SI from March 2026 to `PLANNED_AHEAD` months after the load date."""
    last = max(reference_date, CYCLE_START).replace(day=1) + relativedelta(months=PLANNED_AHEAD)
    month, cycle = CYCLE_START, []
    while month <= last:
        day = first_tuesday(month.year, month.month)
        cycle.append((month_title(day), day))
        month += relativedelta(months=1)
    return cycle


def cotech_dates(reference_date: date) -> list[date]:
    """The weekly COTECH (Tuesdays): the last weeks before the load date and the next one."""
    next_tuesday = reference_date + timedelta(days=(1 - reference_date.weekday()) % 7)
    if next_tuesday == reference_date:
        next_tuesday += timedelta(days=7)
    return [next_tuesday - timedelta(weeks=weeks) for weeks in range(COTECH_WEEKS_HELD, -1, -1)]
