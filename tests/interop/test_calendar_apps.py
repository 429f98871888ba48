"""The feed read by parsers nobody here wrote gives exactly the dates the website and the API give.

Four parsers expand it (see parsers.py): icalendar + recurring-ical-events, the `ical` package
(Home Assistant's), ical.js (Thunderbird's, run with node) and libical (Evolution's and GNOME
Calendar's, through GObject introspection). Thirteen months of each must equal, date for date and
minute for minute in Prague time, start and end, the scheduled dates of /api/v1/occurrences/ —
cancelled dates absent, moved dates at their new time and place, across both daylight-saving
changes — for the demo year and for the hard cases of conftest.py.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar

from tests.interop.conftest import HARD_CASES
from tests.interop.parsers import PARSERS, differences, expand, from_the_api

PRAGUE = ZoneInfo("Europe/Prague")
FEED = "/feeds/program.ics"


def assert_expands_like_the_api(parser, body, api, *, feed=FEED, cases=None):
    found = differences(expand(parser, body), api, cases)
    if found:
        pytest.fail(f"{parser} expands {feed} unlike /api/v1/occurrences/ (13 months, Prague time):\n  "
                    + "\n  ".join(found), pytrace=False)


@pytest.fixture
def feed_and_api(client, year_of_programme):
    body = client.get(FEED).content
    return body, from_the_api(client)


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_expands_the_year_the_api_lists(parser, feed_and_api):
    body, api = feed_and_api

    assert_expands_like_the_api(parser, body, api)


@pytest.fixture
def hard_feed_and_api(client, hard_cases):
    body = client.get(FEED).content
    return body, from_the_api(client)


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_expands_the_hard_cases_the_api_lists(parser, hard_feed_and_api):
    body, api = hard_feed_and_api

    assert_expands_like_the_api(parser, body, api, cases=HARD_CASES)


def test_the_tricky_dates_are_really_in_the_year(feed_and_api, year_of_programme):
    _body, api = feed_and_api
    spring, autumn = year_of_programme["spring"], year_of_programme["autumn"]
    dances = {start: end for title, start, end in api if title == "Oldies Goldies"}

    assert f"{spring} 18:00" not in dances  # cancelled on the Sunday the clocks go forward
    assert dances[f"{autumn} 19:30"] == f"{autumn} 22:00"  # moved on the Sunday they go back
    assert dances[f"{spring + timedelta(days=7)} 18:00"] == f"{spring + timedelta(days=7)} 21:00"
    festival = [(start, end) for title, start, end in api if title == "Senioři baví seniory"]
    if festival:  # unless the festival's Friday is today or tomorrow
        start, end = festival[0]  # and next year's, when it falls within the 13 months
        assert (start[11:], end[11:]) == ("10:00", "16:00")
    memory = [start for title, start, _end in api if title == "Trénink paměti"]
    assert len(memory) == 19 and all(start.endswith("09:00") for start in memory)


@pytest.mark.parametrize("parser", PARSERS)
def test_a_venue_feed_expands_to_what_the_api_lists_for_that_venue(parser, client, year_of_programme):
    for venue in ("mestanska-beseda", "depo2015"):
        body = client.get(f"{FEED}?venue={venue}").content

        api = from_the_api(client, f"&venue={venue}")
        assert api
        assert_expands_like_the_api(parser, body, api, feed=f"{FEED}?venue={venue}")


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

    # The version, series, audiences, excluded days, rows; then since when the feed is what it is
    # (read, and written when it changed).
    assert len(captured) <= 7


def test_the_hard_cases_are_really_in_the_window(hard_feed_and_api, hard_cases):
    _body, api = hard_feed_and_api
    spring, autumn, week_20 = hard_cases["spring"], hard_cases["autumn"], hard_cases["week_20"]
    dates = {}
    for title, start, end in api:
        dates.setdefault(title, {})[start] = end
    day = timedelta(days=1)

    assert set(dates) == set(HARD_CASES)
    moves = dates["Šikovné ruce"]
    for moved in (f"{spring + day} 17:00", f"{spring - day} 10:00", f"{autumn} 17:00", f"{autumn - day} 17:00"):
        assert moved in moves
    for moved_from in (spring - 2 * day, spring + 5 * day, autumn - 2 * day, autumn + 5 * day):
        assert f"{moved_from} 17:00" not in moves
    assert f"{spring} 15:00" not in dates["Kavárna pro seniory"]
    assert f"{autumn} 15:00" not in dates["Kavárna pro seniory"]
    assert {start[11:] for start in dates["Tance v kruhu"]} - {"17:00"} == {"19:00"}  # 17:00: moved by hand
    nights = dates["Noční tančírna"]
    assert nights[f"{spring - day} 22:00"] == f"{spring} 05:00"
    assert nights[f"{autumn - day} 22:00"] == f"{autumn} 05:00"
    assert max(dates["Kondiční cvičení"]) == f"{spring + day} 16:00"
    assert max(dates["Cvičení paměti"]) == f"{autumn + 3 * day} 10:00"
    last_fridays = {start[:10] for start in dates["Posezení s harmonikou"]}
    assert last_fridays == {start[:10] for start in dates["Klub pamětníků"]}
    assert len(last_fridays) >= 12 and all(datetime.fromisoformat(day).weekday() == 4 for day in last_fridays)
    assert dates["Senioři baví seniory"][f"{autumn - 2 * day} 10:00"] == f"{autumn} 10:00"
    assert dates["Podzimní víkendy"][f"{autumn - 2 * day} 10:00"] == f"{autumn} 10:00"
    assert dates["Jarní víkendy"][f"{spring - 2 * day} 10:00"] == f"{spring} 10:00"
    assert sorted(dates["Týden sociálních služeb"])[:5] == [f"{week_20 + n * day} 10:00" for n in range(5)]
    driving = {(datetime.fromisoformat(start).weekday(), start[11:], end[11:])
               for start, end in dates["Prostě pořád řídím"].items()}
    assert (3, "17:00", "19:30") in driving and (2, "16:00", "18:00") not in driving  # Thursdays now, not Wednesdays
