"""One service changes a date, whichever door staff come through: change_occurrence().

It refuses in Czech beside the field to blame, raises SEQUENCE only when calendars show the change,
tells the registrations what people must hear of, and keeps who did what in the date's history.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import ExcludedDate, Occurrence, OccurrenceChange, Venue
from events.recurrence import to_local
from events.services import EventsError, cancel_occurrence, change_occurrence, series_changed
from tests.events.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "announce_change", lambda occurrence, change: calls.append(change))
    return calls


@pytest.fixture
def depo(db):
    return Venue.objects.create(name="DEPO2015", slug="depo", street="Presslova 14")


def fresh(occurrence):
    return Occurrence.objects.get(pk=occurrence.pk)


def history(occurrence):
    return list(OccurrenceChange.objects.filter(occurrence=occurrence).order_by("id"))


def refused(occurrence, **changes):
    with pytest.raises(EventsError) as caught:
        change_occurrence(occurrence, by=None, **changes)
    return caught.value


# --- Refusals, each beside its field, each at its boundary ---------------------------------


def test_an_end_before_the_start_is_refused_beside_the_end(dance):
    error = refused(dance, end=dance.start - timedelta(minutes=1))

    assert (error.code, error.field, error.message) == ("end_before_start", "end", "Konec musí být až po začátku.")
    assert fresh(dance).end == dance.end and history(dance) == []


def test_an_end_at_the_start_is_refused_too(dance):
    assert refused(dance, start=dance.start, end=dance.start).code == "end_before_start"


def test_a_minute_long_date_is_allowed(dance):
    change_occurrence(dance, by=None, end=dance.start + timedelta(minutes=1))

    assert fresh(dance).end == dance.start + timedelta(minutes=1)


def test_places_below_those_taken_are_refused_with_the_number_taken(dance):
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=12)

    error = refused(dance, capacity=11)

    assert (error.code, error.field) == ("below_places_taken", "capacity")
    assert error.message == "Již obsazených míst: 12. Počet míst nemůže být nižší."
    assert fresh(dance).capacity == 40


def test_places_exactly_as_many_as_taken_are_allowed(dance):
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=12)

    change_occurrence(dance, by=None, capacity=12)

    assert fresh(dance).capacity == 12


def test_the_places_taken_are_read_under_the_lock_not_from_the_copy_in_hand(dance):
    """A registration that came after the page was loaded counts: the copy in hand says 0 taken."""
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=5)

    assert refused(dance, capacity=4).message == "Již obsazených míst: 5. Počet míst nemůže být nižší."


def test_negative_places_are_refused(dance):
    error = refused(dance, capacity=-1)

    assert (error.field, error.message) == ("capacity", "Počet míst nemůže být záporný.")


def test_an_unknown_status_is_refused(dance):
    error = refused(dance, status="postponed")

    assert (error.field, error.message) == ("status", "Vyberte, zda se termín koná, nebo je zrušen.")


def test_a_note_longer_than_the_column_is_refused_and_one_as_long_is_kept(dance):
    error = refused(dance, status_note="x" * 301)
    change_occurrence(dance, by=None, status_note="x" * 300)

    assert (error.field, error.message) == ("status_note", "Poznámka pro návštěvníky může mít nejvýše 300 znaků.")
    assert fresh(dance).status_note == "x" * 300


def test_cancelling_a_cancelled_date_is_refused(dance):
    cancel_occurrence(dance, note="Sál je v opravě.")

    with pytest.raises(EventsError) as caught:
        cancel_occurrence(dance, note="Znovu")

    assert caught.value.message == "Tento termín už je zrušený."
    assert fresh(dance).status_note == "Sál je v opravě." and len(history(dance)) == 1


# --- What changes, and what calendars and registrations hear ---------------------------------


def test_moving_a_date_keeps_its_length_marks_it_and_raises_sequence_once(dance, staff, announced):
    new_start = dance.start + timedelta(days=1, hours=-1)

    changed = change_occurrence(dance, by=staff, start=new_start)

    after = fresh(dance)
    assert (after.start, after.end - after.start, after.modified) == (new_start, timedelta(hours=3), True)
    assert after.sequence == dance.sequence  # the instance passed in is updated too
    assert after.sequence == 1 and changed.changed == ["start", "end"]
    assert announced == ["moved"]


def test_another_number_of_places_is_the_date_s_own_and_calendars_are_not_bothered(dance, staff, announced):
    change_occurrence(dance, by=staff, capacity=60)

    after = fresh(dance)
    assert (after.capacity, after.capacity_overridden, after.modified, after.sequence) == (60, True, False, 0)
    assert announced == ["capacity"]


def test_fewer_places_are_not_announced(dance, staff, announced):
    change_occurrence(dance, by=staff, capacity=30)

    assert announced == []


def test_a_new_note_and_another_venue_are_shown_in_calendars(dance, staff, depo, announced):
    change_occurrence(dance, by=staff, status_note="Vchod ze dvora.")
    change_occurrence(dance, by=staff, venue=depo)

    after = fresh(dance)
    assert (after.status_note, after.venue, after.modified, after.sequence) == ("Vchod ze dvora.", depo, True, 2)
    assert announced == ["moved"]  # another venue: people must go elsewhere


def test_cancelling_is_announced_and_nothing_else(dance, staff, announced):
    change_occurrence(dance, by=staff, status=Occurrence.Status.CANCELLED, status_note="Nemoc kapely",
                      capacity=50)

    assert announced == ["cancelled"]
    assert fresh(dance).sequence == 1


def test_moving_a_cancelled_date_tells_nobody(dance, staff, announced):
    cancel_occurrence(dance, by=staff)
    announced.clear()

    change_occurrence(dance, by=staff, start=dance.start + timedelta(hours=1))

    assert announced == []


def test_values_as_they_are_change_nothing(dance, staff, announced):
    changed = change_occurrence(dance, by=staff, start=dance.start, end=dance.end, status=dance.status,
                                status_note="", venue=None, capacity=40)

    after = fresh(dance)
    assert changed.changed == [] and announced == [] and history(dance) == []
    assert (after.sequence, after.modified, after.capacity_overridden) == (0, False, False)


# --- The date's history ----------------------------------------------------------------------


def test_each_kind_of_change_is_kept_with_who_and_before_and_after(dance, staff, depo):
    moment = timezone.now()
    old_start, old_end = dance.start, dance.end
    change_occurrence(dance, by=staff, start=dance.start + timedelta(hours=1), venue=depo, capacity=50, now=moment)

    moved, venue, places = history(dance)
    assert {entry.by for entry in (moved, venue, places)} == {staff}
    assert {entry.by_name for entry in (moved, venue, places)} == {"Jana Nováková"}
    assert {entry.at for entry in (moved, venue, places)} == {moment}
    assert moved.action == OccurrenceChange.Action.MOVED
    assert moved.before == {"start": old_start.isoformat(), "end": old_end.isoformat()}
    assert (venue.before, venue.after) == ({"venue": None, "place": "Měšťanská beseda"},
                                          {"venue": depo.pk, "place": "DEPO2015"})
    assert (places.before, places.after) == ({"capacity": 40}, {"capacity": 50})
    assert (places.before_text, places.after_text) == ("40 míst", "50 míst")
    assert (venue.before_text, venue.after_text) == ("Měšťanská beseda", "DEPO2015")


def test_a_move_reads_as_the_days_and_hours(dance, staff):
    change_occurrence(dance, by=staff, start=dance.start + timedelta(days=1))

    (moved,) = history(dance)
    day, next_day = to_local(dance.start - timedelta(days=1)), to_local(dance.start)
    assert moved.what == "přesunul(a) termín"
    assert moved.before_text.endswith(f"{day.day}. {day.month}. {day.year} 18:00–21:00")
    assert moved.after_text.endswith(f"{next_day.day}. {next_day.month}. {next_day.year} 18:00–21:00")


def test_a_cancellation_and_its_note_are_kept(dance, staff):
    cancel_occurrence(dance, note="Sál je v opravě.", by=staff)

    (entry,) = history(dance)
    assert (entry.action, entry.by) == (OccurrenceChange.Action.CANCELLED, staff)
    assert (entry.before_text, entry.after_text) == ("plánováno", "zrušeno: Sál je v opravě.")


def test_putting_a_date_back_on_is_kept(dance, staff):
    cancel_occurrence(dance, by=staff)

    change_occurrence(dance, by=staff, status=Occurrence.Status.SCHEDULED)

    assert [entry.action for entry in history(dance)] == ["cancelled", "reinstated"]


def test_a_new_note_alone_is_kept(dance, staff):
    change_occurrence(dance, by=staff, status_note="Vchod ze dvora.")

    (entry,) = history(dance)
    assert (entry.action, entry.before, entry.after) == ("note", {"note": ""}, {"note": "Vchod ze dvora."})


def test_the_name_stays_when_the_account_goes(dance, staff):
    change_occurrence(dance, by=staff, capacity=50)
    staff.delete()

    (entry,) = history(dance)
    assert (entry.by, entry.by_name) == (None, "Jana Nováková")


def test_a_refused_change_leaves_no_history(dance, staff):
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=12)

    with pytest.raises(EventsError):
        change_occurrence(dance, by=staff, capacity=10, status_note="Méně míst")

    assert history(dance) == [] and fresh(dance).status_note == ""


# --- The doors: the admin and the series' edit -------------------------------------------------


def test_a_change_in_the_admin_table_is_kept_as_made_by_who_saved(client, staff, oldies_goldies):
    client.force_login(staff)
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    page = client.get(change_url(oldies_goldies))

    response = client.post(change_url(oldies_goldies), form_data(page, **{"occurrences-0-capacity": "60"}))

    assert response.status_code == 302
    (entry,) = history(occurrence)
    assert (entry.action, entry.by, entry.after) == ("capacity", staff, {"capacity": 60})


def test_a_change_on_the_admin_page_of_the_date_is_kept_as_made_by_who_saved(client, organizer_a, oldies_goldies):
    from django.urls import reverse

    client.force_login(organizer_a)
    occurrence = oldies_goldies.occurrences.order_by("start")[0]
    url = reverse("admin:events_occurrence_change", args=[occurrence.pk])
    page = client.get(url)

    response = client.post(url, form_data(page, status="cancelled", status_note="Nemoc lektora"))

    assert response.status_code == 302
    (entry,) = history(occurrence)
    assert (entry.action, entry.by, entry.by_name) == ("cancelled", organizer_a, "Petr")


def test_a_date_with_registrations_cancelled_by_a_series_edit_is_kept_as_made_by_the_editor(dance, staff):
    from registrations.services import register

    register(dance, name="Marie Pokorná", phone="777123456")
    ExcludedDate.objects.create(series=dance.series, date=to_local(dance.start).date(), reason="Svátek")

    series_changed(dance.series, by=staff)

    (entry,) = history(dance)
    assert (entry.action, entry.by, fresh(dance).is_cancelled) == ("cancelled", staff, True)
