"""What each user chose to receive: private calendar feeds and e-mail reminders."""

from gouvernail.reports.models.calendars import CalendarToken
from gouvernail.reports.models.reminders import ReminderLog, ReminderPreference

__all__ = ("CalendarToken", "ReminderLog", "ReminderPreference")
