"""Cancelling frees places; the waiting list moves up in order, whole registrations only."""

from datetime import timedelta

import pytest

from events.models import Occurrence
from events.services import series_changed
from registrations.models import Registration
from registrations.services import RegistrationError, cancel, promote_by_hand, promote_waiting_list, register

pytestmark = pytest.mark.django_db


def fill(occurrence, *seat_counts):
    return [
        register(occurrence, name=f"Host {index}", phone=f"60100{index:04d}", email=f"host{index}@example.cz",
                 seats=seats).registration
        for index, seats in enumerate(seat_counts)
    ]


def test_cancelling_promotes_the_first_who_fit_whole(small_workshop, django_capture_on_commit_callbacks):
    anna, bozena, cyril_2, dana_1, emil_1 = fill(small_workshop, 2, 1, 2, 1, 1)
    assert [r.status for r in (cyril_2, dana_1, emil_1)] == ["waitlisted"] * 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cancel(bozena)
    # One place freed: Cyril needs two and keeps waiting, Dana (one place) moves up.
    for registration in (cyril_2, dana_1, emil_1):
        registration.refresh_from_db()
    assert (cyril_2.status, dana_1.status, emil_1.status) == ("waitlisted", "confirmed", "waitlisted")
    assert cyril_2.waitlist_position() == 1 and emil_1.waitlist_position() == 2
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3
    assert len(callbacks) == 1  # Dana is told, after the commit


def test_cancelling_two_places_lets_the_next_pair_in(small_workshop):
    anna, bozena, cyril_2, dana_1 = fill(small_workshop, 2, 1, 2, 1)
    cancel(anna)
    cyril_2.refresh_from_db()
    dana_1.refresh_from_db()
    assert cyril_2.is_confirmed and dana_1.is_waitlisted


def test_cancelling_a_waiting_registration_frees_nothing(small_workshop):
    *_, waiting = fill(small_workshop, 2, 1, 1)
    cancel(waiting)
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3
    assert Registration.objects.get(pk=waiting.pk).is_cancelled


def test_cancelling_twice_says_so(dance):
    (registration,) = fill(dance, 1)
    cancel(registration)
    with pytest.raises(RegistrationError) as refused:
        cancel(registration)
    assert refused.value.code == "already_cancelled" and refused.value.status == 409
    dance.refresh_from_db()
    assert dance.seats_taken == 0


def test_no_cancelling_and_no_promoting_once_the_date_started(small_workshop):
    first, _second, waiting = fill(small_workshop, 2, 1, 1)
    with pytest.raises(RegistrationError) as refused:
        cancel(first, now=small_workshop.start + timedelta(minutes=5))
    assert refused.value.code == "started" and "začal" in refused.value.message
    assert promote_waiting_list(small_workshop, now=small_workshop.start) == []
    waiting.refresh_from_db()
    assert waiting.is_waitlisted


def test_more_places_on_the_series_move_the_waiting_list(small_workshop, django_capture_on_commit_callbacks):
    *_, waiting = fill(small_workshop, 2, 1, 1)
    series = small_workshop.series
    series.capacity = 5
    series.save()
    with django_capture_on_commit_callbacks(execute=True):
        series_changed(series)
    waiting.refresh_from_db()
    assert waiting.is_confirmed
    small_workshop.refresh_from_db()
    assert (small_workshop.capacity, small_workshop.seats_taken) == (5, 4)


def test_staff_move_someone_up_by_hand_with_a_reason(small_workshop, staff):
    *_, waiting = fill(small_workshop, 2, 1, 2)
    with pytest.raises(RegistrationError) as refused:
        promote_by_hand(waiting, reason="  ", by=staff)
    assert refused.value.code == "reason_required"
    promoted = promote_by_hand(waiting, reason="Paní je po operaci, přidáme židli.", by=staff)
    assert promoted.is_confirmed
    assert "přidáme židli" in promoted.promotion_note and "pracovnice" in promoted.promotion_note
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 5 and small_workshop.capacity == 5


def test_the_database_refuses_overbooking_even_if_code_forgets(dance):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.filter(pk=dance.pk).update(seats_taken=41)
