"""Editing a series keeps the organizer's work: dates keep their rows, registrations and overrides,
past dates stay as they happened, and staff see what will happen before they save."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from events import services
from events.admin_forms import OccurrenceAdminForm
from events.models import ExcludedDate, Occurrence, Series
from events.recurrence import PRAGUE, to_local, wall_clock_end
from events.services import cancel_occurrence, extend_horizons, series_changed
from registrations.models import Registration
from registrations.services import register
from tests.events.test_admin import change_url, form_data, next_weekday, refused

pytestmark = pytest.mark.django_db

CZECH_DAYS = ["Po", "Út", "St", "Čt", "Pá", "So", "Ne"]


@pytest.fixture
def announced(monkeypatch):
    calls = []
    original = services.announce_change

    def record(occurrence, change):
        calls.append((occurrence.pk, change))
        original(occurrence, change)

    monkeypatch.setattr(services, "announce_change", record)
    return calls


@pytest.fixture
def dances(make_series, organizer_a):
    """Oldies Goldies every Wednesday and Saturday at 18:00, three hours, from next Wednesday."""
    return make_series(
        "Oldies Goldies", rule="FREQ=WEEKLY;BYDAY=WE,SA", starts_on=next_weekday(2), organizers=[organizer_a]
    )


def dates_of(series):
    return list(series.occurrences.order_by("recurrence_id"))


def local_clock(moment):
    return to_local(moment).strftime("%H:%M")


def register_people(occurrence, count):
    for number in range(count):
        register(occurrence, name=f"Marie Nováková {number}", email=f"marie{number}@example.cz")
    occurrence.refresh_from_db()
    return occurrence


def move_by_hand(occurrence, start_clock, end_clock):
    day = to_local(occurrence.start).date().isoformat()
    form = OccurrenceAdminForm({
        "start": f"{day} {start_clock}", "end": f"{day} {end_clock}", "status": occurrence.status,
        "status_note": "", "venue": occurrence.venue_id or "", "capacity": occurrence.capacity,
    }, instance=occurrence)
    assert form.is_valid(), form.errors
    form.save()
    occurrence.refresh_from_db()
    return occurrence


def edit(series, now=None, **changes):
    """What the admin does on save: the new values, then the sync."""
    series = Series.objects.get(pk=series.pk)
    for name, value in changes.items():
        setattr(series, name, value)
    series.save()
    series_changed(series, now=now)
    return series


# --- A new start time -----------------------------------------------------------------------


def test_a_new_start_time_keeps_every_date_with_its_registrations(dances, announced):
    registered = register_people(dates_of(dances)[1], 3)
    moved = move_by_hand(dates_of(dances)[2], "19:30", "22:30")
    cancelled = cancel_occurrence(dates_of(dances)[3], note="Sál je v opravě.")
    rows_before = {row.pk: row for row in dates_of(dances)}
    announced.clear()

    edit(dances, start_time=time(19, 0))
    after = {row.pk: row for row in dates_of(dances)}

    assert set(after) == set(rows_before)  # not one row deleted or added
    assert not Occurrence.objects.filter(series=dances, status="cancelled").exclude(pk=cancelled.pk).exists()
    for pk, row in after.items():
        day = to_local(rows_before[pk].recurrence_id).date()
        assert to_local(row.recurrence_id) == datetime.combine(day, time(19, 0))
    # Followed the new time, with the length of the series, and the people registered were told.
    assert (local_clock(after[registered.pk].start), local_clock(after[registered.pk].end)) == ("19:00", "22:00")
    assert after[registered.pk].sequence == registered.sequence + 1
    assert Registration.objects.filter(occurrence=registered, status="confirmed").count() == 3
    assert (registered.pk, "moved") in announced
    # Moved by hand: keeps its own time.
    assert (local_clock(after[moved.pk].start), local_clock(after[moved.pk].end)) == ("19:30", "22:30")
    assert after[moved.pk].sequence == moved.sequence + 1 and (moved.pk, "moved") not in announced
    # Cancelled: stays cancelled, with its note, and nobody is told again.
    assert after[cancelled.pk].is_cancelled and after[cancelled.pk].status_note == "Sál je v opravě."
    assert (cancelled.pk, "moved") not in announced and (cancelled.pk, "cancelled") not in announced


def test_a_venue_or_places_of_one_date_stay_when_the_time_changes(dances, depo):
    first, second = dates_of(dances)[:2]
    form = OccurrenceAdminForm({
        "start": f"{to_local(first.start):%Y-%m-%d %H:%M}", "end": f"{to_local(first.end):%Y-%m-%d %H:%M}",
        "status": "scheduled", "status_note": "", "venue": depo.pk, "capacity": 80,
    }, instance=first)
    assert form.is_valid(), form.errors
    form.save()

    edit(dances, start_time=time(17, 0), capacity=30)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.venue, first.capacity, local_clock(first.start)) == (depo, 80, "17:00")
    assert (second.venue, second.capacity, local_clock(second.start)) == (None, 30, "17:00")


@pytest.fixture
def depo(db):
    from events.models import Venue

    return Venue.objects.create(name="DEPO2015", slug="depo2015", street="Presslova 14")


# --- Days the new schedule no longer has ------------------------------------------------------


def test_only_days_without_a_date_in_the_new_schedule_are_dropped(dances, announced):
    saturdays = [row for row in dates_of(dances) if to_local(row.start).weekday() == 5]
    wednesdays = [row for row in dates_of(dances) if to_local(row.start).weekday() == 2]
    busy_saturday = register_people(saturdays[0], 2)
    announced.clear()

    created, updated, removed, cancelled = edit_counts(dances, recurrence="FREQ=WEEKLY;BYDAY=WE")

    busy_saturday.refresh_from_db()
    assert busy_saturday.is_cancelled
    assert busy_saturday.status_note == "Tento termín byl z programu vyřazen."
    assert Registration.objects.filter(occurrence=busy_saturday).count() == 2
    assert (busy_saturday.pk, "cancelled") in announced
    assert not Occurrence.objects.filter(pk__in=[row.pk for row in saturdays[1:]]).exists()
    assert set(Occurrence.objects.filter(series=dances).values_list("pk", flat=True)) >= {r.pk for r in wednesdays}
    assert (created, cancelled, removed) == (0, 1, len(saturdays) - 1)


def edit_counts(series, **changes):
    series = Series.objects.get(pk=series.pk)
    for name, value in changes.items():
        setattr(series, name, value)
    series.save()
    return series_changed(series)


def test_an_excluded_day_drops_only_that_day(dances):
    third = dates_of(dances)[2]
    ExcludedDate.objects.create(series=dances, date=to_local(third.start).date(), reason="Svátek")

    series_changed(dances)

    assert not Occurrence.objects.filter(pk=third.pk).exists()
    assert dances.occurrences.count() == len(dates_of(dances))


# --- The past -----------------------------------------------------------------------------------


def test_past_dates_keep_their_time_and_a_cancelled_past_date_stays_cancelled(dances):
    first, second, third = dates_of(dances)[:3]
    cancel_occurrence(second, note="Nemoc")
    later = third.start + timedelta(hours=4)  # three dates have passed
    past_before = list(Occurrence.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values())

    series = edit(dances, now=later, start_time=time(19, 30), duration=timedelta(hours=2))

    assert list(Occurrence.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values()) == past_before
    assert series.rule_since == later
    upcoming = dates_of(dances)[3]
    assert (local_clock(upcoming.start), local_clock(upcoming.end)) == ("19:30", "21:30")


def test_a_later_time_gives_no_second_date_on_a_day_whose_date_has_begun(dances):
    first = dates_of(dances)[0]

    edit(dances, now=first.start + timedelta(minutes=30), start_time=time(20, 0))

    day = to_local(first.start).date()
    assert list(Occurrence.objects.filter(series=dances, recurrence_id__date=day)) == [first]


def test_the_daily_job_never_touches_the_past_either(dances):
    first = dates_of(dances)[0]
    Occurrence.objects.filter(pk=first.pk).update(end=first.end + timedelta(hours=1))  # how it happened
    before = Occurrence.objects.filter(pk=first.pk).values().get()

    extend_horizons(now=first.start + timedelta(days=1))

    assert Occurrence.objects.filter(pk=first.pk).values().get() == before
    assert Series.objects.get(pk=dances.pk).rule_since is None  # the daily job never sets it


@pytest.mark.parametrize("change, rewrites", [
    pytest.param({"capacity": 60}, False, id="places"),
    pytest.param({"title": "Oldies Goldies v Besedě"}, False, id="title"),
    pytest.param({"start_time": time(19, 0)}, True, id="start time"),
    pytest.param({"duration": timedelta(hours=2)}, True, id="duration"),
    pytest.param({"recurrence": "FREQ=WEEKLY;BYDAY=WE"}, True, id="weekdays"),
])
def test_rule_since_is_set_only_when_the_schedule_no_longer_gives_the_past_dates(dances, change, rewrites):
    later = dates_of(dances)[2].start + timedelta(hours=4)

    series = edit(dances, now=later, **change)

    assert series.rule_since == (later if rewrites else None)


def test_rule_since_moves_only_for_what_passed_after_it(dances):
    dates = dates_of(dances)
    first_edit = dates[2].start + timedelta(hours=4)
    series = edit(dances, now=first_edit, start_time=time(19, 0))
    assert series.rule_since == first_edit

    # A later edit that keeps the dates since then as they were leaves it where it is...
    second_edit = dates[5].start + timedelta(hours=4)
    series = edit(series, now=second_edit, capacity=60)
    assert series.rule_since == first_edit
    # ...and one that changes them again moves it.
    series = edit(series, now=second_edit, start_time=time(17, 0))
    assert series.rule_since == second_edit


def test_a_new_series_and_a_series_without_past_dates_get_no_rule_since(dances):
    series = edit(dances, start_time=time(19, 0))

    assert series.rule_since is None


# --- Rows of one day left by the old sync -------------------------------------------------------


def test_two_rows_on_one_day_do_not_break_the_sync(dances):
    """Before, a new time left a cancelled row with registrations next to a new row on the same day."""
    first = register_people(dates_of(dances)[0], 1)
    Occurrence.objects.filter(pk=first.pk).update(status="cancelled")
    day = to_local(first.start).date()
    extra = Occurrence.from_local_start(dances, datetime.combine(day, time(19, 0)))
    extra.save()

    for clock in (time(19, 0), time(20, 0), time(18, 0)):
        edit(dances, start_time=clock)
        rows = Occurrence.objects.filter(series=dances, recurrence_id__date=day)
        assert Occurrence.objects.filter(pk=first.pk).exists()
        assert rows.filter(status="scheduled").count() <= 1


# --- What staff see before saving ---------------------------------------------------------------


def czech_day(moment):
    local = to_local(moment)
    return f"{CZECH_DAYS[local.weekday()]} {local.day}. {local.month}. {local.year}"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def edited_dances(dances):
    """A date moved by hand on a Wednesday, one with 3 people on a Wednesday, one moved by hand on a
    Saturday, and a plain Wednesday."""
    wednesdays = [row for row in dates_of(dances) if to_local(row.start).weekday() == 2]
    saturdays = [row for row in dates_of(dances) if to_local(row.start).weekday() == 5]
    return {
        "kept": move_by_hand(wednesdays[0], "19:30", "22:00"),
        "registered": register_people(wednesdays[1], 3),
        "dropped": move_by_hand(saturdays[0], "19:30", "22:00"),
        "plain": wednesdays[2],
    }


def test_the_preview_says_in_czech_what_happens_to_each_date_with_someone_s_work(
    staff_client, dances, edited_dances
):
    page = staff_client.get(change_url(dances))

    response = staff_client.post(
        change_url(dances), form_data(page, weekdays=["WE"], start_time="19:00", _preview="1")
    )

    kept, registered, dropped = edited_dances["kept"], edited_dances["registered"], edited_dances["dropped"]
    expected = sorted([
        (kept.recurrence_id, f"{czech_day(kept.start)} 18:00 (přesunuto ručně na 19:30) — zůstane, jak je"),
        (registered.recurrence_id,
         f"{czech_day(registered.start)} 18:00 (3 přihlášení) — posune se na 19:00, přihlášení dostanou zprávu"),
        (dropped.recurrence_id,
         f"{czech_day(dropped.start)} 18:00 (přesunuto ručně na 19:30) — odpadne: nový rozvrh v ten den nemá termín"),
    ])
    assert response.status_code == 200
    assert response.context["dates_to_confirm"] == [line for _when, line in expected]
    content = response.content.decode()
    for _when, line in expected:
        assert f"<li>{line}</li>" in content
    assert 'name="confirm_schedule_change"' in content
    assert Series.objects.get(pk=dances.pk).start_time == time(18, 0)  # a preview saves nothing


def test_saving_such_an_edit_needs_the_tick_and_says_so_in_czech(staff_client, dances, edited_dances):
    page = staff_client.get(change_url(dances))

    response = staff_client.post(change_url(dances), form_data(page, weekdays=["WE"], start_time="19:00"))

    errors, _inline = refused(response)
    assert errors["confirm_schedule_change"] == [
        "Změna se týká termínů uvedených výše. Přečtěte si, co se s nimi stane, a pro uložení zaškrtněte "
        "toto políčko."
    ]
    assert len(response.context["dates_to_confirm"]) == 3
    assert Series.objects.get(pk=dances.pk).start_time == time(18, 0)
    assert Occurrence.objects.filter(pk=edited_dances["dropped"].pk).exists()


def test_with_the_tick_the_edit_does_what_the_preview_said(staff_client, dances, edited_dances):
    page = staff_client.get(change_url(dances))

    response = staff_client.post(change_url(dances), form_data(
        page, weekdays=["WE"], start_time="19:00", confirm_schedule_change="on",
    ))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    kept, registered = (Occurrence.objects.get(pk=edited_dances[name].pk) for name in ("kept", "registered"))
    assert (local_clock(kept.start), local_clock(kept.end)) == ("19:30", "22:00")
    assert local_clock(kept.recurrence_id) == "19:00"
    assert (local_clock(registered.start), registered.seats_taken) == ("19:00", 3)
    assert not Occurrence.objects.filter(pk=edited_dances["dropped"].pk).exists()


def test_an_edit_that_touches_no_such_date_needs_no_tick(staff_client, dances, edited_dances):
    page = staff_client.get(change_url(dances))

    response = staff_client.post(change_url(dances), form_data(page, title="Oldies Goldies v Besedě", capacity="50"))

    assert response.status_code == 302
    assert "dates_to_confirm" not in (response.context or {})


def test_the_plan_is_what_the_sync_does(dances, edited_dances):
    series = Series.objects.get(pk=dances.pk)
    schedule = services.Schedule.of(series, recurrence="FREQ=WEEKLY;BYDAY=WE", start_time=time(19, 0))
    plan = services.plan_schedule_change(series, schedule)
    expected = {
        planned.occurrence.pk: (planned.action, planned.recurrence_id, planned.start, planned.end)
        for planned in plan.dates if planned.occurrence is not None
    }

    edit(series, recurrence="FREQ=WEEKLY;BYDAY=WE", start_time=time(19, 0))

    for pk, (action, recurrence_id, start, end) in expected.items():
        row = Occurrence.objects.filter(pk=pk).first()
        if action == services.DROP:
            assert row is None or row.is_cancelled
        else:
            assert (row.recurrence_id, row.start, row.end) == (recurrence_id, start, end)


# --- SEQUENCE of a deleted date -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["instance", "queryset", "sync"])
def test_a_deleted_date_adds_its_changes_to_the_series(dances, how):
    row = move_by_hand(dates_of(dances)[4], "19:00", "22:00")
    row = move_by_hand(row, "19:30", "22:30")
    before = Series.objects.get(pk=dances.pk).sequence
    assert row.sequence == 2

    if how == "instance":
        Occurrence.objects.get(pk=row.pk).delete()
    elif how == "queryset":
        dances.occurrences.filter(pk=row.pk).delete()
    else:
        ExcludedDate.objects.create(series=dances, date=to_local(row.recurrence_id).date())
        Series.objects.filter(pk=dances.pk).update(sequence=before - 1)  # series_changed adds the 1 back
        series_changed(Series.objects.get(pk=dances.pk))

    assert Series.objects.get(pk=dances.pk).sequence == before + 2


def test_an_older_copy_of_a_series_saved_later_does_not_lower_its_sequence(dances):
    stale = Series.objects.get(pk=dances.pk)
    dates_of(dances)[0].delete()
    Series.objects.filter(pk=dances.pk).update(sequence=10)

    stale.title = "Oldies Goldies!"
    stale.save()

    assert Series.objects.values_list("title", "sequence").get(pk=dances.pk) == ("Oldies Goldies!", 10)


def test_deleting_a_whole_series_deletes_its_dates(dances):
    Series.objects.filter(pk=dances.pk).delete()

    assert not Occurrence.objects.exists()


def test_ends_are_wall_clock_times_on_the_night_the_clocks_jump_forward(make_series):
    night = make_series("Noční tanec", rule="FREQ=WEEKLY;BYDAY=SA", starts_on=next_weekday(5),
                        start_time=time(22, 0), duration=timedelta(hours=7))
    today = date.today()
    saturday = last_sunday_of_march(today.year) - timedelta(days=1)
    if saturday <= today:
        saturday = last_sunday_of_march(today.year + 1) - timedelta(days=1)

    row = Occurrence.objects.get(series=night, recurrence_id=datetime.combine(saturday, time(22, 0), PRAGUE))

    assert to_local(row.end) == datetime.combine(saturday + timedelta(days=1), time(5, 0))
    assert row.end - row.start == timedelta(hours=6)
    assert row.end == wall_clock_end(row.start, timedelta(hours=7))
    assert timezone.localtime(row.end).utcoffset() == timedelta(hours=2)


def last_sunday_of_march(year):
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)
