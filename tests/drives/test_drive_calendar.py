"""A drive's collection points have a calendar of their own, now that the programme shows them as one line a day
(issue 14, item 1): each weekly slot one repeating event, a closed day left out, another drive's points not in it."""

import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from drives import services
from drives.models import Drive, Weekday
from events.models import Venue

from .conftest import CLOTHES, point_at

pytestmark = pytest.mark.django_db


def next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


@pytest.fixture
def two_slots(make_drive, martinska, serikova):
    """Magistrát on Wednesdays 8–17, Šeříková on Saturdays 9–12."""
    return make_drive(needs=CLOTHES, points={
        martinska: [(Weekday.WEDNESDAY, time(8, 0), time(17, 0))],
        serikova: [(Weekday.SATURDAY, time(9, 0), time(12, 0))],
    })


def feed_of(client, drive):
    response = client.get(f"/sbirky/{drive.slug}/kalendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response, Calendar.from_ical(response.content)


def test_the_drive_calendar_has_one_repeating_event_per_slot_of_its_points(client, two_slots, make_drive, martinska):
    other = make_drive("Nebuďme lhostejní", slug="nebudme-lhostejni", needs=CLOTHES,
                       points={martinska: [(Weekday.MONDAY, time(8, 0), time(15, 0))]})

    _response, calendar = feed_of(client, two_slots)

    events = calendar.walk("VEVENT")
    assert sorted(str(event["SUMMARY"]) for event in events) == [
        "Ukliď šatník! · Kulturní dům Šeříková", "Ukliď šatník! · Magistrát – Odbor sociálních služeb",
    ]
    assert sorted(event["RRULE"]["BYDAY"][0] for event in events) == ["SA", "WE"]
    assert str(calendar["X-WR-CALNAME"]) == "Sběrná místa: Ukliď šatník!"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Prague"
    assert "Nebuďme" not in feed_of(client, two_slots)[0].content.decode()
    assert len(feed_of(client, other)[1].walk("VEVENT")) == 1


def test_a_closed_day_is_left_out_of_the_drive_calendar(client, two_slots, martinska, today):
    closed_day = next_weekday(today + timedelta(days=1), Weekday.WEDNESDAY)
    services.set_exception(point_at(two_slots, martinska), day=closed_day, closed=True, note="inventura", by=None)

    (event,) = [e for e in feed_of(client, two_slots)[1].walk("VEVENT") if e["RRULE"]["BYDAY"] == ["WE"]]
    values = event["EXDATE"] if isinstance(event["EXDATE"], list) else [event["EXDATE"]]
    assert [moment.dt.date() for value in values for moment in value.dts] == [closed_day]


def test_a_calendar_that_asks_again_gets_not_modified(client, two_slots):
    response, _calendar = feed_of(client, two_slots)
    again = client.get(f"/sbirky/{two_slots.slug}/kalendar.ics", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_closed_drive_s_calendar_empties_and_a_prepared_one_is_not_found(client, two_slots, make_drive, serikova):
    services.close_drive(two_slots, by=None)
    assert feed_of(client, two_slots)[1].walk("VEVENT") == []
    prepared = make_drive("Školní pomůcky", slug="skolni-pomucky", status=Drive.Status.PREPARED, needs=CLOTHES,
                          points={serikova: [(Weekday.MONDAY, time(8, 0), time(12, 0))]})
    assert client.get(f"/sbirky/{prepared.slug}/kalendar.ics").status_code == 404


def test_the_drive_page_offers_its_calendar(client, two_slots):
    page = client.get(two_slots.get_absolute_url()).content.decode()
    assert "Otevírací hodiny této sbírky ve vašem kalendáři" in page
    assert re.search(rf'href="webcal://[^"]+/sbirky/{two_slots.slug}/kalendar.ics"', page)


def test_the_drive_calendar_reads_a_fixed_number_of_queries(client, make_drive):
    few = make_drive(needs=CLOTHES, points={
        Venue.objects.create(name="Místo 0", slug="misto-0"): [(Weekday.MONDAY, time(8, 0), time(12, 0))],
    })
    many = make_drive("Nový začátek", slug="novy-zacatek", needs=CLOTHES, points={
        Venue.objects.create(name=f"Místo {n}", slug=f"misto-{n}"): [
            (day, time(8, 0), time(12, 0)) for day in (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY)
        ] for n in range(1, 7)
    })
    queries = []
    for drive in (few, many):
        with CaptureQueriesContext(connection) as captured:
            events = feed_of(client, drive)[1].walk("VEVENT")
        queries.append(len(captured))
    assert len(events) == 18
    assert queries[0] == queries[1], queries
