"""When a collection point takes things: its weekly hours, bent by the exceptions, in Prague time.

Everything reads the point's `hours` and `exceptions` through `.all()`, so a page that
prefetched them asks the database nothing more, however many points it shows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from events.recurrence import PRAGUE


@dataclass
class OpeningDay:
    """One day at one point: the slots when it is open (empty when closed) and why it differs."""

    day: date
    slots: list = field(default_factory=list)  # [(opens, closes)] in Prague wall-clock time
    note: str = ""
    exceptional: bool = False
    outside_drive: bool = False

    @property
    def is_open(self):
        return bool(self.slots)

    @property
    def slots_text(self):
        return ", ".join(f"{clock(opens)}–{clock(closes)}" for opens, closes in self.slots)

    def open_at(self, moment_time):
        return any(opens <= moment_time < closes for opens, closes in self.slots)

    @property
    def hours_text(self):
        """'9:00–12:00, 13:00–17:00', or 'closed' in words; without the staff's note about the day."""
        if self.outside_drive:
            return _("closed: the drive does not run that day")
        if not self.slots:
            return _("closed")
        return self.slots_text

    @property
    def text(self):
        """The hours and the staff's note about the day: '9:00–12:00 (inventura)'."""
        return self.hours_text + (f" ({self.note})" if self.note else "")


def clock(moment):
    """9:00, not 09:00: how times are written in Czech."""
    return f"{moment.hour}:{moment.minute:02d}"


def local_now(now=None):
    return timezone.localtime(now or timezone.now(), PRAGUE)


def opening_day(point, day, drive=None):
    """The hours of `point` on `day`: the exception of that day if any, else the weekly slots."""
    drive = drive or point.drive
    if day < drive.starts_on or day > drive.ends_on:
        return OpeningDay(day, outside_drive=True)
    for exception in point.exceptions.all():
        if exception.date == day:
            slots = [] if exception.closed else [(exception.opens, exception.closes)]
            return OpeningDay(day, slots, note=exception.note, exceptional=True)
    slots = sorted((hours.opens, hours.closes) for hours in point.hours.all() if hours.weekday == day.weekday())
    return OpeningDay(day, slots)


def today_at(point, now=None, drive=None):
    """Today's hours of the point (Prague's today, also just after midnight UTC)."""
    return opening_day(point, local_now(now).date(), drive)


# How a day's hours stand at a moment (`state_at`), for "open now" and "already closed".
OPEN_NOW, CLOSED_FOR_TODAY, OPENS_LATER = "open", "closed_now", "later"


def state_at(opening, now=None):
    """OPEN_NOW, CLOSED_FOR_TODAY (its last hour has passed: "Today: 8:00–15:00" read at 20:30 must
    not send anyone out with their bags), OPENS_LATER, or "" for another day or a day it is closed."""
    moment = local_now(now)
    if opening.day != moment.date() or not opening.is_open:
        return ""
    clock = moment.time().replace(tzinfo=None)
    if opening.open_at(clock):
        return OPEN_NOW
    if clock >= max(closes for _opens, closes in opening.slots):
        return CLOSED_FOR_TODAY
    return OPENS_LATER


def today_with_state(point, now=None, drive=None):
    """(today's OpeningDay, its state_at now); a drive that is not running is neither open nor closed."""
    drive = drive or point.drive
    today = today_at(point, now, drive)
    return today, (state_at(today, now) if drive.is_running else "")


def is_open_now(point, now=None, drive=None):
    """Open at this moment, judged on Prague's wall clock (summer time included)."""
    return today_with_state(point, now, drive)[1] == OPEN_NOW


def weekly_table(point):
    """[(weekday name, '9:00–12:00, …')] for the days the point is open in a usual week."""
    from .models import Weekday

    days = []
    for weekday in Weekday:
        slots = sorted((hours.opens, hours.closes) for hours in point.hours.all() if hours.weekday == weekday.value)
        if slots:
            days.append((weekday.label, OpeningDay(date.min, slots).slots_text))
    return days


def upcoming_exceptions(point, now=None, days=60):
    """Exceptions from today on, for the next `days` days, in date order."""
    today = local_now(now).date()
    until = today + timedelta(days=days)
    return sorted(
        (exception for exception in point.exceptions.all() if today <= exception.date <= until),
        key=lambda exception: exception.date,
    )


def next_open_day(point, now=None, drive=None, look_ahead=31):
    """The next day (from tomorrow) the point is open, or None within `look_ahead` days."""
    today = local_now(now).date()
    for offset in range(1, look_ahead + 1):
        day = opening_day(point, today + timedelta(days=offset), drive)
        if day.is_open:
            return day
    return None
