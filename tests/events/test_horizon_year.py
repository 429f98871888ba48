"""A year of the daily job: dates stay where they are, ends stay at their wall-clock time.

The job runs twice a day (at night, and again at midday as when staff start it by hand) for more
than a year of simulated days, over series whose dates span both clock changes, cross midnight or
last a weekend. No existing date may change its start, end or SEQUENCE unless someone edited it,
and the dates keep reaching the horizon.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import override_settings

from events.admin_forms import OccurrenceAdminForm
from events.models import Kind, Occurrence, Series
from events.recurrence import PRAGUE, to_local, wall_clock_end
from events.services import extend_horizons, sync_occurrences, validate_schedule
from jobs.models import JobRun

pytestmark = pytest.mark.django_db

HORIZON_DAYS = 60
FIRST_DAY = date(2027, 1, 1)
DAYS = 372


def prague(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=PRAGUE)


def make(beseda, title, rule, starts_on, start_time, duration, now):
    rule = validate_schedule(recurrence=rule, starts_on=starts_on, start_time=start_time, duration=duration, now=now)
    series = Series.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), kind=Kind.DANCE, venue=beseda, starts_on=starts_on,
        start_time=start_time, duration=duration, recurrence=rule, capacity=40,
    )
    sync_occurrences(series, now=now)
    return series


def snapshot():
    """Every date as stored, read raw: hundreds of rows twice a day for a year, compared exactly."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT id, series_id, recurrence_id, start, "end", sequence, modified, status FROM events_occurrence'
        )
        dates = {row[0]: row for row in cursor.fetchall()}
        # A feed publishes a series' own SEQUENCE with its dates': the job must not move it either.
        cursor.execute("SELECT id, sequence, recurrence, starts_on, start_time, duration FROM events_series")
        return dates | {("series", row[0]): row for row in cursor.fetchall()}


def move_by_hand(occurrence, start, end):
    """What staff do on the date's page in the admin: type a new start and end."""
    form = OccurrenceAdminForm({
        "start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%Y-%m-%d %H:%M}", "status": occurrence.status,
        "status_note": "", "venue": "", "capacity": occurrence.capacity,
    }, instance=occurrence)
    assert form.is_valid(), form.errors
    form.save()


@override_settings(SPOLU_HORIZON_DAYS=HORIZON_DAYS)
def test_a_year_of_daily_jobs_changes_no_date_that_nobody_edited(beseda):
    start_of_year = prague(FIRST_DAY, 3, 15)
    night = make(beseda, "Noční tanec", "FREQ=WEEKLY;BYDAY=SA", date(2027, 1, 2), time(22, 0),
                 timedelta(hours=7), start_of_year)  # 22:00–05:00, over both clock changes
    festival = make(beseda, "Festival Umííí", "FREQ=MONTHLY;BYDAY=-1FR", date(2027, 1, 29), time(10, 0),
                    timedelta(days=2), start_of_year)  # Fri 10:00–Sun 10:00, the last weekend of the month
    late = make(beseda, "Pozdní beseda", "FREQ=WEEKLY;BYDAY=WE", date(2027, 1, 6), time(21, 0),
                timedelta(hours=4), start_of_year)  # 21:00–01:00
    weekly = make(beseda, "Oldies Goldies", "FREQ=WEEKLY;BYDAY=TH", date(2027, 1, 7), time(18, 0),
                  timedelta(hours=3), start_of_year)
    clock_of = {
        night.pk: (time(22, 0), time(5, 0)), festival.pk: (time(10, 0), time(10, 0)),
        late.pk: (time(21, 0), time(1, 0)), weekly.pk: (time(18, 0), time(21, 0)),
    }
    duration_of = {series.pk: series.duration for series in (night, festival, late, weekly)}
    edited = set()
    expected = snapshot()
    last_rule_start = Occurrence.objects.latest("recurrence_id").recurrence_id

    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        if day == date(2027, 10, 1):
            # Staff move the night dance of the October change by hand: 21:00 to 04:00, typed.
            moved = Occurrence.objects.get(series=night, recurrence_id=prague(date(2027, 10, 30), 22))
            move_by_hand(moved, prague(date(2027, 10, 30), 21), prague(date(2027, 10, 31), 4))
            moved.refresh_from_db()
            assert (to_local(moved.start), to_local(moved.end)) == (
                datetime(2027, 10, 30, 21, 0), datetime(2027, 10, 31, 4, 0)
            )
            edited.add(moved.pk)
            expected = snapshot()
        for hour in (3, 12):
            now = prague(day, hour, 15)
            extend_horizons(now=now)
            run = JobRun.objects.latest("started_at", "pk")
            assert run.ok, run.failures

            after = snapshot()
            for pk, before in expected.items():
                assert after.get(pk) == before, f"{now:%d. %m. %Y %H:%M}: {pk} changed"
            new_rule_start = Occurrence.objects.latest("recurrence_id").recurrence_id
            assert new_rule_start >= last_rule_start
            last_rule_start = new_rule_start
            assert last_rule_start > now + timedelta(days=HORIZON_DAYS - 7), "the dates no longer reach the horizon"
            expected = after

    rows = list(Occurrence.objects.all())
    assert len(rows) > 3 * 52 + 12
    for row in rows:
        if row.pk in edited:
            continue
        starts_at, ends_at = clock_of[row.series_id]
        assert to_local(row.start).time() == starts_at, row
        assert to_local(row.end).time() == ends_at, row
        assert row.end == wall_clock_end(row.start, duration_of[row.series_id])
        assert row.sequence == 0

    def elapsed(series, day):
        row = Occurrence.objects.get(series=series, recurrence_id=prague(day, to_local(series.occurrences.first()
                                                                                         .start).hour))
        return row.end - row.start

    # The clocks jump forward in the night to 28 March and go back in the night to 31 October.
    assert elapsed(night, date(2027, 3, 27)) == timedelta(hours=6)
    assert elapsed(festival, date(2027, 3, 26)) == timedelta(hours=47)
    assert elapsed(festival, date(2027, 10, 29)) == timedelta(hours=49)
    assert elapsed(night, date(2027, 11, 6)) == timedelta(hours=7)
