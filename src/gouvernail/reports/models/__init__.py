"""What each user chose to receive (private calendar feeds, e-mail reminders) and the archived COPIL packs."""

from gouvernail.reports.models.calendars import CalendarToken
from gouvernail.reports.models.packs import CopilPack, ImmutablePackError
from gouvernail.reports.models.reminders import ReminderLog, ReminderPreference

__all__ = ("CalendarToken", "CopilPack", "ImmutablePackError", "ReminderLog", "ReminderPreference")
