"""Rules give the dates a person expects, in Prague wall-clock time, every year."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from events.recurrence import RuleError, local_starts, normalize_rule, to_aware
from events.services import validate_schedule


def starts(rule, first, count=10):
    return local_starts(normalize_rule(rule), first, limit=count)


def test_weekly_dance_evening_stays_at_six_pm_across_the_march_change():
    # The last Sunday of March 2027 is the 28th: the Wednesdays around it keep 18:00 local time.
    dates = [to_aware(d) for d in starts("FREQ=WEEKLY;BYDAY=WE", datetime(2027, 3, 17, 18, 0), 3)]
    assert [d.strftime("%d.%m. %H:%M") for d in dates] == ["17.03. 18:00", "24.03. 18:00", "31.03. 18:00"]
    assert [d.utcoffset() for d in dates] == [timedelta(hours=1), timedelta(hours=1), timedelta(hours=2)]


def test_weekly_dance_evening_stays_at_six_pm_across_the_october_change():
    # The last Sunday of October 2027 is the 31st; the Sunday dance itself keeps 18:00 too.
    dates = [to_aware(d) for d in starts("FREQ=WEEKLY;BYDAY=SU", datetime(2027, 10, 24, 18, 0), 2)]
    assert [d.hour for d in dates] == [18, 18]
    assert [d.utcoffset() for d in dates] == [timedelta(hours=2), timedelta(hours=1)]
    # Seven days and one hour of real time pass between them.
    assert dates[1].astimezone(UTC) - dates[0].astimezone(UTC) == timedelta(days=7, hours=1)


def test_festival_week_is_monday_to_friday_of_week_twenty_every_year():
    rule = "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO,TU,WE,TH,FR"
    dates = starts(rule, datetime(2027, 5, 17, 10, 0), 15)
    by_year = {}
    for day in dates:
        by_year.setdefault(day.year, []).append(day.date())
    assert sorted(by_year) == [2027, 2028, 2029]
    for days in by_year.values():
        assert [d.isocalendar()[1] for d in days] == [20] * 5
        assert [d.weekday() for d in days] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("rule", "first", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=1TH", date(2026, 12, 3), [date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4)]),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 12, 25), [date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)]),
        ("FREQ=MONTHLY;BYMONTHDAY=15", date(2026, 12, 15), [date(2026, 12, 15), date(2027, 1, 15), date(2027, 2, 15)]),
        # The last weekday of the month.
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", date(2026, 12, 31),
         [date(2026, 12, 31), date(2027, 1, 29), date(2027, 2, 26)]),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", date(2026, 11, 23),
         [date(2026, 11, 23), date(2026, 11, 26), date(2026, 12, 7)]),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=2SA", date(2027, 6, 12),
         [date(2027, 6, 12), date(2028, 6, 10), date(2029, 6, 9)]),
        ("FREQ=DAILY;INTERVAL=3", date(2026, 12, 30), [date(2026, 12, 30), date(2027, 1, 2), date(2027, 1, 5)]),
    ],
)
def test_rules_give_the_expected_days(rule, first, expected):
    assert [d.date() for d in starts(rule, datetime.combine(first, time(10, 0)), 3)] == expected


def test_count_and_until_end_the_series():
    assert len(starts("FREQ=WEEKLY;BYDAY=MO;COUNT=6", datetime(2026, 11, 30, 9, 0), 50)) == 6
    until = starts("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261221", datetime(2026, 11, 30, 9, 0), 50)
    assert [d.day for d in until] == [30, 7, 14, 21]


def test_until_is_stored_in_utc_as_the_calendar_standard_requires():
    assert normalize_rule("freq=weekly;byday=mo;until=20261221") == "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261221T225959Z"


def test_excluded_dates_are_skipped():
    dates = local_starts("FREQ=WEEKLY;BYDAY=TH", datetime(2026, 12, 17, 14, 0), excluded={date(2026, 12, 24)},
                         limit=2)
    assert [d.day for d in dates] == [17, 31]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MINUTELY", "nejvýše denně"),
        ("FREQ=HOURLY;INTERVAL=2", "nejvýše denně"),
        ("BYDAY=MO", "jak často"),
        ("FREQ=WEEKLY;BYDAY=XX", "není zapsané správně"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT"),
        ("FREQ=WEEKLY;COUNT=²", "COUNT"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "ne obojí"),
        ("FREQ=WEEKLY;BYHOUR=5", "BYHOUR"),
        ("FREQ=WEEKLY;UNTIL=2027-13-45", "datum"),
        ("nonsense", "není zapsané správně"),
    ],
)
def test_bad_rules_are_refused_in_czech(rule, words):
    with pytest.raises(RuleError) as refused:
        validate_schedule(recurrence=rule, starts_on=date(2026, 12, 2), start_time=time(18, 0),
                          duration=timedelta(hours=2))
    assert words in refused.value.message


def test_a_rule_without_any_date_is_refused():
    with pytest.raises(RuleError, match="žádné termíny"):
        validate_schedule(recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", starts_on=date(2027, 2, 1),
                          start_time=time(10, 0), duration=timedelta(hours=1))


def test_the_first_date_must_follow_the_rule():
    with pytest.raises(RuleError, match="02. 12. 2026"):
        validate_schedule(recurrence="FREQ=WEEKLY;BYDAY=WE", starts_on=date(2026, 11, 30), start_time=time(18, 0),
                          duration=timedelta(hours=2))


def test_too_many_dates_in_the_horizon_are_refused(settings):
    settings.SPOLU_MAX_DATES_IN_HORIZON = 100
    with pytest.raises(RuleError, match="více než 100"):
        validate_schedule(recurrence="FREQ=DAILY", starts_on=date(2026, 12, 1), start_time=time(9, 0),
                          duration=timedelta(hours=1), now=datetime(2026, 11, 22, 12, 0).astimezone())


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(minutes=-30), timedelta(days=15), None])
def test_absurd_durations_are_refused(duration):
    with pytest.raises(RuleError):
        validate_schedule(recurrence="", starts_on=date(2026, 12, 2), start_time=time(18, 0), duration=duration)


def test_a_time_that_does_not_exist_in_prague_is_refused():
    with pytest.raises(RuleError, match="neexistuje"):
        validate_schedule(recurrence="", starts_on=date(2027, 3, 28), start_time=time(2, 30),
                          duration=timedelta(hours=1))


def test_a_time_that_happens_twice_in_prague_is_refused():
    with pytest.raises(RuleError, match="dvakrát"):
        validate_schedule(recurrence="", starts_on=date(2027, 10, 31), start_time=time(2, 30),
                          duration=timedelta(hours=1))


def test_a_weekly_rule_that_hits_the_missing_hour_is_refused():
    # Sundays at 02:30 meet the spring change on 28 March 2027.
    with pytest.raises(RuleError, match="28. 03. 2027"):
        validate_schedule(recurrence="FREQ=WEEKLY;BYDAY=SU", starts_on=date(2027, 3, 7), start_time=time(2, 30),
                          duration=timedelta(hours=1), now=datetime(2027, 3, 1, 12, 0).astimezone())
