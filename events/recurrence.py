"""Recurrence rules (RFC 5545 RRULE) expanded in Prague wall-clock time.

Dates are computed on naive local datetimes and only then given the Europe/Prague zone, so a
weekly 18:00 dance evening stays at 18:00 on both sides of a daylight-saving change.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

PRAGUE = ZoneInfo("Europe/Prague")
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_PARTS = (
    "FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYWEEKNO", "BYSETPOS", "COUNT", "UNTIL", "WKST",
)
MAX_COUNT = 1000
MAX_INTERVAL = 100


class RuleError(ValueError):
    """A rule, date or time that cannot be scheduled; the message is for a person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def split_rule(text):
    """Return the rule's parts as an ordered dict of upper-case names to values."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = {}
    for chunk in filter(None, text.split(";")):
        name, sep, value = chunk.partition("=")
        name = name.strip().upper()
        if not sep or not value.strip():
            raise RuleError(_("The repetition rule is not written correctly."))
        if name not in ALLOWED_PARTS:
            raise RuleError(_("The repetition rule contains an unsupported part: %(part)s.") % {"part": name})
        if name in parts:
            raise RuleError(_("The repetition rule repeats the part %(part)s.") % {"part": name})
        parts[name] = value.strip().upper()
    return parts


def join_rule(parts):
    return ";".join(f"{name}={value}" for name, value in parts.items())


def _until_as_local(value):
    """UNTIL may be a date, a local date-time or a UTC date-time ending in Z."""
    try:
        if len(value) == 8:
            return datetime.strptime(value, "%Y%m%d").replace(hour=23, minute=59, second=59)
        if value.endswith("Z"):
            moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return moment.astimezone(PRAGUE).replace(tzinfo=None)
        return datetime.strptime(value, "%Y%m%dT%H%M%S")
    except ValueError:
        raise RuleError(_("The end date of the repetition is not a valid date.")) from None


def normalize_rule(text):
    """Check the rule's syntax and limits; return it in canonical form ('' for a one-off event).

    UNTIL is stored in UTC, as RFC 5545 requires next to a DTSTART with a time zone.
    """
    parts = split_rule(text)
    if not parts:
        return ""
    frequency = parts.get("FREQ")
    if frequency is None:
        raise RuleError(_("The repetition rule must say how often the event repeats."))
    if frequency not in ALLOWED_FREQUENCIES:
        raise RuleError(_("An event can repeat at most daily; more frequent repetition is not possible."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError(_("Give either the number of repetitions or the end date, not both."))
    for name, upper in (("INTERVAL", MAX_INTERVAL), ("COUNT", MAX_COUNT)):
        if name in parts:
            if not (parts[name].isascii() and parts[name].isdigit()) or not 1 <= int(parts[name]) <= upper:
                raise RuleError(
                    _("%(part)s must be a whole number from 1 to %(upper)s.") % {"part": name, "upper": upper}
                )
    if "UNTIL" in parts:
        local_end = _until_as_local(parts["UNTIL"])
        aware_end = local_end.replace(tzinfo=PRAGUE).astimezone(UTC)
        parts["UNTIL"] = aware_end.strftime("%Y%m%dT%H%M%SZ")
    ordered = {"FREQ": parts.pop("FREQ")}
    ordered.update(sorted(parts.items()))
    canonical = join_rule(ordered)
    try:
        _build(canonical, datetime(2000, 1, 1, 12, 0))
    except (ValueError, TypeError):
        raise RuleError(_("The repetition rule is not written correctly.")) from None
    return canonical


def _build(rule_text, first_start):
    parts = split_rule(rule_text)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_as_local(parts["UNTIL"]).strftime("%Y%m%dT%H%M%S")
    return rrulestr(join_rule(parts), dtstart=first_start)


def local_starts(rule_text, first_start, *, after=None, before=None, excluded=(), limit=None):
    """Naive local start times of the series from `after` (inclusive) to `before` (exclusive).

    A series without a rule happens once, at `first_start`. `excluded` holds dates to skip.
    """
    excluded = set(excluded)
    if rule_text:
        source = iter(_build(rule_text, first_start))
    else:
        source = iter([first_start])
    selected = (
        start
        for start in source
        if (after is None or start >= after) and start.date() not in excluded
    )
    if before is not None:
        selected = itertools.takewhile(lambda start: start < before, selected)
    if limit is not None:
        selected = itertools.islice(selected, limit)
    return list(selected)


def to_aware(local_start):
    """Give a naive Prague wall-clock time its zone, refusing times that skip or repeat."""
    first = local_start.replace(tzinfo=PRAGUE, fold=0)
    second = local_start.replace(tzinfo=PRAGUE, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(PRAGUE).replace(tzinfo=None)
        when = local_start.strftime("%d. %m. %Y %H:%M")
        if round_trip != local_start:
            raise RuleError(
                _("%(when)s does not exist in Prague: the clocks jump forward at that time.") % {"when": when}
            )
        raise RuleError(
            _("%(when)s happens twice in Prague: the clocks go back at that time. Choose another time.")
            % {"when": when}
        )
    return first


def to_local(moment):
    return moment.astimezone(PRAGUE).replace(tzinfo=None)


def check_schedule(rule_text, first_start, *, horizon_days, max_dates, now=None, excluded=()):
    """Refuse a schedule a person could not mean: no dates at all, a date that does not exist in
    Prague, or more dates within the horizon than `max_dates`. Return the dates in the horizon."""
    now_local = to_local(now or datetime.now(UTC))
    if rule_text:
        first_dates = local_starts(rule_text, first_start, limit=1)
        if not first_dates:
            raise RuleError(_("The repetition rule produces no dates."))
        if first_dates[0] != first_start:
            raise RuleError(
                _("The first date must itself follow the repetition rule; the rule's first date is %(date)s.")
                % {"date": first_dates[0].strftime("%d. %m. %Y")}
            )
    window_start = max(now_local, first_start)
    starts = local_starts(
        rule_text, first_start, after=window_start, before=window_start + timedelta(days=horizon_days),
        excluded=excluded, limit=max_dates + 1,
    )
    if len(starts) > max_dates:
        raise RuleError(
            _("The rule gives more than %(max)s dates in the coming %(days)s days; that is too many.")
            % {"max": max_dates, "days": horizon_days}
        )
    for start in starts:
        to_aware(start)
    to_aware(first_start)
    return starts


def describe_date(value):
    if isinstance(value, datetime):
        return value.strftime("%d. %m. %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d. %m. %Y")
    return str(value)
