"""Collection hours reach the programme and subscribed calendars as events of kind "sbírka".

Each weekly slot of a point is one weekly series until the drive's last day; a closed day is an
excluded date (EXDATE), a day with other hours a one-off series; closing the drive unpublishes them.
"""

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from drives import services
from drives.models import Drive, DriveSeries, Weekday
from events.models import Kind, Occurrence, Series
from events.recurrence import PRAGUE

from .conftest import CLOTHES, point_at

pytestmark = pytest.mark.django_db
FEED = "/feeds/program.ics?kind=collection"


def collection_events(client):
    response = client.get(FEED)
    assert response.status_code == 200
    return [event for event in Calendar.from_ical(response.content).walk("VEVENT")]


def next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


@pytest.fixture
def two_slots(make_drive, martinska, serikova):
    """Magistrát on Wednesdays 8–17, Šeříková on Saturdays 9–12."""
    return make_drive(needs=CLOTHES, points={
        martinska: [(Weekday.WEDNESDAY, time(8, 0), time(17, 0))],
        serikova: [(Weekday.SATURDAY, time(9, 0), time(12, 0))],
    })


def test_each_weekly_slot_is_one_collection_series_at_the_point_s_venue(two_slots, martinska, today):
    wednesday = Series.objects.get(venue=martinska)

    assert Series.objects.filter(kind=Kind.COLLECTION).count() == 2
    assert wednesday.kind == Kind.COLLECTION and wednesday.published and not wednesday.registration_required
    assert "Ukliď šatník!" in wednesday.title and "Martinská" not in wednesday.title
    assert two_slots.get_absolute_url() in wednesday.description
    starts = [o.start.astimezone(PRAGUE) for o in wednesday.occurrences.order_by("start")]
    assert {start.weekday() for start in starts} == {Weekday.WEDNESDAY}
    assert {(start.hour, start.minute) for start in starts} == {(8, 0)}
    assert starts[-1].date() <= two_slots.ends_on
    assert all(o.end - o.start == timedelta(hours=9) for o in wednesday.occurrences.all())


def test_the_programme_page_lists_the_collection_dates(client, two_slots, today):
    page = client.get("/", {"kind": Kind.COLLECTION}).content.decode()

    assert "Ukliď šatník! · Kulturní dům Šeříková" in page
    assert "Ukliď šatník! · Magistrát – Odbor sociálních služeb" in page


def test_the_calendar_feed_has_one_repeating_event_per_slot_until_the_last_day(client, two_slots):
    events = collection_events(client)

    assert len(events) == 2
    rules = [dict(part.split("=") for part in event["RRULE"].to_ical().decode().split(";")) for event in events]
    assert sorted(rule["BYDAY"] for rule in rules) == ["SA", "WE"]
    assert {rule["FREQ"] for rule in rules} == {"WEEKLY"}
    # The end of the last day in Prague, in UTC: 21:59:59 in summer, 22:59:59 in winter.
    assert all(rule["UNTIL"].startswith(f"{two_slots.ends_on:%Y%m%d}T2") for rule in rules)
    assert {str(event["SUMMARY"]) for event in events} == set(Series.objects.values_list("title", flat=True))


def test_a_closed_day_is_left_out_of_the_series_and_the_calendar(client, two_slots, martinska, today):
    closed_day = next_weekday(today + timedelta(days=1), Weekday.WEDNESDAY)
    services.set_exception(point_at(two_slots, martinska), day=closed_day, closed=True, note="inventura", by=None)

    series = Series.objects.get(venue=martinska)
    assert list(series.excluded_dates.values_list("date", "reason")) == [(closed_day, "inventura")]
    assert not series.occurrences.filter(start__date=closed_day).exists()
    (event,) = [event for event in collection_events(client) if "BYDAY=WE" in event["RRULE"].to_ical().decode()]
    values = event["EXDATE"] if isinstance(event["EXDATE"], list) else [event["EXDATE"]]
    assert [moment.dt.date() for value in values for moment in value.dts] == [closed_day]


def test_a_day_with_other_hours_is_its_own_event_at_those_hours(client, two_slots, martinska, today):
    special_day = next_weekday(today + timedelta(days=1), Weekday.WEDNESDAY)
    services.set_exception(point_at(two_slots, martinska), day=special_day, closed=False, opens=time(12, 0),
                           closes=time(19, 0), by=None)

    dates = Occurrence.objects.filter(series__venue=martinska, start__date=special_day)
    assert [(o.start.astimezone(PRAGUE).hour, o.end.astimezone(PRAGUE).hour) for o in dates] == [(12, 19)]
    assert len(collection_events(client)) == 3


def test_changing_the_hours_moves_the_dates_and_removing_a_slot_removes_its_series(two_slots, martinska, serikova):
    saturday = point_at(two_slots, serikova).hours.get()
    wednesday_series = Series.objects.get(venue=martinska)
    sequence = wednesday_series.sequence

    services.remove_opening_hours(saturday, by=None)
    services.add_opening_hours(point_at(two_slots, martinska), weekday=Weekday.WEDNESDAY, opens=time(17, 30),
                               closes=time(19, 0), by=None)

    assert not Series.objects.filter(venue=serikova).exists()
    assert Series.objects.filter(venue=martinska).count() == 2
    assert Series.objects.get(pk=wednesday_series.pk).sequence == sequence  # untouched slot: same event


def test_closing_the_drive_takes_its_hours_out_of_the_programme_and_the_calendars(client, two_slots):
    assert len(collection_events(client)) == 2

    services.close_drive(two_slots, by=None)

    assert not Series.objects.filter(kind=Kind.COLLECTION, published=True).exists()
    assert collection_events(client) == []
    assert "Ukliď šatník!" not in client.get("/", {"kind": Kind.COLLECTION}).content.decode()


def test_a_prepared_drive_s_hours_are_not_public_until_it_starts(client, make_drive, martinska):
    drive = make_drive(needs=CLOTHES, status=Drive.Status.PREPARED,
                       points={martinska: [(Weekday.MONDAY, time(8, 0), time(12, 0))]})
    assert Series.objects.get(venue=martinska).published is False
    assert collection_events(client) == []

    services.open_drive(drive, by=None)

    assert len(collection_events(client)) == 1


def test_a_slot_on_a_day_the_drive_never_reaches_has_no_series(make_drive, martinska, today):
    make_drive(needs=CLOTHES, starts_on=today, ends_on=today,
               points={martinska: [(weekday, time(8, 0), time(9, 0)) for weekday in Weekday.values]})

    assert Series.objects.count() == 1  # only today's weekday


def test_deleting_a_point_or_a_drive_takes_its_series_with_it(two_slots, martinska):
    point_at(two_slots, martinska).delete()
    assert Series.objects.count() == 1 == DriveSeries.objects.count()

    Drive.objects.get(pk=two_slots.pk).delete()
    assert not Series.objects.exists()


def test_a_change_made_in_the_admin_is_carried_to_the_programme(admin_client, two_slots, martinska):
    point = point_at(two_slots, martinska)
    slot = point.hours.get()
    form = {
        "drive": two_slots.pk, "venue": martinska.pk, "note": "", "position": 0,
        "hours-TOTAL_FORMS": 2, "hours-INITIAL_FORMS": 1, "hours-MIN_NUM_FORMS": 0, "hours-MAX_NUM_FORMS": 1000,
        "hours-0-id": slot.pk, "hours-0-point": point.pk, "hours-0-weekday": Weekday.WEDNESDAY,
        "hours-0-opens": "10:00", "hours-0-closes": "12:00",
        "hours-1-point": point.pk, "hours-1-weekday": Weekday.FRIDAY, "hours-1-opens": "09:00",
        "hours-1-closes": "11:00",
        "exceptions-TOTAL_FORMS": 0, "exceptions-INITIAL_FORMS": 0, "exceptions-MIN_NUM_FORMS": 0,
        "exceptions-MAX_NUM_FORMS": 1000,
    }

    response = admin_client.post(f"/admin/drives/collectionpoint/{point.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    starts = {(o.start.astimezone(PRAGUE).weekday(), o.start.astimezone(PRAGUE).hour)
              for o in Occurrence.objects.filter(series__venue=martinska)}
    assert starts == {(Weekday.WEDNESDAY, 10), (Weekday.FRIDAY, 9)}



def test_a_sunday_slot_stays_at_ten_o_clock_on_both_sides_of_the_clock_change(make_drive, serikova, today):
    spring = date(today.year + 1, 3, 31)
    spring_change = spring - timedelta(days=(spring.weekday() - Weekday.SUNDAY) % 7)  # the last Sunday of March
    make_drive(needs=CLOTHES, ends_on=spring_change + timedelta(days=14),
               points={serikova: [(Weekday.SUNDAY, time(10, 0), time(11, 0))]})

    dates = list(Occurrence.objects.filter(series__venue=serikova).order_by("start"))
    around = [o for o in dates if abs((o.start.date() - spring_change).days) <= 7]

    assert len(around) == 3
    assert {o.start.astimezone(PRAGUE).time() for o in dates} == {time(10, 0)}
    # The week before, the day itself (10:00 is after the 2:00 change) and the week after: 9:00, 8:00, 8:00 UTC.
    assert [o.start.astimezone(PRAGUE).utcoffset() for o in around] == [
        timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)]
