"""Periods an indicator is measured over: a month (`2026-03`), a quarter (`2026-T1`), a year
(`2026`). Keys are what measurements store and what the `kpi` command prints."""

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from gouvernail.metrics.businessdays import french_holidays

__all__ = ("MONTH_NAMES", "Coverage", "Period")

MONTH_NAMES = (
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
SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-T([1-4]))?$")
_STEP = {"month": relativedelta(months=1), "quarter": relativedelta(months=3), "year": relativedelta(years=1)}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year; `end` is its last day (inclusive)."""

    start: date
    kind: str

    @classmethod
    def month(cls, day: date) -> "Period":
        return cls(day.replace(day=1), "month")

    @classmethod
    def quarter(cls, day: date) -> "Period":
        return cls(date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), "quarter")

    @classmethod
    def year(cls, day: date) -> "Period":
        return cls(date(day.year, 1, 1), "year")

    @classmethod
    def of(cls, kind: str, day: date) -> "Period":
        return {"month": cls.month, "quarter": cls.quarter, "year": cls.year}[kind](day)

    @classmethod
    def parse(cls, key: str) -> "Period":
        """`2026-03`, `2026-T1` or `2026`; ValueError with a French message otherwise."""
        match = _KEY.match(key.strip())
        if not match:
            raise ValueError(f"Période « {key} » invalide : attendu 2026-03, 2026-T1 ou 2026.")
        year, month, quarter = match.groups()
        if month:
            if not 1 <= int(month) <= 12:
                raise ValueError(f"Période « {key} » invalide : mois {month} inexistant.")
            return cls(date(int(year), int(month), 1), "month")
        if quarter:
            return cls(date(int(year), 3 * (int(quarter) - 1) + 1, 1), "quarter")
        return cls(date(int(year), 1, 1), "year")

    @property
    def end(self) -> date:
        return self.start + _STEP[self.kind] - relativedelta(days=1)

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            number = (self.start.month - 1) // 3 + 1
            return f"{'1er' if number == 1 else f'{number}e'} trimestre {self.start.year}"
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        if self.kind == "month":
            return f"{SHORT_MONTHS[self.start.month - 1]} {self.start:%y}"
        return self.key.replace("-", " ")

    def shift(self, steps: int) -> "Period":
        return Period(self.start + _STEP[self.kind] * steps, self.kind)

    def previous(self) -> "Period":
        return self.shift(-1)

    def same_period_last_year(self) -> "Period":
        return Period(self.start - relativedelta(years=1), self.kind)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Coverage:
    """Where a source's data start, and the weekdays it has data on (0 = Monday): a service desk
    works Monday to Friday, an EPN open Tuesday to Saturday has no session on a Monday."""

    first_day: date
    weekdays: frozenset[int]

    def partial_from(self, period: Period) -> date | None:
        """The first day of data when the source covers `period` only in part: the data start
        inside it, and a day of the period before them is one the source has data on (not a
        public holiday). Data starting on the source's first working day cover the period."""
        if not period.start < self.first_day <= period.end:
            return None
        day = period.start
        while day < self.first_day:
            if day.weekday() in self.weekdays and day not in french_holidays(day.year):
                return self.first_day
            day += relativedelta(days=1)
        return None
