"""The dates the old daily job moved by an hour get their wall-clock end back, silently."""

from datetime import date, time, timedelta
from importlib import import_module

from django.apps import apps as global_apps

from events.models import Kind, Occurrence
from events.recurrence import PRAGUE
from messaging.models import Message
from registrations.services import register
from tests.feeds.conftest import next_clock_change

put_ends_back = import_module("events.migrations.0004_wall_clock_ends").put_ends_back


def test_a_festival_over_the_autumn_change_ends_at_its_wall_clock_time_again(make_series):
    friday = next_clock_change(10) - timedelta(days=2)
    if friday <= date.today():
        friday = next_clock_change(10, after=friday + timedelta(days=7)) - timedelta(days=2)
    festival = make_series("Senioři baví seniory", rule="", starts_on=friday, start_time=time(10, 0),
                           duration=timedelta(days=2), kind=Kind.FESTIVAL,
                           registration_opens_days_before=400)
    row = festival.occurrences.get()
    register(row, name="Marie Dvořáková", email="marie@seznam.cz")
    moved_by_the_old_job = row.start + timedelta(days=2)  # 49 h of elapsed time are 48 h here
    Occurrence.objects.filter(pk=row.pk).update(end=moved_by_the_old_job)
    messages_before = Message.objects.count()

    put_ends_back(global_apps, None)

    row.refresh_from_db()
    assert row.end.astimezone(PRAGUE).strftime("%a %H:%M") == "Sun 10:00"
    assert row.sequence == 1
    assert Message.objects.count() == messages_before


def test_a_date_changed_by_hand_keeps_its_end(make_series):
    series = make_series("Oldies Goldies")
    row = series.occurrences.order_by("start")[0]
    Occurrence.objects.filter(pk=row.pk).update(end=row.end + timedelta(minutes=45), modified=True)

    put_ends_back(global_apps, None)

    assert Occurrence.objects.get(pk=row.pk).end == row.end + timedelta(minutes=45)
