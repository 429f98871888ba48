"""bench/checkin_rush.py runs at any hour: its date starts a few minutes later, in Prague, whatever the clock says."""

from datetime import date, datetime, time

import pytest

from bench.checkin_rush import doors_open_at
from events.recurrence import PRAGUE


@pytest.mark.parametrize(("now", "starts"), [
    ("2026-12-02 09:58", (date(2026, 12, 2), time(10, 10))),
    ("2026-12-02 18:30", (date(2026, 12, 2), time(18, 40))),  # the seeded 18:00 date used to be past by now
    ("2026-12-02 23:55", (date(2026, 12, 3), time(0, 5))),  # past midnight: tomorrow's date
    ("2027-03-28 01:52", (date(2027, 3, 28), time(3, 5))),  # 2:05 does not exist that night
    ("2027-10-31 02:20", (date(2027, 10, 31), time(3, 30))),  # 2:30 happens twice that night
])
def test_the_door_date_starts_a_few_minutes_after_now_in_prague(now, starts):
    moment = datetime.fromisoformat(now).replace(tzinfo=PRAGUE)
    assert doors_open_at(moment) == starts
    starts_at = datetime.combine(*starts, tzinfo=PRAGUE)
    assert 10 * 60 <= (starts_at - moment).total_seconds() <= 2 * 3600
