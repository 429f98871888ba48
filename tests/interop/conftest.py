"""A year of the programme with everything that trips calendar apps up.

Both daylight-saving changes fall inside it: the dance evenings are on Sundays, the day the
clocks change; one of those Sundays is cancelled and another moved. A daily memory course
runs through the spring change, a yearly festival lasts over the autumn change, and there are
moved, re-placed, excluded and cancelled dates, a one-off and a cancelled one-off.
"""

from datetime import date, datetime, time, timedelta

import pytest

from events.models import ExcludedDate, Kind
from events.recurrence import PRAGUE
from events.services import cancel_occurrence, series_changed
from tests.conftest import _next_weekday
from tests.feeds.conftest import change_date, next_clock_change


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=PRAGUE)


def _not_before_tomorrow(day, step):
    tomorrow = date.today() + timedelta(days=1)
    while day < tomorrow:
        day += step
    return day


@pytest.fixture
def depo(db):
    from events.models import Venue

    return Venue.objects.create(name="DEPO2015", slug="depo2015", street="Presslova 14", postal_code="301 00")


@pytest.fixture
def year_of_programme(make_series, nedam_se, depo):
    spring, autumn = next_clock_change(3), next_clock_change(10)
    today = date.today()

    dances = make_series("Oldies Goldies", rule="FREQ=WEEKLY;BYDAY=SU", starts_on=_next_weekday(today, 6),
                         start_time=time(18, 0), duration=timedelta(hours=3))
    by_day = {occurrence.start.astimezone(PRAGUE).date(): occurrence for occurrence in dances.occurrences.all()}
    cancel_occurrence(by_day[spring], note="Sál je v opravě.")
    change_date(by_day[autumn], start=at(autumn, 19, 30), end=at(autumn, 22, 0))
    sundays = sorted(day for day in by_day if day not in (spring, autumn))
    change_date(by_day[sundays[1]], venue=depo)
    change_date(by_day[sundays[2]], start=at(sundays[2] + timedelta(days=1), 17), end=at(
        sundays[2] + timedelta(days=1), 20))
    ExcludedDate.objects.create(series=dances, date=sundays[4], reason="Svátky")
    series_changed(dances)

    memory_start = _not_before_tomorrow(spring - timedelta(days=10), timedelta(days=1))
    memory = make_series("Trénink paměti", rule="FREQ=DAILY;COUNT=20", starts_on=memory_start,
                         start_time=time(9, 0), duration=timedelta(hours=1, minutes=30), kind=Kind.COURSE)
    day_after = memory.occurrences.get(start__date=spring + timedelta(days=1))
    cancel_occurrence(day_after)

    # Friday to Sunday afternoon, over the night the clocks go back.
    friday = autumn - timedelta(days=2)
    if friday <= today:
        friday = next_clock_change(10, after=autumn) - timedelta(days=2)
    make_series("Senioři baví seniory", rule="FREQ=YEARLY", starts_on=friday, start_time=time(10, 0),
                duration=timedelta(days=2, hours=6), kind=Kind.FESTIVAL)

    make_series("Prostě pořád řídím", rule=f"FREQ=WEEKLY;BYDAY=TH;UNTIL={(today + timedelta(days=120)):%Y%m%d}",
                starts_on=_next_weekday(today, 3), start_time=time(16, 0), duration=timedelta(hours=2),
                kind=Kind.COURSE)
    make_series("Umííí", rule="", starts_on=today + timedelta(days=20), start_time=time(14, 0),
                duration=timedelta(hours=5), kind=Kind.FESTIVAL)
    open_day = make_series("Den otevřených dveří", rule="", starts_on=today + timedelta(days=9),
                           start_time=time(10, 0), duration=timedelta(hours=4), kind=Kind.MEETING)
    cancel_occurrence(open_day.occurrences.get())

    workshop = nedam_se.occurrences.order_by("start")[1]
    change_date(workshop, end=workshop.end + timedelta(minutes=45))
    return {"spring": spring, "autumn": autumn}
