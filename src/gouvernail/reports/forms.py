from django import forms

from gouvernail.reports.models import CalendarToken, ReminderPreference


class CalendarCategoriesForm(forms.ModelForm):
    """Which of the four kinds of dates the private feed holds."""

    class Meta:
        model = CalendarToken
        fields = ("include_meetings", "include_decisions", "include_actions", "include_contracts")


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ("contract_notices", "overdue_actions", "copil_pack")
