"""iCalendar building blocks that live with the programme; the feeds and the tickets reuse them.

Times go out as Prague wall-clock times with TZID=Europe/Prague and the VTIMEZONE below, so a
weekly dance at 18:00 stays at 18:00 in every client on both sides of a daylight-saving change.
Nothing here reads the clock or makes up identifiers: UIDs come from primary keys and DTSTAMP
from the last change, so an unchanged programme gives the same bytes on every build and server.
Escaping, folding at 75 octets, UTF-8 and CRLF line ends are icalendar's job.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vRecur,
)

from . import recurrence
from .recurrence import PRAGUE, RuleError, describe_date, split_rule, to_aware, to_local

PRODID = "-//Spolu//Odbor socialnich sluzeb//CS"
TZID = "Europe/Prague"
# The part after "@" in every UID. It must never change: calendars match events by UID.
UID_DOMAIN = "spolu"
# How often a subscribed calendar should look again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH_AFTER = timedelta(hours=3)


def prague_timezone():
    """Europe/Prague as one STANDARD and one DAYLIGHT rule with RRULE lines, the form Outlook expects.

    Not icalendar's add_missing_timezones(): it lists every change as one multi-valued RDATE,
    and widely used clients read only its first value and then show every summer date an hour
    late. The rule is the EU's, in force in Czechia since 1996: summer time from 02:00 on the
    last Sunday of March, back at 03:00 on the last Sunday of October. Tests compare it with
    zoneinfo year by year.
    """
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    for component, name, offset_from, offset_to, onset, month in (
        (TimezoneStandard(), "CET", 2, 1, datetime(1996, 10, 27, 3, 0), 10),
        (TimezoneDaylight(), "CEST", 1, 2, datetime(1996, 3, 31, 2, 0), 3),
    ):
        component.add("tzname", name)
        component.add("tzoffsetfrom", timedelta(hours=offset_from))
        component.add("tzoffsetto", timedelta(hours=offset_to))
        component.add("dtstart", onset)
        component.add("rrule", vRecur.from_ical(f"FREQ=YEARLY;BYMONTH={month};BYDAY=-1SU"))
        timezone.add_component(component)
    return timezone


def feed_calendar(name, *, uid, description=None):
    """An empty feed (METHOD:PUBLISH) with its name, refresh hints and the Prague VTIMEZONE."""
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", calscale="GREGORIAN", name=name, description=description, uid=uid,
        refresh_interval=REFRESH_AFTER,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 requires the parameter
    calendar.add("x-published-ttl", vDuration(REFRESH_AFTER))
    calendar.add_component(prague_timezone())
    return calendar


def file_calendar():
    """An empty one-date file (METHOD:PUBLISH); its times are in UTC, so it needs no VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def uid(kind, pk):
    return f"{kind}-{pk}@{UID_DOMAIN}"


def occurrence_uid(occurrence):
    return uid("occurrence", occurrence.pk)


def series_uid(series):
    return uid("series", series.pk)


def department():
    """The ORGANIZER of everything published: RFC 5546 wants one on every METHOD:PUBLISH event."""
    organizer = vCalAddress(f"mailto:{settings.SPOLU_DEPARTMENT_EMAIL}")
    organizer.params["CN"] = settings.SPOLU_DEPARTMENT_NAME
    return organizer


def in_prague(moment):
    return moment.astimezone(PRAGUE)


def wall_clock_end(start, duration):
    """Where the site puts the end: events.recurrence.wall_clock_end, the one rule for every end."""
    return recurrence.wall_clock_end(start, duration)


def exact_end(start, duration):
    """Where a client that adds DTEND - DTSTART as elapsed time puts the end (RFC 5545 3.8.5.3)."""
    return start.astimezone(UTC) + duration


# --- Which rules every calendar app expands alike ------------------------------------------------
#
# Google, Outlook, Apple Calendar, Thunderbird (ical.js) and Evolution (libical) agree on simple
# rules only. Outlook maps an RRULE onto its own recurrence patterns (MS-OXCICAL) and has none for
# BYWEEKNO, lists of months or BYSETPOS outside its "last weekday" pattern; ical.js expands
# BYWEEKNO as every week but that one; Outlook puts "the 31st" on the last day of shorter months
# where RFC 5545 skips them, and treats a fifth weekday as the last one. A series whose rule is
# not in the common ground goes out as its dates, one VEVENT each.

PLAIN_WEEKDAYS = frozenset(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))
# The nth weekday of a month every client reads the same way: 1st to 4th, and the last.
COMMON_ORDINALS = frozenset(("1", "2", "3", "4", "-1"))
# Days that every month has.
COMMON_MONTH_DAYS = frozenset(str(day) for day in range(1, 29))


def _one_weekday_in_month(value):
    ordinal, weekday = value[:-2].lstrip("+"), value[-2:]
    return "," not in value and ordinal in COMMON_ORDINALS and weekday in PLAIN_WEEKDAYS


def _one_day_in_month(value):
    return "," not in value and value.lstrip("+").lstrip("0") in COMMON_MONTH_DAYS


def portable_rule(rule, first_local):
    """True when every major calendar app expands `rule` from `first_local` to the same dates."""
    parts = split_rule(rule)
    frequency = parts.pop("FREQ")
    for name in ("INTERVAL", "COUNT", "UNTIL"):
        parts.pop(name, None)
    if parts.pop("WKST", "MO") != "MO":
        return False
    if frequency == "DAILY":
        return not parts
    if frequency == "WEEKLY":
        days = parts.pop("BYDAY", None)
        return not parts and (days is None or set(days.split(",")) <= PLAIN_WEEKDAYS)
    if frequency == "YEARLY":
        month = parts.pop("BYMONTH", None)
        if month is None or "," in month:
            # Without one month, "BYDAY=1MO" is the year's first Monday: no pattern in Outlook.
            return month is None and not parts and first_local.day <= 28
    if not parts:
        return first_local.day <= 28
    if set(parts) == {"BYMONTHDAY"}:
        return _one_day_in_month(parts["BYMONTHDAY"])
    if set(parts) == {"BYDAY"}:
        return _one_weekday_in_month(parts["BYDAY"])
    return False


def spans_clock_change(start, duration):
    """Does a date starting at `start` (aware) and lasting `duration` of wall-clock time cross a change?"""
    return wall_clock_end(start, duration) != exact_end(start, duration)


def first_start(series):
    try:
        return to_aware(series.first_start_local)
    except RuleError:  # refused when entered; stored data from elsewhere is still given a time
        return series.first_start_local.replace(tzinfo=PRAGUE)


def excluded_start(series, day):
    """The rule's start on an excluded day (rules have no BYHOUR: every date is at start_time)."""
    try:
        return to_aware(datetime.combine(day, series.start_time))
    except RuleError:
        return None


def location(place):
    return f"{place.name}, {place.address}"


def accessibility(place):
    """The venue's facts a visitor with a wheelchair, a hearing aid or a walker needs, as lines."""
    facts = [
        _("Step-free access") if place.step_free_access else _("No step-free access"),
        _("Hearing loop") if place.hearing_loop else _("No hearing loop"),
        _("Accessible toilet") if place.accessible_toilet else _("No accessible toilet"),
    ]
    lines = [f"{_('Accessibility')}: {', '.join(facts)}."]
    if place.transport_stop:
        lines.append(f"{_('Nearest stop:')} {place.transport_stop}")
    if place.parking:
        lines.append(f"{_('Parking:')} {place.parking}")
    if place.accessibility_note:
        lines.append(place.accessibility_note.strip())
    return lines


def registration_note(series):
    if not series.registration_required:
        return _("No registration needed: just come.")
    days = series.registration_opens_days_before
    return ngettext(
        "Registration is needed. It opens %(days)s day before the date.",
        "Registration is needed. It opens %(days)s days before the date.",
        days,
    ) % {"days": days}


def event_description(series, place, *, first_lines=(), url=None, about_registration=True):
    """DESCRIPTION: what changed (if anything), the series' text, price, registration, access, link."""
    blocks = [line for line in first_lines if line]
    if series.description:
        blocks.append(series.description.strip())
    practical = []
    if series.price_note:
        practical.append(f"{_('Price')}: {series.price_note}")
    if about_registration:
        practical.append(registration_note(series))
    blocks.append("\n".join(practical))
    blocks.append("\n".join([location(place), *accessibility(place)]))
    if url:
        blocks.append(url)
    return "\n\n".join(block for block in blocks if block)


def change_lines(occurrence):
    """What a visitor must know first about one date: cancelled, or moved, and the staff's note."""
    lines = []
    if occurrence.is_cancelled:
        lines.append(_("This date is cancelled."))
    elif occurrence.start != occurrence.recurrence_id:
        lines.append(f"{capfirst(_('Moved from'))} {describe_date(to_local(occurrence.recurrence_id))}.")
    if occurrence.status_note:
        lines.append(occurrence.status_note)
    return [" ".join(lines)] if lines else []


def vevent(
    *, uid, stamp, start, summary, place, sequence, description, url=None, end=None, duration=None,
    status="CONFIRMED", categories=(), recurrence_id=None, rrule=None, exdates=(), utc=False,
):
    """One VEVENT from plain values; `start`, `end`, `recurrence_id` and `exdates` are aware datetimes.

    Times are written in Prague time (with TZID, for the VTIMEZONE of a feed), or in UTC with
    `utc`. Every EXDATE is a line of its own: some clients read only the first value of a list.
    """
    zone = UTC if utc else PRAGUE

    def _zoned(moment):
        return moment.astimezone(zone)

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    if recurrence_id is not None:
        event.add("recurrence-id", _zoned(recurrence_id))
    event.add("dtstart", _zoned(start))
    if end is not None:
        event.add("dtend", _zoned(end))
    else:
        event.add("duration", duration)
    if rrule:
        event.add("rrule", vRecur.from_ical(rrule))
    for excluded in sorted(exdates):
        event.add("exdate", _zoned(excluded))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location(place))
    if place.has_coordinates:
        event.add("geo", (float(place.latitude), float(place.longitude)))
    if categories:
        event.add("categories", list(categories))
    if url:
        event.add("url", url)
    event.add("organizer", department())
    event.add("status", status)
    event.add("sequence", sequence)
    return event


def single_date_event(occurrence, *, url=None):
    """One date in UTC, which every calendar shows at the right local time without a VTIMEZONE."""
    series = occurrence.series
    place = occurrence.place
    return vevent(
        uid=occurrence_uid(occurrence),
        stamp=max(occurrence.updated_at, series.updated_at),
        start=occurrence.start,
        end=occurrence.end,
        utc=True,
        summary=series.title,
        place=place,
        sequence=series.sequence + occurrence.sequence,
        status="CANCELLED" if occurrence.is_cancelled else "CONFIRMED",
        description=event_description(series, place, first_lines=change_lines(occurrence), url=url),
        url=url,
    )


def single_date_ics(occurrence, *, url=None):
    """The file attached to a ticket: one date, to import into any calendar."""
    calendar = file_calendar()
    calendar.add_component(single_date_event(occurrence, url=url))
    return calendar.to_ical()


def absolute(path):
    return settings.SITE_URL + path


def webcal(url):
    """The same address for calendar apps: webcal:// opens the subscription dialogue."""
    return "webcal://" + url.split("://", 1)[-1]
