"""A year of the programme, and the hard cases, with everything that trips calendar apps up.

`year_of_programme`: both daylight-saving changes fall inside it: the dance evenings are on
Sundays, the day the clocks change; one of those Sundays is cancelled and another moved. A daily
memory course runs through the spring change, a yearly festival lasts over the autumn change, and
there are moved, re-placed, excluded and cancelled dates, a one-off and a cancelled one-off.

`hard_cases`: one series for each way a calendar app has been seen to go wrong, each made the way
staff make it (the same validation, the admin form for a date, series_changed after an edit).
"""

from datetime import date, datetime, time, timedelta

import pytest

from events.models import ExcludedDate, Kind
from events.recurrence import PRAGUE
from events.services import cancel_occurrence, series_changed, validate_schedule
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


def last_weekday_of_month(year, month, weekday):
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def next_last_weekday_of_month(weekday):
    """The last `weekday` of this month if it is still ahead, else that of next month."""
    today = date.today()
    day = last_weekday_of_month(today.year, today.month, weekday)
    if day > today:
        return day
    return last_weekday_of_month(today.year + today.month // 12, today.month % 12 + 1, weekday)


def edit_series(series, **changes):
    """Change a series' schedule as staff do: the same validation, then save and resync its dates."""
    for name, value in changes.items():
        setattr(series, name, value)
    series.recurrence = validate_schedule(
        recurrence=series.recurrence, starts_on=series.starts_on, start_time=series.start_time,
        duration=series.duration, excluded=series.excluded_date_set,
    )
    series.save()
    series_changed(series)
    return series


def dates_by_day(series):
    return {occurrence.start.astimezone(PRAGUE).date(): occurrence for occurrence in series.occurrences.all()}


# What each series of `hard_cases` is there to test, by its title (the SUMMARY in the feed).
HARD_CASES = {
    "Šikovné ruce": "dates moved across both clock changes, in both directions",
    "Kavárna pro seniory": "cancelled dates: the first, both clock-change Sundays, an excluded one, a moved one",
    "Tance v kruhu": "a rule changed after dates exist (18:00 becomes 19:00)",
    "Noční tančírna": "Saturday nights 22:00-05:00, over both clock changes",
    "Kondiční cvičení": "UNTIL as a date, just after the spring change",
    "Cvičení paměti": "UNTIL as the exact start of the last date, after the autumn change",
    "Posezení s harmonikou": "the last Friday of the month as BYDAY=-1FR",
    "Klub pamětníků": "the last Friday of the month as BYDAY=FR;BYSETPOS=-1",
    "Senioři baví seniory": "a yearly three-day festival, Friday 10:00 to Sunday 10:00 over the autumn change",
    "Podzimní víkendy": "three weekends 10:00-10:00, the last over the autumn change",
    "Jarní víkendy": "three weekends 10:00-10:00, the first over the spring change",
    "Týden sociálních služeb": "a week-number festival: BYDAY=MO,TU,WE,TH,FR;BYWEEKNO=20",
    "Prostě pořád řídím": "a series edited three times: start time, then weekday, then duration",
}


@pytest.fixture
def hard_cases(make_series):
    """Every case of HARD_CASES, in 13 months from today whatever the day the tests run."""
    today = date.today()
    # Each case needs its dates after today: the Friday two days (or sixteen) before a change, too.
    spring, autumn = next_clock_change(3, after=today + timedelta(days=2)), next_clock_change(
        10, after=today + timedelta(days=16))

    moves = make_series("Šikovné ruce", rule="FREQ=WEEKLY;BYDAY=FR", starts_on=_next_weekday(today, 4),
                        start_time=time(17, 0), duration=timedelta(hours=2), kind=Kind.WORKSHOP)
    fridays = dates_by_day(moves)
    change_date(fridays[spring - timedelta(days=2)], start=at(spring + timedelta(days=1), 17),
                end=at(spring + timedelta(days=1), 19))  # winter time to summer time
    change_date(fridays[spring + timedelta(days=5)], start=at(spring - timedelta(days=1), 10),
                end=at(spring - timedelta(days=1), 12))  # summer time back to winter time
    change_date(fridays[autumn - timedelta(days=2)], start=at(autumn, 17),
                end=at(autumn, 19))  # to the afternoon of the Sunday the clocks go back
    change_date(fridays[autumn + timedelta(days=5)], start=at(autumn - timedelta(days=1), 17),
                end=at(autumn - timedelta(days=1), 19))  # winter time back to summer time

    cafe = make_series("Kavárna pro seniory", rule="FREQ=WEEKLY;BYDAY=SU", starts_on=_next_weekday(today, 6),
                       start_time=time(15, 0), duration=timedelta(hours=2), kind=Kind.MEETING)
    sundays = dates_by_day(cafe)
    ordinary = sorted(day for day in sundays if day not in (spring, autumn))
    for day in (ordinary[0], spring, autumn):
        cancel_occurrence(sundays[day], note="Kavárna je zavřená.")
    moved = change_date(sundays[ordinary[3]], start=at(ordinary[3] - timedelta(days=1), 15),
                        end=at(ordinary[3] - timedelta(days=1), 17))
    cancel_occurrence(moved)
    ExcludedDate.objects.create(series=cafe, date=ordinary[5], reason="Svátky")
    series_changed(cafe)

    circle = make_series("Tance v kruhu", rule="FREQ=WEEKLY;BYDAY=TU", starts_on=_next_weekday(today, 1),
                         start_time=time(18, 0), duration=timedelta(hours=2))
    tuesdays = dates_by_day(circle)
    first_tuesdays = sorted(tuesdays)
    change_date(tuesdays[first_tuesdays[2]], start=at(first_tuesdays[2], 17), end=at(first_tuesdays[2], 19))
    cancel_occurrence(tuesdays[first_tuesdays[4]])
    edit_series(circle, start_time=time(19, 0))

    make_series("Noční tančírna", rule="FREQ=WEEKLY;BYDAY=SA", starts_on=_next_weekday(today, 5),
                start_time=time(22, 0), duration=timedelta(hours=7))

    make_series("Kondiční cvičení", rule=f"FREQ=WEEKLY;BYDAY=MO;UNTIL={spring + timedelta(days=1):%Y%m%d}",
                starts_on=_next_weekday(today, 0), start_time=time(16, 0), duration=timedelta(hours=1),
                kind=Kind.COURSE)
    last_wednesday = autumn + timedelta(days=3)  # UNTIL is its very start: the bound is inclusive
    make_series("Cvičení paměti", rule=f"FREQ=WEEKLY;BYDAY=WE;UNTIL={last_wednesday:%Y%m%d}T100000",
                starts_on=_not_before_tomorrow(last_wednesday - timedelta(weeks=6), timedelta(weeks=1)),
                start_time=time(10, 0), duration=timedelta(hours=1), kind=Kind.COURSE)

    last_friday = next_last_weekday_of_month(4)
    make_series("Posezení s harmonikou", rule="FREQ=MONTHLY;BYDAY=-1FR", starts_on=last_friday,
                start_time=time(17, 0), duration=timedelta(hours=2), kind=Kind.MEETING)
    make_series("Klub pamětníků", rule="FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", starts_on=last_friday,
                start_time=time(14, 0), duration=timedelta(hours=2), kind=Kind.MEETING)

    make_series("Senioři baví seniory", rule="FREQ=YEARLY", starts_on=autumn - timedelta(days=2),
                start_time=time(10, 0), duration=timedelta(days=2), kind=Kind.FESTIVAL)
    make_series("Podzimní víkendy", rule="FREQ=WEEKLY;BYDAY=FR;COUNT=3", starts_on=autumn - timedelta(days=16),
                start_time=time(10, 0), duration=timedelta(days=2), kind=Kind.FESTIVAL)
    make_series("Jarní víkendy", rule="FREQ=WEEKLY;BYDAY=FR;COUNT=3", starts_on=spring - timedelta(days=2),
                start_time=time(10, 0), duration=timedelta(days=2), kind=Kind.FESTIVAL)

    week_20 = date.fromisocalendar(today.year, 20, 1)
    if week_20 <= today:
        week_20 = date.fromisocalendar(today.year + 1, 20, 1)
    make_series("Týden sociálních služeb", rule="FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR;BYWEEKNO=20",
                starts_on=week_20, start_time=time(10, 0), duration=timedelta(hours=6), kind=Kind.FESTIVAL)

    first_wednesday = _next_weekday(today, 2)
    driving = make_series("Prostě pořád řídím", rule="FREQ=WEEKLY;BYDAY=WE", starts_on=first_wednesday,
                          start_time=time(16, 0), duration=timedelta(hours=2), kind=Kind.COURSE)
    wednesdays = sorted(dates_by_day(driving))
    change_date(dates_by_day(driving)[wednesdays[1]], start=at(wednesdays[1], 15), end=at(wednesdays[1], 17))
    cancel_occurrence(dates_by_day(driving)[wednesdays[3]])
    edit_series(driving, start_time=time(17, 0))
    edit_series(driving, recurrence="FREQ=WEEKLY;BYDAY=TH", starts_on=first_wednesday + timedelta(days=1))
    edit_series(driving, duration=timedelta(hours=2, minutes=30))

    return {"spring": spring, "autumn": autumn, "week_20": week_20, "last_friday": last_friday}
