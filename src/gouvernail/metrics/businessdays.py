"""Business days (jours ouvrés) between two dates: Monday to Friday, French public holidays off.

`business_days(start, end)` counts the business days in (start, end]: a request opened on a
Friday and resolved the next Monday took 1 business day; opened and resolved the same day, 0.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = ("BusinessCalendar", "business_days")


@lru_cache(maxsize=64)
def french_holidays(year: int) -> frozenset[date]:
    # Metropolitan France: Easter Monday, Ascension, Whit Monday, 14 July… (not Alsace-Moselle's two extra days).
    return frozenset(holidays.France(years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in french_holidays(day.year)


class BusinessCalendar:
    """Business-day ordinals over a span of dates, built once: business_days(a, b) = B(b) − B(a),
    so many date pairs cost one pass over the calendar, not one per pair."""

    def __init__(self, first: date, last: date):
        self.first = first
        self.ordinals: dict[date, int] = {}
        count, day = 0, first
        while day <= last:
            if day != first and is_business_day(day):
                count += 1
            self.ordinals[day] = count
            day += timedelta(days=1)

    def between(self, start: date, end: date) -> int:
        if end <= start:
            return 0
        return self.ordinals[end] - self.ordinals[start]


def business_days(start: date, end: date) -> int:
    if end <= start:
        return 0
    return BusinessCalendar(start, end).between(start, end)
