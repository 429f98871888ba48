"""Expand an iCalendar feed the way Evolution and GNOME Calendar do, with libical, and print its dates.

    /usr/bin/python3 libical_expand.py FROM TO < feed.ics

Run by the system Python, which has GObject introspection (Debian: gir1.2-ical-3.0, python3-gi);
the project's virtualenv has not. FROM and TO are instants (ISO 8601 with an offset). Prints a
JSON list of [summary, start, end], start and end as "YYYY-MM-DD HH:MM" in Europe/Prague wall-clock
time, for every date that starts in [FROM, TO) and is not cancelled. Exits with 3 when libical
cannot be loaded, so the caller can tell a missing library from a failure.

libical does the work: the feed is parsed by ICalGLib (its VTIMEZONE resolves the TZIDs), each
series is expanded by Component.foreach_recurrence (RRULE, RDATE, EXDATE), which gives every date
the length of the first one, DTEND - DTSTART (or DURATION) as elapsed seconds; it is deliberately
not corrected here. As Evolution does, a VEVENT with a RECURRENCE-ID replaces the date of its
series that starts at that instant; one whose series is not in the feed stands on its own.
"""

import json
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

try:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as error:
    print(f"libical (ICalGLib 3.0) cannot be loaded: {error}", file=sys.stderr)
    sys.exit(3)

PRAGUE = ZoneInfo("Europe/Prague")
# An override may move a date by up to 14 days, into the window from outside it or out of it.
LOOK_AROUND = timedelta(days=31)


def in_prague(timestamp):
    return datetime.fromtimestamp(timestamp, PRAGUE).strftime("%Y-%m-%d %H:%M")


def as_time(moment):
    return ICalGLib.Time.new_from_timet_with_zone(int(moment.timestamp()), 0, ICalGLib.Timezone.get_utc_timezone())


def spans(component, first, last):
    """libical's own expansion of one VEVENT: (start, end) as UNIX times."""
    found = []
    component.foreach_recurrence(
        as_time(first), as_time(last), lambda _comp, span, _data: found.append((span.get_start(), span.get_end())),
        None,
    )
    return found


def recurrence_instant(calendar, component):
    """The instant a RECURRENCE-ID names, read in the zone of its TZID (the feed's VTIMEZONE)."""
    prop = component.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY)
    value = prop.get_recurrenceid()
    parameter = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
    if value.is_utc() or parameter is None:
        zone = ICalGLib.Timezone.get_utc_timezone() if value.is_utc() else None
    else:
        zone = calendar.get_timezone(parameter.get_tzid())
        if zone is None:
            raise SystemExit(f"RECURRENCE-ID in a zone the feed does not describe: {parameter.get_tzid()}")
    return value.as_timet_with_zone(zone)


def cancelled(component):
    return component.get_status() == ICalGLib.PropertyStatus.CANCELLED


def main():
    first, last = (datetime.fromisoformat(value) for value in sys.argv[1:3])
    calendar = ICalGLib.Component.new_from_string(sys.stdin.read())
    if calendar is None:
        raise SystemExit("libical could not parse the feed")
    events = []
    component = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while component is not None:
        events.append(component)
        component = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)

    masters = {event.get_uid(): event for event in events if event.get_first_property(
        ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is None}
    overrides = {}
    for event in events:
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            overrides.setdefault(event.get_uid(), {})[recurrence_instant(calendar, event)] = event

    dates = []

    def keep(event, start, end):
        if not cancelled(event) and first.timestamp() <= start < last.timestamp():
            dates.append([event.get_summary(), in_prague(start), in_prague(end)])

    for uid, master in masters.items():
        replaced = overrides.get(uid, {})
        for start, end in spans(master, first - LOOK_AROUND, last + LOOK_AROUND):
            if start in replaced:
                override = replaced[start]
                for moved_start, moved_end in spans(override, first - LOOK_AROUND, last + LOOK_AROUND):
                    keep(override, moved_start, moved_end)
            elif not cancelled(master):
                keep(master, start, end)
    for uid, by_instant in overrides.items():
        if uid not in masters:
            for override in by_instant.values():
                for start, end in spans(override, first - LOOK_AROUND, last + LOOK_AROUND):
                    keep(override, start, end)

    json.dump(sorted(dates), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
