"""Recurrence rules (RFC 5545 RRULE) expanded in Prague wall-clock time.

Dates are computed on naive local datetimes and only then given the Europe/Prague zone, so a
weekly 18:00 dance evening stays at 18:00 on both sides of a daylight-saving change.
"""

import calendar
import functools
import itertools
import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

from kernel.refusals import Refusal

PRAGUE = ZoneInfo("Europe/Prague")
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_PARTS = (
    "FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYWEEKNO", "BYSETPOS", "COUNT", "UNTIL", "WKST",
)
MAX_COUNT = 1000
MAX_INTERVAL = 100


class RuleError(Refusal, ValueError):
    """A rule, date or time that cannot be scheduled; the message is for a person.

    `field` names the schedule's part a person has to change ("start_time", "duration"), when one
    is to blame; else the rule itself is.
    """

    def __init__(self, message, field=None):
        super().__init__("invalid_schedule", message, field=field)


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


def clock_change(local_start):
    """"missing" if this Prague wall-clock time is skipped when the clocks jump forward, "twice" if it
    happens twice when they go back, else None."""
    first = local_start.replace(tzinfo=PRAGUE, fold=0)
    second = local_start.replace(tzinfo=PRAGUE, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    round_trip = first.astimezone(UTC).astimezone(PRAGUE).replace(tzinfo=None)
    return "missing" if round_trip != local_start else "twice"


def clock_change_message(local_start, problem, *, repeated=False):
    when = local_start.strftime("%d. %m. %Y %H:%M")
    if repeated:
        if problem == "missing":
            return _(
                "The repetition reaches %(when)s, a time that does not exist in Prague: the clocks jump forward "
                "then. Choose another start time."
            ) % {"when": when}
        return _(
            "The repetition reaches %(when)s, a time that happens twice in Prague: the clocks go back then. "
            "Choose another start time."
        ) % {"when": when}
    if problem == "missing":
        return _("%(when)s does not exist in Prague: the clocks jump forward at that time.") % {"when": when}
    return _("%(when)s happens twice in Prague: the clocks go back at that time. Choose another time.") % {
        "when": when
    }


def to_aware(local_start):
    """Give a naive Prague wall-clock time its zone, refusing times that skip or repeat."""
    problem = clock_change(local_start)
    if problem:
        raise RuleError(clock_change_message(local_start, problem), field="start_time")
    return local_start.replace(tzinfo=PRAGUE, fold=0)


def to_local(moment):
    return moment.astimezone(PRAGUE).replace(tzinfo=None)


def wall_clock_end(start, duration):
    """The end of a date that starts at `start` (aware) and lasts `duration` on Prague's clocks.

    Ends are wall-clock times like starts: a night dance 22:00–05:00 ends at 05:00 also on the night
    the clocks jump forward (six hours then), a festival Fri 10:00–Sun 10:00 ends at 10:00 also over
    the weekend they go back (49 hours). An end in the hour that is skipped or lived twice takes the
    earlier offset (fold=0), as zoneinfo does. Returned in UTC, so that comparing it with another
    moment, or subtracting one, never mixes wall-clock and elapsed time.
    """
    return (to_local(start) + duration).replace(tzinfo=PRAGUE, fold=0).astimezone(UTC)


def check_schedule(rule_text, first_start, *, horizon_days, max_dates, now=None, excluded=()):
    """Refuse a schedule a person could not mean: no dates at all, a date that does not exist or
    happens twice in Prague (on any date of the rule, however far ahead), or more dates within the
    horizon than `max_dates`. Return the dates in the horizon."""
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
    to_aware(first_start)
    if rule_text:
        for local_start in clock_change_starts(rule_text, first_start, after=window_start, excluded=excluded):
            raise RuleError(
                clock_change_message(local_start, clock_change(local_start), repeated=True), field="start_time"
            )
    return starts


# --- Dates of a rule that fall into a clock change -------------------------------------------------
#
# Rules have no BYHOUR, so every date of a series starts at the same wall-clock time; only the days
# when the clocks change can make it skip or repeat. Those days are read from the zone itself, year
# by year, so no calendar of changes is written here. A rule with COUNT has at most MAX_COUNT dates
# and is simply walked; an endless rule (or one with UNTIL, possibly decades ahead) is asked, for
# each change day, whether it has a date there.

# The Gregorian calendar repeats every 400 years (146097 days, exactly 20871 weeks, 4800 months).
CALENDAR_CYCLE = {"DAILY": 146097, "WEEKLY": 20871, "MONTHLY": 4800, "YEARLY": 400}
# tzdata lists Prague's changes a few decades ahead and then repeats the zone's yearly rule, which
# like the calendar repeats every 400 years; beyond this many years from now the change days of a
# year are those of 400 years earlier.
ZONE_RULE_SETTLED_AFTER_YEARS = 100
LAST_YEAR = 9998  # Python's dates end with 9999; a rule's date there cannot be made anyway.


def _offset_at(timestamp):
    return datetime.fromtimestamp(timestamp, PRAGUE).utcoffset()


@functools.cache
def clock_change_windows(year):
    """The wall-clock stretches of `year` that Prague skips or lives twice, as (from, to) naive times.

    Found by asking the zone for its offset (at most one change a month, as in every year since 1979).
    """
    settled = datetime.now(UTC).year + ZONE_RULE_SETTLED_AFTER_YEARS
    if year > settled + 400:
        return tuple(
            (begin.replace(year=begin.year + 400), end.replace(year=end.year + 400))
            for begin, end in clock_change_windows(year - 400)
        )
    windows = []
    for month in range(1, 13):
        low = int(datetime(year, month, 1, tzinfo=UTC).timestamp())
        high = int(datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC).timestamp())
        before, after = _offset_at(low), _offset_at(high)
        if before == after:
            continue
        while high - low > 1:  # the offset at `low` is `before`, at `high` it is not
            middle = (low + high) // 2
            if _offset_at(middle) == before:
                low = middle
            else:
                high = middle
        change = datetime.fromtimestamp(high, UTC).replace(tzinfo=None)
        windows.append((change + min(before, after), change + max(before, after)))
    return tuple(windows)


def _years_until_pattern_repeats(parts):
    """After this many years both the rule's dates and the change days repeat themselves."""
    interval = int(parts.get("INTERVAL", "1"))
    return 400 * interval // math.gcd(interval, CALENDAR_CYCLE[parts["FREQ"]])


def _explicit_parts(parts, first_start):
    """The rule with the parts dateutil would take from DTSTART written out, so that a later DTSTART
    in step with the rule gives the same dates."""
    parts = {name: value for name, value in parts.items() if name not in ("COUNT", "UNTIL")}
    if not any(name in parts for name in ("BYWEEKNO", "BYMONTHDAY", "BYDAY")):
        if parts["FREQ"] == "YEARLY":
            parts.setdefault("BYMONTH", str(first_start.month))
            parts["BYMONTHDAY"] = str(first_start.day)
        elif parts["FREQ"] == "MONTHLY":
            parts["BYMONTHDAY"] = str(first_start.day)
        elif parts["FREQ"] == "WEEKLY":
            parts["BYDAY"] = WEEKDAYS[first_start.weekday()]
    return parts


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _may_fall_on(parts, first_start, moment):
    """A quick test the rule's dates all pass (the BY parts and the step of INTERVAL), so that only
    likely days are asked of the rule itself."""
    day = moment.date()
    if "BYDAY" in parts and WEEKDAYS[day.weekday()] not in {value[-2:] for value in parts["BYDAY"].split(",")}:
        return False
    if "BYMONTH" in parts and day.month not in _numbers(parts["BYMONTH"]):
        return False
    if "BYMONTHDAY" in parts:
        from_end = day.day - calendar.monthrange(day.year, day.month)[1] - 1
        if not {day.day, from_end} & _numbers(parts["BYMONTHDAY"]):
            return False
    interval = int(parts.get("INTERVAL", "1"))
    frequency = parts["FREQ"]
    if frequency == "DAILY":
        return (day - first_start.date()).days % interval == 0
    if frequency == "WEEKLY":
        week_start = WEEKDAYS.index(parts.get("WKST", "MO"))

        def start_of_week(value):
            return value - timedelta(days=(value.weekday() - week_start) % 7)

        return (start_of_week(day) - start_of_week(first_start.date())).days // 7 % interval == 0
    if frequency == "MONTHLY":
        return ((day.year - first_start.year) * 12 + day.month - first_start.month) % interval == 0
    return "BYWEEKNO" in parts or (day.year - first_start.year) % interval == 0


def _numbers(value):
    return {int(number) for number in value.split(",")}  # "03" and "+3" are 3, as for dateutil


def _start_in_step_before(parts, first_start, moment):
    """A DTSTART at least one whole period of the rule before `moment`, in step with `first_start`."""
    interval = int(parts.get("INTERVAL", "1"))
    frequency = parts["FREQ"]
    if frequency in ("DAILY", "WEEKLY"):
        step = interval * (7 if frequency == "WEEKLY" else 1)
        periods = (moment.date() - first_start.date()).days // step - 1
        return first_start + timedelta(days=step * periods) if periods > 0 else first_start
    if frequency == "MONTHLY":
        months = (moment.year - first_start.year) * 12 + moment.month - first_start.month
        periods = months // interval - 1
        if periods <= 0:
            return first_start
        month_index = first_start.month - 1 + periods * interval
        return first_start.replace(year=first_start.year + month_index // 12, month=month_index % 12 + 1, day=1)
    periods = (moment.year - first_start.year) // interval - 1
    if periods <= 0:
        return first_start
    return first_start.replace(year=first_start.year + periods * interval, month=1, day=1)


def clock_change_starts(rule_text, first_start, *, after=None, excluded=()):
    """The rule's start times from `after` on that do not exist or happen twice in Prague, in order."""
    excluded = set(excluded)
    after = max(after or first_start, first_start)
    parts = split_rule(rule_text)
    if "COUNT" in parts:
        for local_start in local_starts(rule_text, first_start, after=after, excluded=excluded):
            if clock_change(local_start):
                yield local_start
        return
    last = _until_as_local(parts["UNTIL"]) if "UNTIL" in parts else datetime.max
    last_year = min(LAST_YEAR, last.year, max(after.year, datetime.now(UTC).year)
                    + ZONE_RULE_SETTLED_AFTER_YEARS + _years_until_pattern_repeats(parts))
    explicit_parts = _explicit_parts(parts, first_start)
    explicit = join_rule(explicit_parts)
    at = first_start.time()
    for year in range(after.year, last_year + 1):
        candidates = sorted({
            candidate
            for begin, end in clock_change_windows(year)
            for shift in range((end.date() - begin.date()).days + 1)
            if begin <= (candidate := datetime.combine(begin.date() + timedelta(days=shift), at)) < end
        })
        for candidate in candidates:
            if not (after <= candidate <= last) or candidate.date() in excluded:
                continue
            if not _may_fall_on(explicit_parts, first_start, candidate):
                continue
            rule = rrulestr(explicit, dtstart=_start_in_step_before(parts, first_start, candidate))
            if candidate in rule:
                yield candidate


def describe_date(value):
    if isinstance(value, datetime):
        return value.strftime("%d. %m. %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d. %m. %Y")
    return str(value)
