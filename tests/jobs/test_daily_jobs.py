"""Each daily job takes its series, drives, rounds and registrations one by one: one that fails is
named in the job's run and the others still get their dates, close, move on or are reminded."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from awards.models import AwardRound, Phase
from drives.models import Drive
from events import services as events_services
from events.models import Kind, Occurrence, Series
from jobs.models import JobRun
from tests.awards.conftest import dates_for
from tests.drives.conftest import CLOTHES, build_drive

pytestmark = pytest.mark.django_db

DAILY_JOBS = {
    "events.tasks.extend_horizons",
    "registrations.tasks.send_reminders",
    "registrations.tasks.anonymise_past_attendees",
    "drives.tasks.close_ended_drives",
    "volunteers.tasks.send_shift_reminders",
    "awards.tasks.advance_award_rounds",
    "awards.tasks.anonymise_old_nominations",
}


def last_run(job):
    return JobRun.objects.filter(job=job).latest("started_at")


def test_every_daily_job_records_its_run_under_the_name_it_is_scheduled_by():
    scheduled = set(
        Schedule.objects.filter(func__regex=r"^(events|registrations|drives|volunteers|awards)\.", schedule_type="C")
        .values_list("func", flat=True)
    )
    assert scheduled == DAILY_JOBS

    for func in sorted(scheduled):
        import_string(func)()

    assert set(JobRun.objects.filter(ok=True).values_list("job", flat=True)) == DAILY_JOBS


# --- The horizon of recurring series --------------------------------------------------------------


def sunday_after(day):
    return day + timedelta(days=6 - day.weekday() or 7)


def test_one_series_that_fails_does_not_stop_the_others(make_series, monkeypatch):
    first = make_series("Oldies Goldies")
    broken = make_series("Nedám se!", slug="nedam-se")
    last = make_series("Šikovné ruce", slug="sikovne-ruce")
    counts = {series.pk: series.occurrences.count() for series in (first, broken, last)}
    real_sync = events_services.sync_occurrences

    def sync_failing_for_one(series, **kwargs):
        if series.pk == broken.pk:
            Occurrence.objects.filter(series=series).delete()  # half done, then it breaks
            raise ValueError("an unexpected error")
        return real_sync(series, **kwargs)

    monkeypatch.setattr(events_services, "sync_occurrences", sync_failing_for_one)

    events_services.extend_horizons(now=timezone.now() + timedelta(days=30))

    assert first.occurrences.count() > counts[first.pk]
    assert last.occurrences.count() > counts[last.pk]
    assert broken.occurrences.count() == counts[broken.pk]  # rolled back, not half done
    run = last_run("events.tasks.extend_horizons")
    assert (run.ok, run.items_done, run.items_failed) == (False, 2, 1)
    assert run.failures == f"„Nedám se!“ (#{broken.pk}): ValueError"


def test_a_series_whose_time_does_not_exist_on_a_far_sunday_still_lets_the_others_grow(make_series, beseda):
    # A row written before every date of a rule was checked (or by hand in the database): Sundays at
    # 02:30, which do not exist on the last Sunday of March. It comes first, as in the measured failure.
    nocturne = Series.objects.create(
        title="Noční procházka", slug="nocni-prochazka", kind=Kind.MEETING, venue=beseda,
        starts_on=sunday_after(timezone.localdate()), start_time=time(2, 30), duration=timedelta(hours=1),
        recurrence="FREQ=WEEKLY;BYDAY=SU", capacity=10,
    )
    dance = make_series("Oldies Goldies")
    assert nocturne.pk < dance.pk
    before = dance.occurrences.count()

    totals = events_services.extend_horizons(now=timezone.now() + timedelta(days=30))

    assert dance.occurrences.count() > before
    sundays = list(nocturne.occurrences.order_by("start"))
    assert len(sundays) >= 55  # all of the 400 days' Sundays but the one that does not exist
    assert all(timezone.localtime(o.start).strftime("%a %H:%M") == "Sun 02:30" for o in sundays)
    assert totals[0] == len(sundays) + dance.occurrences.count() - before
    run = last_run("events.tasks.extend_horizons")
    assert not run.ok and run.items_failed == 1
    assert run.failures.startswith(f"„Noční procházka“ (#{nocturne.pk}): ")
    assert "02:30 v Praze neexistuje" in run.failures


def test_the_missing_date_comes_back_to_the_next_run_until_someone_fixes_the_series(beseda):
    nocturne = Series.objects.create(
        title="Noční procházka", slug="nocni-prochazka", kind=Kind.MEETING, venue=beseda,
        starts_on=date(2027, 3, 21), start_time=time(2, 30), duration=timedelta(hours=1),
        recurrence="FREQ=WEEKLY;BYDAY=SU;COUNT=3", capacity=10,
    )
    march = timezone.make_aware(timezone.datetime(2027, 3, 1, 12, 0))

    events_services.extend_horizons(now=march)
    events_services.extend_horizons(now=march)

    assert [timezone.localtime(o.start).date() for o in nocturne.occurrences.order_by("start")] == [
        date(2027, 3, 21), date(2027, 4, 4)
    ]
    assert [run.ok for run in JobRun.objects.filter(job="events.tasks.extend_horizons")] == [False, False]

    nocturne.start_time = time(10, 0)
    nocturne.save()
    events_services.extend_horizons(now=march)
    assert last_run("events.tasks.extend_horizons").ok
    assert nocturne.occurrences.filter(start__date=date(2027, 3, 28)).exists()


# --- Drives, award rounds, reminders ---------------------------------------------------------------


def test_one_drive_that_cannot_close_does_not_keep_the_others_open(monkeypatch):
    from drives import services as drive_services
    from drives import tasks as drive_tasks

    today = timezone.localdate()
    ended = {"starts_on": today - timedelta(days=60), "ends_on": today - timedelta(days=20), "needs": CLOTHES}
    school = build_drive("Školní pomůcky", slug="skolni-pomucky", **ended)
    clothes = build_drive("Ukliď šatník!", slug="uklid-satnik", **ended)
    fresh_start = build_drive("Nový začátek", slug="novy-zacatek", **ended)
    real_close = drive_services.close_drive

    def close_failing_for_one(drive, **kwargs):
        if drive.pk == clothes.pk:
            raise drive_services.DrivesError("invalid_time", "Sběrné místo má čas, který v Praze neexistuje.")
        return real_close(drive, **kwargs)

    monkeypatch.setattr(drive_services, "close_drive", close_failing_for_one)

    assert drive_tasks.close_ended_drives() == 2

    assert dict(Drive.objects.values_list("slug", "status")) == {
        school.slug: "closed", clothes.slug: "running", fresh_start.slug: "closed"
    }
    run = last_run("drives.tasks.close_ended_drives")
    assert (run.ok, run.items_done, run.items_failed) == (False, 2, 1)
    assert run.failures == f"„Ukliď šatník!“ (#{clothes.pk}): Sběrné místo má čas, který v Praze neexistuje."


def test_one_award_round_that_fails_does_not_stop_the_others(make_round, monkeypatch):
    from awards import services as award_services
    from awards import tasks as award_tasks

    due = dates_for(Phase.NOMINATIONS)  # dates that open nominations today
    make_round(2026, phase=Phase.PREPARED, **due)
    broken = make_round(2027, phase=Phase.PREPARED, **due)
    make_round(2028, phase=Phase.PREPARED, **due)
    real_move = award_services.move_phase

    def move_failing_for_one(award_round, to_phase, **kwargs):
        if award_round.pk == broken.pk:
            raise RuntimeError("an unexpected error")
        return real_move(award_round, to_phase, **kwargs)

    monkeypatch.setattr(award_services, "move_phase", move_failing_for_one)

    assert award_tasks.advance_award_rounds() == 2

    assert dict(AwardRound.objects.values_list("year", "phase")) == {
        2026: Phase.NOMINATIONS, 2027: Phase.PREPARED, 2028: Phase.NOMINATIONS
    }
    run = last_run("awards.tasks.advance_award_rounds")
    assert run.failures == f"Anděl 2027 (#{broken.pk}): RuntimeError"


def test_one_reminder_that_cannot_be_queued_does_not_stop_the_others(make_series, monkeypatch):
    from registrations import tasks as registration_tasks
    from registrations.models import Registration
    from registrations.services import register

    series = make_series("Nedám se!", rule="", starts_on=timezone.localdate() + timedelta(days=1),
                         start_time=time(10, 0))
    occurrence = series.occurrences.get()
    jana = register(occurrence, name="Jana Nováková", email="jana@seznam.cz").registration
    karel = register(occurrence, name="Karel Dvořák", email="karel@seznam.cz").registration
    real_queue = registration_tasks.outbox.queue

    def queue_failing_for_jana(kind, object_id=None, *args, **kwargs):
        if object_id == jana.pk:
            raise RuntimeError("Jana Nováková <jana@seznam.cz>")
        return real_queue(kind, object_id, *args, **kwargs)

    monkeypatch.setattr(registration_tasks.outbox, "queue", queue_failing_for_jana)

    assert registration_tasks.send_reminders() == 1

    assert Registration.objects.get(pk=karel.pk).reminded_at is not None
    assert Registration.objects.get(pk=jana.pk).reminded_at is None  # not claimed: the next run tries again
    run = last_run("registrations.tasks.send_reminders")
    assert run.failures == f"přihláška č. {jana.pk}: RuntimeError"  # no name, no address
