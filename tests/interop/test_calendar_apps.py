"""The feed read by parsers nobody here wrote gives exactly the dates the website and the API give.

icalendar parses it and recurring-ical-events expands it; the independent `ical` package
(Home Assistant's) parses and expands it again. A year of either must equal, date for date
and minute for minute in Prague time, the scheduled dates of /api/v1/occurrences/ — cancelled
dates absent, moved dates at their new time and place, across both daylight-saving changes.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar

PRAGUE = ZoneInfo("Europe/Prague")
FEED = "/feeds/program.ics"
DAYS = 365


def window():
    first = date.today()
    return first, first + timedelta(days=DAYS)


def bounds():
    first, last = window()
    return (datetime.combine(first, time.min, tzinfo=PRAGUE),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=PRAGUE))


def in_prague(moment):
    return moment.astimezone(PRAGUE).strftime("%Y-%m-%d %H:%M")


def from_the_api(client, query=""):
    """Every scheduled date the API lists for the year, as (title, start, end) in Prague time."""
    first, last = window()
    url = f"/api/v1/occurrences/?from={first}&to={last}{query}"
    dates = []
    while url:
        body = client.get(url).json()
        dates += [
            (item["title"], in_prague(datetime.fromisoformat(item["start"])),
             in_prague(datetime.fromisoformat(item["end"])))
            for item in body["results"] if item["status"] == "scheduled"
        ]
        url = body["next"]
    start, end = bounds()
    return sorted(item for item in dates if start <= datetime.fromisoformat(item[1]).replace(tzinfo=PRAGUE) < end)


def expanded_by_recurring_ical_events(body):
    start, end = bounds()
    calendar = Calendar.from_ical(body)
    return sorted(
        (str(event["SUMMARY"]), in_prague(event["DTSTART"].dt), in_prague(event["DTEND"].dt))
        for event in recurring_ical_events.of(calendar).between(start, end)
        if str(event.get("STATUS", "CONFIRMED")) != "CANCELLED" and start <= event["DTSTART"].dt < end
    )


def expanded_by_ical(body):
    start, end = bounds()
    calendar = IcsCalendarStream.calendar_from_ics(body.decode("utf-8"))
    return sorted(
        (event.summary, in_prague(event.dtstart), in_prague(event.dtend))
        for event in calendar.timeline_tz(PRAGUE).overlapping(start, end)
        if (event.status is None or event.status.value != "CANCELLED") and start <= event.dtstart < end
    )


@pytest.fixture
def feed_and_api(client, year_of_programme):
    body = client.get(FEED).content
    return body, from_the_api(client)


def test_recurring_ical_events_expands_the_year_the_api_lists(feed_and_api):
    body, api = feed_and_api

    assert expanded_by_recurring_ical_events(body) == api


def test_the_ical_package_expands_the_year_the_api_lists(feed_and_api):
    body, api = feed_and_api

    assert expanded_by_ical(body) == api


def test_the_tricky_dates_are_really_in_the_year(feed_and_api, year_of_programme):
    _body, api = feed_and_api
    spring, autumn = year_of_programme["spring"], year_of_programme["autumn"]
    dances = {start: end for title, start, end in api if title == "Oldies Goldies"}

    assert f"{spring} 18:00" not in dances  # cancelled on the Sunday the clocks go forward
    assert dances[f"{autumn} 19:30"] == f"{autumn} 22:00"  # moved on the Sunday they go back
    assert dances[f"{spring + timedelta(days=7)} 18:00"] == f"{spring + timedelta(days=7)} 21:00"
    festival = [(start, end) for title, start, end in api if title == "Senioři baví seniory"]
    if festival:  # unless the festival's Friday is today or tomorrow
        (start, end), = festival
        assert (start[11:], end[11:]) == ("10:00", "16:00")
    memory = [start for title, start, _end in api if title == "Trénink paměti"]
    assert len(memory) == 19 and all(start.endswith("09:00") for start in memory)


def test_a_venue_feed_expands_to_what_the_api_lists_for_that_venue(client, year_of_programme):
    for venue in ("mestanska-beseda", "depo2015"):
        body = client.get(f"{FEED}?venue={venue}").content

        api = from_the_api(client, f"&venue={venue}")
        assert api
        assert expanded_by_recurring_ical_events(body) == api
        assert expanded_by_ical(body) == api


def test_icalendar_reads_every_component_and_property_back(client, year_of_programme):
    body = client.get(FEED).content

    calendar = Calendar.from_ical(body)

    assert calendar.get_missing_tzids() == set()
    assert [component.name for component in calendar.subcomponents][0] == "VTIMEZONE"
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "ORGANIZER", "SEQUENCE", "LOCATION", "URL"):
            assert name in event, (name, event["UID"])
        assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()


def test_the_ical_package_reads_our_vtimezone_as_zoneinfo_does(client, year_of_programme):
    calendar = IcsCalendarStream.calendar_from_ics(client.get(FEED).content.decode("utf-8"))
    (timezone,) = calendar.timezones
    described = IcsTimezoneInfo.from_timezone(timezone)

    for year in (2026, 2027, 2028, 2031, 2035, 2040):
        for month, day in ((3, 20), (10, 20)):
            for hour in range(12 * 24):
                moment = datetime(year, month, day, tzinfo=ZoneInfo("UTC")) + timedelta(hours=hour)
                local = moment.astimezone(PRAGUE).replace(tzinfo=None)
                if local.replace(tzinfo=PRAGUE, fold=0).utcoffset() != local.replace(
                        tzinfo=PRAGUE, fold=1).utcoffset():
                    continue  # the hour that happens twice: a wall-clock time cannot say which
                assert local.replace(tzinfo=described).utcoffset() == moment.astimezone(PRAGUE).utcoffset(), moment


def test_the_year_needs_a_constant_number_of_queries(client, year_of_programme):
    with CaptureQueriesContext(connection) as captured:
        client.get(FEED)

    assert len(captured) <= 5
