"""A date of today that is under way when its series is made still exists: people may still come.

Collection hours added at 10:00 for a point open 8:00–15:00 are open now; a date made after it ended,
or a begun date that already has its row, is left as it is (the past never changes).
"""

from datetime import datetime, time, timedelta

import pytest

from events.models import Kind, Series
from events.recurrence import PRAGUE, to_local
from events.services import series_changed

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 12, 7).date()


def at(hour, minute=0, day=MONDAY):
    return datetime.combine(day, time(hour, minute), tzinfo=PRAGUE)


def collection_hours(beseda, *, now, rule="FREQ=WEEKLY;BYDAY=MO", opens=time(8, 0), closes=time(15, 0)):
    series = Series.objects.create(
        title="Ukliď šatník! · Magistrát", slug="sbirka-satnik", kind=Kind.COLLECTION, venue=beseda,
        starts_on=MONDAY, start_time=opens, recurrence=rule, registration_required=False,
        duration=datetime.combine(MONDAY, closes) - datetime.combine(MONDAY, opens), published=True,
    )
    series_changed(series, now=now)
    return series


def local_days(series):
    return [to_local(o.start).strftime("%d.%m. %H:%M") for o in series.occurrences.order_by("start")]


def test_hours_added_while_the_point_is_open_show_today_s_hours(beseda):
    series = collection_hours(beseda, now=at(10))

    assert local_days(series)[:2] == ["07.12. 08:00", "14.12. 08:00"]
    today = series.occurrences.order_by("start").first()
    assert (today.start, today.end) == (at(8), at(15))


@pytest.mark.parametrize(("hour", "minute"), [(15, 0), (16, 30)])
def test_hours_added_after_closing_begin_next_week(beseda, hour, minute):
    series = collection_hours(beseda, now=at(hour, minute))

    assert local_days(series)[0] == "14.12. 08:00"


def test_a_minute_before_closing_today_still_counts(beseda):
    series = collection_hours(beseda, now=at(14, 59))

    assert local_days(series)[0] == "07.12. 08:00"


def test_a_date_of_yesterday_is_never_made(beseda):
    series = collection_hours(beseda, now=at(10, day=MONDAY + timedelta(days=1)), rule="FREQ=DAILY",
                              opens=time(20, 0), closes=time(23, 0))

    assert local_days(series)[0] == "08.12. 20:00"


def test_a_begun_date_with_its_row_is_not_made_again_when_the_time_changes(beseda):
    series = collection_hours(beseda, now=at(7))
    series.start_time = time(9, 0)
    series.save()
    series_changed(series, now=at(10))

    today = [o for o in series.occurrences.all() if to_local(o.start).date() == MONDAY]
    assert [(o.start, o.end, o.is_cancelled) for o in today] == [(at(8), at(15), False)]
