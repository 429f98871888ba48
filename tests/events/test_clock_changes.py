"""A start time the clocks skip or repeat in Prague is refused for every date of the rule, however far
ahead, with the date named beside the start time; and the check is right for any rule."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from events.models import Series
from events.recurrence import PRAGUE, RuleError, clock_change, clock_change_starts, local_starts, normalize_rule
from events.services import validate_schedule
from tests.events.test_admin import post_new_series, refused

MARCH_2027 = datetime(2027, 3, 1, 12, 0, tzinfo=PRAGUE)


def validate(rule, starts_on, start_time, *, excluded=(), now=MARCH_2027):
    return validate_schedule(recurrence=rule, starts_on=starts_on, start_time=start_time,
                             duration=timedelta(hours=1), excluded=excluded, now=now)


def refusal(rule, starts_on, start_time, **kwargs):
    with pytest.raises(RuleError) as refused_with:
        validate(rule, starts_on, start_time, **kwargs)
    assert refused_with.value.field == "start_time"
    return refused_with.value.message


def test_an_endless_sunday_rule_at_half_past_two_is_refused_even_when_the_horizon_has_no_clock_change(settings):
    settings.SPOLU_HORIZON_DAYS = 60  # May to July: no change inside; the last Sunday of October is outside
    message = refusal("FREQ=WEEKLY;BYDAY=SU", date(2027, 5, 2), time(2, 30))

    assert message == ("Opakování zasáhne i 31. 10. 2027 02:30, čas, který v Praze nastane dvakrát: tehdy se "
                       "posouvají hodiny zpět. Zvolte jiný čas začátku.")


def test_a_count_rule_whose_sixtieth_date_is_the_spring_forward_sunday_is_refused():
    # Every eighth Sunday from 14 March 2027: the 60th date is 30 March 2036, nine years ahead.
    rule = "FREQ=WEEKLY;INTERVAL=8;BYDAY=SU;COUNT=60"
    assert local_starts(normalize_rule(rule), datetime(2027, 3, 14, 2, 30))[-1] == datetime(2036, 3, 30, 2, 30)

    message = refusal(rule, date(2027, 3, 14), time(2, 30))

    assert "30. 03. 2036 02:30" in message and "v Praze neexistuje" in message
    assert validate(rule.replace("60", "59"), date(2027, 3, 14), time(2, 30))  # one date fewer: fine


def test_an_until_rule_ending_years_ahead_is_checked_to_its_end():
    # The 25th of October is the last Sunday of October in 2037.
    rule = "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=25;UNTIL=20401231"

    message = refusal(rule, date(2027, 10, 25), time(2, 15))

    assert "25. 10. 2037 02:15" in message and "dvakrát" in message
    assert validate(rule.replace("2040", "2036"), date(2027, 10, 25), time(2, 15))


def test_an_endless_yearly_rule_is_checked_decades_ahead():
    # 31 March at 02:30 every year: the first 31 March that is a Sunday is in 2030, then 2041.
    message = refusal("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31", date(2027, 3, 31), time(2, 30))

    assert "31. 03. 2030 02:30" in message
    written_otherwise = refusal("FREQ=YEARLY;BYMONTH=03;BYMONTHDAY=+31", date(2027, 3, 31), time(2, 30))
    assert "31. 03. 2030 02:30" in written_otherwise


def test_the_same_rules_at_another_time_are_accepted():
    assert validate("FREQ=WEEKLY;BYDAY=SU", date(2027, 5, 2), time(3, 0))
    assert validate("FREQ=WEEKLY;BYDAY=SU", date(2027, 5, 2), time(1, 59))
    assert validate("FREQ=WEEKLY;INTERVAL=8;BYDAY=SU;COUNT=60", date(2027, 3, 14), time(10, 0))
    assert validate("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31", date(2027, 3, 31), time(18, 0))


def test_a_night_rule_that_never_meets_a_clock_change_is_accepted_quickly():
    started = timezone.now()
    assert validate("FREQ=WEEKLY;BYDAY=WE", date(2027, 3, 3), time(2, 30))  # the clocks change on Sundays
    assert validate("FREQ=MONTHLY;BYMONTHDAY=1,15", date(2027, 3, 1), time(2, 30))
    assert timezone.now() - started < timedelta(seconds=3)


def test_a_clock_change_day_that_is_excluded_is_no_problem(settings):
    settings.SPOLU_HORIZON_DAYS = 60
    rule = "FREQ=WEEKLY;BYDAY=SU;UNTIL=20271130"

    assert "31. 10. 2027" in refusal(rule, date(2027, 5, 2), time(2, 30))
    assert validate(rule, date(2027, 5, 2), time(2, 30), excluded=[date(2027, 10, 31)])


def test_dates_already_past_do_not_block_editing_a_series():
    # A series running since 2026 at 02:30 on the 25th of each month; 25 October 2026 is behind us.
    rule = "FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20271231"
    assert validate(rule, date(2026, 1, 25), time(2, 30), now=datetime(2026, 11, 1, 12, 0, tzinfo=PRAGUE))
    assert "25. 10. 2026" in refusal(rule, date(2026, 1, 25), time(2, 30),
                                     now=datetime(2026, 1, 1, 12, 0, tzinfo=PRAGUE))


# --- In the admin: the message beside the start time ------------------------------------------------


def next_march_31_not_a_sunday_and_the_sunday_after():
    year = timezone.localdate().year + 1
    while date(year, 3, 31).weekday() == 6:
        year += 1
    problem = year
    while date(problem, 3, 31).weekday() != 6:
        problem += 1
    return date(year, 3, 31), date(problem, 3, 31)


@pytest.mark.django_db
def test_staff_see_the_far_date_beside_the_start_time_and_nothing_is_saved(client, staff, beseda, seniors):
    client.force_login(staff)
    first, problem = next_march_31_not_a_sunday_and_the_sunday_after()
    assert problem - timezone.localdate() > timedelta(days=400)  # far beyond the horizon

    response = post_new_series(client, beseda, seniors, repeats="yearly", months=["3"], monthly_mode="day",
                               month_day="31", starts_on=first.isoformat(), start_time="02:30")

    errors, _inline = refused(response)
    assert list(errors) == ["start_time"]
    assert f"{problem:%d. %m. %Y} 02:30" in errors["start_time"][0] and "neexistuje" in errors["start_time"][0]
    assert not Series.objects.exists()


# --- The check agrees with walking every date --------------------------------------------------------

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw):
    frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={frequency}", f"INTERVAL={draw(st.integers(1, 9))}"]
    if frequency == "DAILY" or draw(st.booleans()):
        if draw(st.booleans()):
            parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3,
                                                             unique=True))))
    elif frequency == "WEEKLY":
        parts.append("BYDAY=" + ",".join(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3,
                                                         unique=True))))
    else:
        if draw(st.booleans()):
            parts.append(f"BYDAY={draw(st.sampled_from(['-1', '1', '2', '4', '']))}{draw(st.sampled_from(WEEKDAYS))}")
        else:
            parts.append(f"BYMONTHDAY={draw(st.sampled_from(['1', '24', '+25', '28', '29', '30', '31', '-1', '-7']))}")
    if frequency == "YEARLY":
        parts.append("BYMONTH=" + ",".join(draw(
            st.lists(st.sampled_from(["1", "03", "6", "10", "12"]), min_size=1, max_size=2, unique=True))))
    if frequency in ("WEEKLY", "MONTHLY") and draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(WEEKDAYS))}")
    return normalize_rule(";".join(parts))


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules(), first_day=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
       at=st.sampled_from([time(2, 0), time(2, 30), time(2, 59), time(3, 0), time(18, 0)]))
def test_the_clock_change_dates_of_a_rule_are_those_found_by_walking_its_dates(rule, first_day, at):
    first = local_starts(rule, datetime.combine(first_day, at), limit=1)
    if not first:
        return
    end = datetime(2050, 1, 1)
    walked = [start for start in local_starts(rule, first[0], before=end) if clock_change(start)]
    found = []
    for start in clock_change_starts(rule, first[0]):
        if start >= end:
            break
        found.append(start)
    assert found == walked
