"""Working days: the rule every legal time limit of the portal counts by (a dossier's time limit,
a feedback item's). Every app calls it, so the rule is written once.

- Monday to Friday are working days, Saturday and Sunday are not, except the days of the
  calendar (`CalendarDay`, entered per year by superusers): public holidays, Tết, compensatory
  days and days swapped away are days off; a Saturday or Sunday worked in exchange is a working
  day.
- The day of receipt does not count: an item received with a time limit of N working days is
  due at the end of the Nth working day after the day it was received (received on Wednesday
  29/04/2026 with 3 working days: 30/04 and 01/05 are holidays, 02-03/05 the weekend, so it is
  due on Wednesday 06/05/2026). Received on a day off, the count starts with the next working
  day just the same. A limit of 0 is "within the day": due on the day of receipt.
- A year the calendar does not hold yet counts weekends only; the admin says which years it
  holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """The exceptions between two dates, read in one query, to count many time limits (an
    import) without a query each. `exceptions` maps a day to True (worked) or False (off)."""

    start: datetime.date
    end: datetime.date
    exceptions: dict[datetime.date, bool]

    @classmethod
    def load(cls, *, start: datetime.date, end: datetime.date) -> WorkingCalendar:
        rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
        return cls(
            start=start,
            end=end,
            exceptions={day: kind not in CalendarDay.OFF for day, kind in rows},
        )

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """The end of the `days`-th working day after `start` (see the module's rule)."""
        if days < 0:
            raise ValueError("a time limit is not negative")
        day = start
        left = days
        while left:
            day += ONE_DAY
            if day > self.end:
                raise ValueError("the calendar was loaded for a shorter period")
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` is not later)."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


def span_for(days: int) -> datetime.timedelta:
    """A period long enough to hold `days` working days whatever the holidays: two calendar days
    for each, and a month for Tết."""
    return datetime.timedelta(days=2 * days + 31)


def add_working_days(*, start: datetime.date, days: int) -> datetime.date:
    """The due date of a time limit of `days` working days received on `start`."""
    calendar = WorkingCalendar.load(start=start, end=start + span_for(days))
    return calendar.add(start, days)


def working_days_between(*, start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start` up to `end` (how late an item is, in working days)."""
    if end <= start:
        return 0
    return WorkingCalendar.load(start=start, end=end).between(start, end)
