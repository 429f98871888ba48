"""Registering: confirmed while places last, then the waiting list, never overbooked."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.services import cancel_occurrence
from registrations.models import Person, Registration
from registrations.services import RegistrationError, normalize_phone, register

pytestmark = pytest.mark.django_db


def test_a_senior_registers_with_a_companion(dance):
    outcome = register(dance, name="Jana  Nováková", phone="777 123 456", seats=2, needs_wheelchair=True)
    registration = outcome.registration
    assert outcome.created and registration.is_confirmed
    assert registration.person.name == "Jana Nováková" and registration.person.phone == "+420777123456"
    dance.refresh_from_db()
    assert dance.seats_taken == 2 and dance.seats_left == 38
    assert registration.needs == ["vozík"]


def test_registering_again_shows_the_same_ticket(dance):
    first = register(dance, name="Jana Nováková", email="jana@seznam.cz").registration
    again = register(dance, name="JANA  NOVAKOVA", email="JANA@Seznam.CZ", seats=2)
    assert not again.created and again.registration.pk == first.pk
    assert Registration.objects.count() == 1 and Person.objects.count() == 1
    dance.refresh_from_db()
    assert dance.seats_taken == 1


def test_the_same_phone_is_the_same_person_across_dates(oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    one = register(first, name="Karel Novák", phone="+420 603 111 222").registration.person
    two = register(second, name="Karel Novák", phone="603111222", email="karel@email.cz").registration.person
    assert one.pk == two.pk
    assert Person.objects.get().email == "karel@email.cz"


def test_when_places_run_out_people_join_the_waiting_list_in_order(small_workshop):
    register(small_workshop, name="Anna", phone="601000001", seats=2)
    register(small_workshop, name="Božena", phone="601000002", seats=1)
    third = register(small_workshop, name="Cyril", phone="601000003", seats=1).registration
    fourth = register(small_workshop, name="Dana", phone="601000004", seats=2).registration
    assert third.is_waitlisted and fourth.is_waitlisted
    assert (third.waitlist_position(), fourth.waitlist_position()) == (1, 2)
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3 and small_workshop.seats_left == 0


def test_a_full_date_without_waiting_list_refuses(make_series):
    series = make_series("Nedám se!", capacity=1, waiting_list=False)
    occurrence = series.occurrences.order_by("start").first()
    register(occurrence, name="Anna", phone="601000001")
    with pytest.raises(RegistrationError) as refused:
        register(occurrence, name="Božena", phone="601000002")
    assert refused.value.code == "full" and refused.value.status == 409
    assert "obsazený" in refused.value.message
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"name": "", "phone": "777123456"}, "invalid_name", "jméno"),
        ({"name": "Jana"}, "missing_contact", "telefon nebo e-mail"),
        ({"name": "Jana", "phone": "12345"}, "invalid_phone", "devět číslic"),
        ({"name": "Jana", "phone": "+420 123 456 789"}, "invalid_phone", "devět číslic"),
        ({"name": "Jana", "email": "jana@"}, "invalid_email", "E-mailová adresa"),
        ({"name": "Jana", "email": "j" * 250 + "@seznam.cz"}, "invalid_email", "E-mailová adresa"),
        ({"name": "Jana", "phone": "777123456", "seats": 3}, "too_many_seats", "nejvýše 2 místa"),
        ({"name": "Jana", "phone": "777123456", "seats": 0}, "invalid_seats", "alespoň 1"),
    ],
)
def test_bad_input_is_refused_in_czech_and_nothing_is_saved(dance, fields, code, words):
    with pytest.raises(RegistrationError) as refused:
        register(dance, **fields)
    assert refused.value.code == code and refused.value.status == 400
    assert words in refused.value.message
    assert not Registration.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize(
    ("phone", "normalized"),
    [("777 123 456", "+420777123456"), ("+420 777-123-456", "+420777123456"), ("00420777123456", "+420777123456"),
     ("(+380) 67 123 4567", "+380671234567"), ("", "")],
)
def test_phone_numbers_are_normalised(phone, normalized):
    assert normalize_phone(phone) == normalized


def test_a_cancelled_date_refuses(dance):
    cancel_occurrence(dance, note="Nemoc kapely")
    with pytest.raises(RegistrationError) as refused:
        register(dance, name="Jana", phone="777123456")
    assert refused.value.code == "cancelled" and "zrušený" in refused.value.message


def test_a_started_date_refuses(dance):
    with pytest.raises(RegistrationError) as refused:
        register(dance, name="Jana", phone="777123456", now=dance.start + timedelta(minutes=1))
    assert refused.value.code == "past"


def test_registration_opens_and_closes_as_the_series_says(make_series):
    later = make_series("Adventní koncert", rule="", starts_on=timezone.localdate() + timedelta(days=60),
                        start_time=time(17, 0), registration_opens_days_before=30, registration_closes_hours_before=24)
    occurrence = later.occurrences.get()
    with pytest.raises(RegistrationError) as too_early:
        register(occurrence, name="Jana", phone="777123456")
    assert too_early.value.code == "not_yet" and "ještě nezačalo" in too_early.value.message
    with pytest.raises(RegistrationError) as too_late:
        register(occurrence, name="Jana", phone="777123456", now=occurrence.start - timedelta(hours=3))
    assert too_late.value.code == "closed" and "skončilo" in too_late.value.message
    opened = register(occurrence, name="Jana", phone="777123456", now=occurrence.start - timedelta(days=10))
    assert opened.registration.is_confirmed


def test_the_office_can_register_a_caller_before_registration_opens(make_series, staff):
    later = make_series("Adventní koncert", rule="", starts_on=timezone.localdate() + timedelta(days=60),
                        start_time=time(17, 0), registration_opens_days_before=30)
    outcome = register(later.occurrences.get(), name="Jana", phone="777123456",
                       source=Registration.Source.STAFF, entered_by=staff)
    assert outcome.registration.is_confirmed and outcome.registration.entered_by == staff


def test_an_event_without_registration_refuses_politely(make_series):
    festival = make_series("Senioři baví seniory", registration_required=False)
    with pytest.raises(RegistrationError) as refused:
        register(festival.occurrences.first(), name="Jana", phone="777123456")
    assert refused.value.code == "not_needed" and "stačí přijít" in refused.value.message


def test_a_phone_number_alone_does_not_open_someone_elses_tickets(oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    marie = register(first, name="Marie Nováková", phone="777 123 456").registration
    for occurrence in (first, second):
        with pytest.raises(RegistrationError) as refused:
            register(occurrence, name="Kdokoli", phone="777123456", email="cizi@example.org")
        assert refused.value.code == "contact_in_use" and refused.value.status == 409
        assert "pod jiným jménem" in refused.value.message
    person = Person.objects.get()
    assert (person.name, person.email) == ("Marie Nováková", "")
    assert Registration.objects.get().pk == marie.pk


def test_the_office_finds_a_caller_by_phone_even_with_a_shorter_name(dance, staff):
    register(dance, name="Marie Nováková", phone="777123456")
    again = register(dance, name="paní Nováková", phone="777123456", source=Registration.Source.STAFF,
                     entered_by=staff)
    assert not again.created and again.registration.person.name == "Marie Nováková"


def test_an_invisible_name_is_no_name(dance):
    with pytest.raises(RegistrationError) as refused:
        register(dance, name="\u200b \u200b", phone="777123456")
    assert refused.value.code == "invalid_name"
