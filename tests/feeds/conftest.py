"""Reading the feeds the way a calendar app does, and changing dates the way staff do."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from events.admin_forms import OccurrenceAdminForm
from events.recurrence import PRAGUE
from registrations.models import Person
from registrations.services import register

FEED = "/feeds/program.ics"


def parse(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar, uid=None):
    return [event for event in calendar.walk("VEVENT") if uid is None or str(event["UID"]) == uid]


def master(calendar, uid):
    """The VEVENT of a series itself (without RECURRENCE-ID)."""
    (event,) = [event for event in vevents(calendar, uid) if "RECURRENCE-ID" not in event]
    return event


def override(calendar, uid, original_start):
    (event,) = [
        event for event in vevents(calendar, uid)
        if "RECURRENCE-ID" in event and event["RECURRENCE-ID"].dt == original_start
    ]
    return event


def exdates(event):
    """Every EXDATE of a VEVENT, one line or several, as aware datetimes."""
    values = event.get("EXDATE", [])
    values = values if isinstance(values, list) else [values]
    return sorted(moment.dt for value in values for moment in value.dts)


def prague(moment):
    return moment.astimezone(PRAGUE)


def change_date(occurrence, **changes):
    """Save a date through the form staff use in the admin (it raises SEQUENCE and flags the change).

    A new start without an end is sent with the end left empty, which keeps the date's length.
    """
    data = {
        "start": prague(occurrence.start).strftime("%Y-%m-%d %H:%M"),
        "end": "" if "start" in changes else prague(occurrence.end).strftime("%Y-%m-%d %H:%M"),
        "status": occurrence.status, "status_note": occurrence.status_note,
        "venue": occurrence.venue_id or "", "capacity": occurrence.capacity if occurrence.capacity else "",
    }
    for name, value in changes.items():
        if isinstance(value, datetime):
            value = prague(value).strftime("%Y-%m-%d %H:%M")
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    form = OccurrenceAdminForm(data, instance=occurrence)
    assert form.is_valid(), form.errors
    form.save()
    occurrence.refresh_from_db()
    return occurrence


def last_sunday(year, month):
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_clock_change(month, after=None):
    """The next last Sunday of March (3) or October (10) after `after` (today)."""
    after = after or date.today()
    day = last_sunday(after.year, month)
    return day if day > after else last_sunday(after.year + 1, month)


@pytest.fixture
def depo(db):
    from events.models import Venue

    return Venue.objects.create(
        name="DEPO2015", slug="depo2015", street="Presslova 14", postal_code="301 00", step_free_access=True,
        transport_stop="Depo (trolejbus 16)",
    )


@pytest.fixture
def marie(oldies_goldies, small_workshop):
    """Who subscribes to her calendar: Marie has a place at the next dance, is second in line for the workshop."""
    dance = oldies_goldies.occurrences.order_by("start")[0]
    register(small_workshop, name="Eva Malá", email="eva@seznam.cz")
    register(dance, name="Marie Dvořáková", email="marie@seznam.cz", seats=2)
    register(small_workshop, name="Marie Dvořáková", email="marie@seznam.cz")
    return Person.objects.get(email="marie@seznam.cz")
