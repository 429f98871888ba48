"""When can I bring it? Today's hours at a point, judged on Prague's clock, with its exceptions."""

from datetime import UTC, date, datetime, time

import pytest

from drives import hours, services
from drives.models import Weekday

from .conftest import CLOTHES, in_czech, point_at

pytestmark = pytest.mark.django_db

# Summer time starts in Prague on Sunday 29 March 2026 at 02:00 (01:00 UTC).
DST_SUNDAY = date(2026, 3, 29)


@pytest.fixture
def spring_drive(make_drive, martinska, serikova):
    """A drive over the change to summer time: Magistrát on weekdays, Šeříková on Sundays 10–11 and Tuesdays."""
    return make_drive(
        needs=CLOTHES, starts_on=date(2026, 3, 1), ends_on=date(2026, 4, 30),
        points={
            martinska: [(day, time(8, 0), time(12, 0)) for day in (Weekday.MONDAY, Weekday.TUESDAY)]
            + [(Weekday.TUESDAY, time(13, 0), time(17, 0))],
            serikova: [(Weekday.SUNDAY, time(10, 0), time(11, 0))],
        },
    )


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_today_s_hours_on_an_ordinary_tuesday_list_both_slots_in_order(spring_drive, martinska):
    point = point_at(spring_drive, martinska)

    today = hours.today_at(point, now=at(2026, 3, 3, 9, 0))  # 10:00 in Prague

    assert today.day == date(2026, 3, 3)
    assert today.slots == [(time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))]
    assert today.slots_text == "8:00–12:00, 13:00–17:00"
    assert hours.is_open_now(point, now=at(2026, 3, 3, 9, 0))
    assert not hours.is_open_now(point, now=at(2026, 3, 3, 11, 30))  # 12:30, the lunch break


def test_a_closed_day_overrides_the_week_and_says_why(spring_drive, martinska):
    point = point_at(spring_drive, martinska)
    services.set_exception(point, day=date(2026, 3, 3), closed=True, note="inventura", by=None)

    today = hours.today_at(point, now=at(2026, 3, 3, 9, 0))

    assert not today.is_open and today.exceptional
    assert "inventura" in in_czech(lambda: today.text)
    assert not hours.is_open_now(point, now=at(2026, 3, 3, 9, 0))


def test_special_hours_replace_the_week_for_that_day_only(spring_drive, martinska):
    point = point_at(spring_drive, martinska)
    services.set_exception(point, day=date(2026, 3, 3), closed=False, opens=time(15, 0), closes=time(19, 0),
                           note="den otevřených dveří", by=None)

    assert hours.today_at(point, now=at(2026, 3, 3, 9, 0)).slots == [(time(15, 0), time(19, 0))]
    assert not hours.is_open_now(point, now=at(2026, 3, 3, 9, 0))
    assert hours.is_open_now(point, now=at(2026, 3, 3, 17, 0))  # 18:00 in Prague
    assert hours.today_at(point, now=at(2026, 3, 10, 9, 0)).slots[0] == (time(8, 0), time(12, 0))


def test_on_the_day_the_clocks_go_forward_the_hours_follow_prague_s_clock(spring_drive, serikova):
    point = point_at(spring_drive, serikova)

    # 08:30 UTC is 10:30 in Prague that Sunday (UTC+2 from 02:00); on the winter offset it would be 09:30.
    assert hours.is_open_now(point, now=at(2026, 3, 29, 8, 30))
    # 09:30 UTC is 11:30 in Prague: closed, though on the winter offset it would still be 10:30.
    assert not hours.is_open_now(point, now=at(2026, 3, 29, 9, 30))
    # A week earlier, on winter time, 09:30 UTC is 10:30 in Prague: open.
    assert hours.is_open_now(point, now=at(2026, 3, 22, 9, 30))


def test_just_after_midnight_in_prague_today_is_already_the_next_day(spring_drive, serikova):
    point = point_at(spring_drive, serikova)

    today = hours.today_at(point, now=at(2026, 3, 28, 23, 30))  # Sunday 00:30 in Prague, Saturday in UTC

    assert today.day == DST_SUNDAY
    assert today.slots == [(time(10, 0), time(11, 0))]


def test_outside_the_drive_s_dates_a_point_is_closed(spring_drive, martinska):
    point = point_at(spring_drive, martinska)

    before = hours.today_at(point, now=at(2026, 2, 23, 9, 0))  # a Monday before the drive

    assert not before.is_open and before.outside_drive


def test_a_closed_drive_s_points_are_never_open(spring_drive, martinska):
    services.close_drive(spring_drive, by=None)
    point = point_at(spring_drive, martinska)

    assert not hours.is_open_now(point, now=at(2026, 3, 3, 9, 0))


def test_the_next_open_day_is_offered_when_today_is_closed(spring_drive, serikova):
    point = point_at(spring_drive, serikova)

    following = hours.next_open_day(point, now=at(2026, 3, 23, 9, 0))  # a Monday

    assert following.day == DST_SUNDAY


def test_hours_that_close_before_they_open_or_overlap_are_refused(spring_drive, martinska):
    point = point_at(spring_drive, martinska)

    with pytest.raises(services.DrivesError) as backwards:
        services.add_opening_hours(point, weekday=Weekday.FRIDAY, opens=time(12, 0), closes=time(8, 0), by=None)
    with pytest.raises(services.DrivesError) as overlapping:
        services.add_opening_hours(point, weekday=Weekday.MONDAY, opens=time(11, 0), closes=time(14, 0), by=None)
    with pytest.raises(services.DrivesError) as outside:
        services.set_exception(point, day=date(2026, 5, 4), closed=True, by=None)

    assert (backwards.value.code, overlapping.value.code, outside.value.code) == (
        "closes_before_opening", "hours_overlap", "outside_drive",
    )
    assert point.hours.count() == 3 and not point.exceptions.exists()
