"""Dates follow the rule up to the horizon; nothing with people attached silently disappears."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from events.models import ExcludedDate, Occurrence
from events.recurrence import PRAGUE
from events.services import extend_horizons, series_changed, sync_occurrences

pytestmark = pytest.mark.django_db


def local(moment):
    return moment.astimezone(PRAGUE)


def test_a_weekly_series_has_its_dates_for_the_next_400_days(oldies_goldies):
    dates = list(oldies_goldies.occurrences.order_by("start"))
    assert 56 <= len(dates) <= 58
    assert all(local(d.start).weekday() == 2 and local(d.start).hour == 18 for d in dates)
    assert dates[-1].start - timezone.now() < timedelta(days=400)
    assert all(d.end - d.start == timedelta(hours=3) and d.capacity == 40 for d in dates)


def test_dates_across_both_daylight_saving_changes_stay_at_six_pm(make_series):
    series = make_series("Večerní tanec", rule="FREQ=WEEKLY;BYDAY=SU", starts_on=date(2027, 3, 21))
    now = datetime(2027, 3, 1, tzinfo=UTC)
    sync_occurrences(series, now=now)
    sundays = {local(o.start).date(): local(o.start) for o in series.occurrences.all()}
    for day in (date(2027, 3, 21), date(2027, 3, 28), date(2027, 10, 24), date(2027, 10, 31)):
        assert sundays[day].strftime("%H:%M") == "18:00", day
    assert sundays[date(2027, 3, 21)].utcoffset() == timedelta(hours=1)
    assert sundays[date(2027, 3, 28)].utcoffset() == timedelta(hours=2)
    assert sundays[date(2027, 10, 31)].utcoffset() == timedelta(hours=1)


def test_running_sync_again_changes_nothing(oldies_goldies):
    before = list(oldies_goldies.occurrences.values_list("id", "start", "sequence"))
    assert sync_occurrences(oldies_goldies) == (0, 0, 0, 0)
    assert list(oldies_goldies.occurrences.values_list("id", "start", "sequence")) == before


def test_the_daily_job_extends_the_horizon_and_leaves_the_past_alone(oldies_goldies):
    first = oldies_goldies.occurrences.order_by("start").first()
    last_start = oldies_goldies.occurrences.order_by("start").last().start
    created, *_rest = extend_horizons(now=timezone.now() + timedelta(days=30))
    assert created in (4, 5)
    assert oldies_goldies.occurrences.order_by("start").last().start > last_start
    assert Occurrence.objects.filter(pk=first.pk).exists()


def test_changing_the_rule_replaces_future_dates(oldies_goldies):
    wednesdays = set(oldies_goldies.occurrences.values_list("id", flat=True))
    oldies_goldies.recurrence = "FREQ=WEEKLY;BYDAY=WE;COUNT=3"
    oldies_goldies.save()
    created, updated, removed, cancelled = series_changed(oldies_goldies)
    remaining = set(oldies_goldies.occurrences.values_list("id", flat=True))
    assert len(remaining) == 3 and remaining <= wednesdays
    assert removed == len(wednesdays) - 3 and cancelled == 0


def test_a_date_with_registrations_is_cancelled_not_deleted(oldies_goldies, monkeypatch):
    keep = oldies_goldies.occurrences.order_by("start")[5]
    original_delete = Occurrence.delete

    def protected_delete(self, *args, **kwargs):
        if self.pk == keep.pk:  # as when a registration points at it (on_delete=PROTECT)
            raise ProtectedError("registrations", [])
        return original_delete(self, *args, **kwargs)

    monkeypatch.setattr(Occurrence, "delete", protected_delete)
    oldies_goldies.recurrence = "FREQ=WEEKLY;BYDAY=WE;COUNT=2"
    oldies_goldies.save()
    series_changed(oldies_goldies)
    keep.refresh_from_db()
    assert keep.status == Occurrence.Status.CANCELLED
    assert keep.status_note == "Tento termín byl z programu vyřazen."
    assert keep.sequence == 1
    assert oldies_goldies.occurrences.count() == 3


def test_an_excluded_day_is_left_out(oldies_goldies):
    third = oldies_goldies.occurrences.order_by("start")[2]
    ExcludedDate.objects.create(series=oldies_goldies, date=local(third.start).date(), reason="Svátek")
    series_changed(oldies_goldies)
    assert not Occurrence.objects.filter(pk=third.pk).exists()


def test_a_date_moved_by_hand_keeps_its_time_when_the_series_changes(oldies_goldies):
    moved = oldies_goldies.occurrences.order_by("start")[1]
    moved.start += timedelta(hours=1)
    moved.end += timedelta(hours=1)
    moved.modified = True
    moved.save()
    oldies_goldies.duration = timedelta(hours=2)
    oldies_goldies.capacity = 60
    oldies_goldies.save()
    series_changed(oldies_goldies)
    moved.refresh_from_db()
    other = oldies_goldies.occurrences.order_by("start")[2]
    assert local(moved.start).hour == 19 and moved.end - moved.start == timedelta(hours=3)
    assert other.end - other.start == timedelta(hours=2)
    assert moved.capacity == other.capacity == 60
    assert other.sequence == 1


def test_lower_capacity_never_goes_below_the_places_taken(oldies_goldies):
    busy = oldies_goldies.occurrences.order_by("start")[0]
    Occurrence.objects.filter(pk=busy.pk).update(seats_taken=30)
    oldies_goldies.capacity = 20
    oldies_goldies.save()
    series_changed(oldies_goldies)
    busy.refresh_from_db()
    assert busy.capacity == 30
    assert oldies_goldies.occurrences.order_by("start")[1].capacity == 20


def test_a_one_off_event_has_one_date(make_series):
    umiii = make_series("Festival Umííí", rule="", starts_on=date.today() + timedelta(days=12),
                        start_time=time(13, 0), duration=timedelta(hours=5))
    (only,) = umiii.occurrences.all()
    assert local(only.start).hour == 13 and only.recurrence_id == only.start


def test_the_daily_job_is_scheduled_once():
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("migrate", verbosity=0)
    schedules = Schedule.objects.filter(func="events.tasks.extend_horizons")
    assert schedules.count() == 1
    assert schedules.get().schedule_type == Schedule.CRON
