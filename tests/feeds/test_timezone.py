"""The VTIMEZONE in every feed says what zoneinfo says about Prague, year after year.

Written with RRULE lines (one STANDARD, one DAYLIGHT), the form Outlook expects: clients that
read only the first value of a multi-valued RDATE would show every summer date an hour late.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.ical import prague_timezone

PRAGUE = ZoneInfo("Europe/Prague")
YEARS = range(1997, 2041)


def instants(years=YEARS):
    """Every hour of the last eight days of March and October, and the middle of every month."""
    for year in years:
        for month in (3, 10):
            start = datetime(year, month, 24, tzinfo=UTC)
            yield from (start + timedelta(hours=hour) for hour in range(8 * 24))
        yield from (datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13))


def test_the_rules_are_rrules_not_a_list_of_dates():
    timezone = prague_timezone()

    assert str(timezone["TZID"]) == "Europe/Prague"
    observances = {component.name: component for component in timezone.subcomponents}
    assert set(observances) == {"STANDARD", "DAYLIGHT"}
    for component in observances.values():
        assert "RDATE" not in component
        assert len(component.rrules) == 1
    assert observances["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert observances["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"


def test_every_moment_has_the_offset_zoneinfo_gives():
    # dateutil reads the block here (icalendar hands it over when not told to use the TZID).
    described = prague_timezone().to_tz(lookup_tzid=False)

    wrong = [
        moment for moment in instants()
        if moment.astimezone(described).utcoffset() != moment.astimezone(PRAGUE).utcoffset()
    ]

    assert wrong == []


@pytest.mark.parametrize("year", [2026, 2027, 2030, 2037, 2040])
def test_local_times_around_the_changes_map_to_the_same_instants(year):
    described = prague_timezone().to_tz(lookup_tzid=False)
    for month in (3, 10):
        day = max(datetime(year, month, d) for d in range(25, 32) if datetime(year, month, d).weekday() == 6)
        for hour in (0, 1, 4, 12, 18, 23):  # 02:00–03:00 does not exist or happens twice: refused at entry
            local = day.replace(hour=hour)
            assert local.replace(tzinfo=described).utcoffset() == local.replace(tzinfo=PRAGUE).utcoffset()
