"""Registering: confirmed while places last, then the waiting list, never overbooked."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.services import cancel_occurrence
from registrations.models import Person, Registration
from registrations.services import RegistrationError, register

pytestmark = pytest.mark.django_db


def test_a_senior_registers_with_a_companion(dance):
    outcome = register(dance, name="Jana  Nováková", phone="777 123 456", seats=2, needs_wheelchair=True)
    registration = outcome.registration
    assert outcome.created and registration.is_confirmed
    assert registration.person.name == "Jana Nováková" and registration.person.phone == "+420777123456"
    dance.refresh_from_db()
    assert dance.seats_taken == 2 and dance.seats_left == 38
    assert registration.needs == ["vozík"]


def test_the_same_browser_sending_the_same_details_again_gets_its_own_ticket(dance):
    first = register(dance, name="Jana Nováková", email="jana@seznam.cz", request_secret="browser-1")
    again = register(dance, name="JANA  NOVAKOVA", email="JANA@Seznam.CZ", seats=2, request_secret="browser-1")
    assert first.created and not again.created and again.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1 and Person.objects.count() == 1
    dance.refresh_from_db()
    assert dance.seats_taken == 1


def test_the_same_name_and_contact_is_the_same_person_across_dates(oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    one = register(first, name="Karel Novák", phone="+420 603 111 222").registration.person
    two = register(second, name="KAREL NOVAK", phone="603111222").registration.person
    assert one.pk == two.pk
    assert list(one.registrations.values_list("occurrence", flat=True)) == [first.pk, second.pk]


def test_a_new_e_mail_from_the_public_makes_a_new_person_and_changes_nobody(oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    karel = register(first, name="Karel Novák", phone="603111222").registration.person
    other = register(second, name="Karel Novák", phone="603111222", email="karel@email.cz").registration.person
    assert other.pk != karel.pk and other.email == "karel@email.cz"
    karel.refresh_from_db()
    assert karel.email == "" and karel.registrations.count() == 1


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


def test_a_household_on_one_landline_both_register_under_their_own_names(dance):
    josef = register(dance, name="Josef Pokorný", phone="377 456 789").registration
    marie = register(dance, name="Marie Pokorná", phone="377456789").registration
    assert josef.person != marie.person
    assert [registration.person.name for registration in Registration.objects.order_by("pk")] == [
        "Josef Pokorný", "Marie Pokorná"]
    assert josef.person.phone == marie.person.phone == "+420377456789"


def test_a_visitor_with_a_seniors_name_and_phone_learns_and_changes_nothing(oldies_goldies, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    marie = register(first, name="Marie Nováková", phone="777 123 456").registration
    before = Person.objects.values().get(pk=marie.person_id)

    with django_capture_on_commit_callbacks(execute=True):
        visits = [register(occurrence, name="Marie Nováková", phone="777123456", email="cizi@example.org")
                  for occurrence in (first, second)]

    for visit in visits:
        # A new registration of a new person: not Marie's ticket, not Marie's record.
        assert visit.created and visit.registration.code != marie.code
        assert visit.registration.person_id != marie.person_id
    assert Person.objects.values().get(pk=marie.person_id) == before
    assert list(Registration.objects.filter(person_id=marie.person_id)) == [marie]
    for message in mailoutbox:
        assert message.to == ["cizi@example.org"]
        assert marie.code not in message.body and before["token"] not in message.body


def test_a_second_registration_for_the_same_date_with_the_same_details_is_a_new_one(dance):
    """Another browser or device cannot tell whether Jana is registered: it gets a ticket of its own."""
    jana = register(dance, name="Jana Nováková", phone="777123456").registration
    again = register(dance, name="Jana Nováková", phone="777123456")
    assert again.created and again.registration.code != jana.code and again.registration.person != jana.person
    jana.refresh_from_db()
    assert jana.is_confirmed and jana.person.registrations.count() == 1


def test_another_senior_on_the_same_library_pc_gets_her_own_registration(dance):
    jana = register(dance, name="Jana Nováková", phone="777123456", request_secret="library-pc")
    eva = register(dance, name="Eva Malá", phone="777123457", request_secret="library-pc")
    assert eva.created and eva.registration.pk != jana.registration.pk


def test_an_invisible_name_is_no_name(dance):
    with pytest.raises(RegistrationError) as refused:
        register(dance, name="\u200b \u200b", phone="777123456")
    assert refused.value.code == "invalid_name"
