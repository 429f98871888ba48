"""iCalendar building blocks that live with the programme (feeds reuse them)."""

from datetime import UTC

from django.conf import settings
from icalendar import Calendar, Event

PRODID = "-//Spolu//Odbor socialnich sluzeb//CS"


def new_calendar(name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def occurrence_uid(occurrence):
    return f"occurrence-{occurrence.pk}@spolu"


def occurrence_event(occurrence, *, url=None):
    """One date as a VEVENT in UTC, which every calendar shows at the right local time."""
    place = occurrence.place
    event = Event()
    event.add("uid", occurrence_uid(occurrence))
    event.add("dtstamp", occurrence.updated_at.astimezone(UTC))
    event.add("dtstart", occurrence.start.astimezone(UTC))
    event.add("dtend", occurrence.end.astimezone(UTC))
    event.add("summary", occurrence.series.title)
    event.add("location", f"{place.name}, {place.address}")
    event.add("sequence", occurrence.sequence)
    event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    if url:
        event.add("url", url)
    if occurrence.series.description:
        event.add("description", occurrence.series.description)
    return event


def single_date_ics(occurrence, *, url=None):
    calendar = new_calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(occurrence_event(occurrence, url=url))
    return calendar.to_ical()


def absolute(path):
    return settings.SITE_URL + path
