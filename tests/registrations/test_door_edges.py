"""The door's list, its undo and its answers, each value as the phone and the organizer read it.

Written from the mutants that survived `make mutants APP=registrations` (issue 15, item 5).
"""

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from registrations.door import check_in, undo_check_in
from registrations.models import Scan
from registrations.services import RegistrationError, cancel, register
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def nonce():
    return uuid.uuid4().hex


def door_list(occurrence):
    from registrations.door import door_list

    return door_list(occurrence)


@pytest.fixture
def next_week(dance):
    return dance.series.occurrences.order_by("start")[1]


def test_the_door_list_is_in_name_order_with_each_value_the_phone_decides_by(dance, organizer_a):
    zdena = register(dance, name="Zdena Veselá", phone="601 000 001", seats=2, needs_hearing=True).registration
    adam = register(dance, name="Adam Bílý", phone="601000002").registration
    admitted_at = dance.start + timedelta(minutes=2)
    check_in(dance, code=zdena.code, nonce=nonce(), by=organizer_a, now=admitted_at)

    entries, _others = door_list(dance)

    assert [entry["name"] for entry in entries] == ["Adam Bílý", "Zdena Veselá"]
    first, second = entries
    assert first == {
        "code": adam.code, "name": "Adam Bílý", "seats": 1, "status": "confirmed", "needs": [],
        "checked_in_at": None, "checked_in_by": "", "phone_digits": "420601000002",
    }
    assert (second["seats"], second["needs"], second["status"]) == (2, ["sluch"], "confirmed")
    assert second["checked_in_at"] == timezone.localtime(admitted_at).isoformat()
    assert second["checked_in_by"] == "Petr"


def test_the_door_list_names_who_admitted_by_full_name_last_name_or_user_name(dance):
    full = make_user("jana", first_name="Jana", last_name="Nováková")
    last_only = make_user("dvorak", last_name="Dvořák")
    no_name = make_user("vratny")
    tickets = [register(dance, name=name, phone=f"60100000{i}").registration
               for i, name in enumerate(["Anna", "Bohumil", "Cyril"])]
    for user, ticket in zip([full, last_only, no_name], tickets, strict=True):
        check_in(dance, code=ticket.code, nonce=nonce(), by=user)
    entries, _others = door_list(dance)
    assert [entry["checked_in_by"] for entry in entries] == ["Jana Nováková", "Dvořák", "vratny"]


def test_the_door_list_keeps_other_dates_tickets_as_the_scanners_fingerprints(dance, next_week):
    other = register(next_week, name="Jana Nováková", phone="777123456").registration
    register(dance, name="Petr Malý", phone="601000009")
    _entries, others = door_list(dance)
    # static/js/scanner.js compares the first 20 hex digits of the code's SHA-256.
    scanner = (Path(settings.BASE_DIR) / "static" / "js" / "scanner.js").read_text()
    assert ".slice(0, 20)" in scanner
    assert others == [{
        "start": timezone.localtime(next_week.start).isoformat(), "label": others[0]["label"],
        "tickets": [hashlib.sha256(other.code.encode()).hexdigest()[:20]],
    }]
    assert other.code not in str(others)


def test_the_door_list_takes_the_same_few_queries_for_one_registration_or_many(dance):
    register(dance, name="Anna Malá", phone="601000001")
    with CaptureQueriesContext(connection) as one:
        door_list(dance)
    for i in range(2, 8):
        register(dance, name=f"Host {i}", phone=f"60100000{i}")
    with CaptureQueriesContext(connection) as many:
        entries, _others = door_list(dance)
    assert len(entries) == 7
    assert len(many) == len(one) <= 3


def test_undo_keeps_who_took_the_admission_back_and_leaves_other_scans_alone(dance, organizer_a, staff):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)  # "already inside"
    moment = dance.start + timedelta(minutes=10)
    assert undo_check_in(dance, code=ticket.code, by=staff, now=moment) == 1
    admission = Scan.objects.get(status=Scan.Status.OK)
    assert (admission.undone_by, admission.undone_at) == (staff, moment)
    assert Scan.objects.get(status=Scan.Status.ALREADY).undone_at is None


def test_a_refused_ticket_has_no_admission_to_undo(dance, organizer_a):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    cancel(ticket)
    assert check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)["status"] == "cancelled"
    with pytest.raises(RegistrationError) as refused:
        undo_check_in(dance, code=ticket.code, by=organizer_a)
    assert refused.value.code == "not_checked_in"
    assert Scan.objects.get().undone_at is None


def test_another_organizers_ticket_scanned_offline_keeps_the_time_of_the_scan(dance, nedam_se, organizer_b):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    workshop = nedam_se.occurrences.order_by("start").first()
    now = workshop.start + timedelta(minutes=30)
    scanned_at = now - timedelta(minutes=20)
    answer = check_in(workshop, code=ticket.code, nonce=nonce(), by=organizer_b, scanned_at=scanned_at,
                      offline=True, now=now)
    assert answer["status"] == "wrong_occurrence"
    assert answer["scanned_at"] == timezone.localtime(scanned_at).isoformat()
    assert Scan.objects.get().scanned_at == scanned_at


@pytest.mark.parametrize("bad", [None, "", "   ", "x" * 65])
def test_a_scan_or_a_walk_in_without_a_valid_request_number_is_refused(dance, organizer_a, bad):
    from registrations.door import admit_walk_in

    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    for call in (lambda: check_in(dance, code=ticket.code, nonce=bad, by=organizer_a),
                 lambda: admit_walk_in(dance, name="Petr Malý", phone="601000009", by=organizer_a, nonce=bad,
                                       now=dance.start)):
        with pytest.raises(RegistrationError) as refused:
            call()
        assert (refused.value.code, refused.value.status) == ("invalid_nonce", 400)
        assert refused.value.message == gettext("The scanner sent no valid request number (nonce).")
        assert refused.value.message != "The scanner sent no valid request number (nonce)."  # in Czech
    assert not Scan.objects.exists()
    assert dance.registrations.count() == 1


def test_a_request_number_of_64_characters_is_taken(dance, organizer_a):
    from registrations.door import admit_walk_in

    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    assert check_in(dance, code=ticket.code, nonce="a" * 64, by=organizer_a)["status"] == "ok"
    answer = admit_walk_in(dance, name="Petr Malý", phone="601000009", by=organizer_a, nonce="b" * 64,
                           now=dance.start)
    assert answer["status"] == "ok" and answer["name"] == "Petr Malý"


def test_a_walk_in_is_admitted_by_the_organizer_at_the_moment_of_the_door(dance, organizer_a):
    from registrations.door import admit_walk_in

    now = dance.start + timedelta(minutes=25)
    admit_walk_in(dance, name="Petr Malý", phone="601000009", by=organizer_a, nonce=nonce(), now=now)
    scan = Scan.objects.get()
    assert (scan.by, scan.scanned_at, scan.status) == (organizer_a, now, Scan.Status.OK)
    assert scan.registration.confirmed_at == now


def test_a_walk_in_at_a_full_date_raises_its_places_and_the_public_pages_see_the_change(small_workshop,
                                                                                        organizer_a):
    from registrations.door import admit_walk_in

    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    long_ago = timezone.now() - timedelta(days=3)
    type(small_workshop).objects.filter(pk=small_workshop.pk).update(updated_at=long_ago)
    admit_walk_in(small_workshop, name="Cyril Dlouhý", phone="601000003", seats=2, by=organizer_a, nonce=nonce(),
                  now=small_workshop.start)
    small_workshop.refresh_from_db()
    assert (small_workshop.capacity, small_workshop.seats_taken, small_workshop.capacity_overridden) == (5, 5, True)
    assert small_workshop.updated_at > long_ago


# --- Finding someone at the door ------------------------------------------------------------------

def door_search(occurrence, text):
    from registrations.door import door_search

    return [registration.person.name for registration in door_search(occurrence, text)]


@pytest.fixture
def evening(dance):
    anna = register(dance, name="Anna Malá", phone="601 222 333").registration
    bohumil = register(dance, name="Bohumil Velký", phone="602 444 555").registration
    return anna, bohumil


def test_two_letters_of_a_name_find_someone_and_one_finds_nobody(dance, evening):
    assert door_search(dance, "Bo") == ["Bohumil Velký"]
    assert door_search(dance, "B") == []
    assert door_search(dance, "  ") == []
    assert door_search(dance, None) == []


def test_a_four_letter_name_that_could_be_a_code_still_finds_the_name(dance, evening):
    assert door_search(dance, "Anna") == ["Anna Malá"]
    assert door_search(dance, "anna MALÁ") == ["Anna Malá"]


def test_three_last_digits_of_the_phone_find_someone_and_two_do_not(dance, evening):
    assert door_search(dance, "555") == ["Bohumil Velký"]
    assert door_search(dance, "2 333") == ["Anna Malá"]
    assert door_search(dance, "55") == []


def test_the_start_of_a_ticket_code_finds_it_typed_in_lowercase_with_dashes(dance, evening):
    anna, _bohumil = evening
    start = anna.code[:4]
    assert door_search(dance, start.lower()) == ["Anna Malá"]
    grouped = anna.display_code[:7]  # "ABC-DEF"
    assert "-" in grouped
    assert door_search(dance, grouped.lower()) == ["Anna Malá"]
    assert door_search(dance, f"{start[:2]} {start[2:]}") == ["Anna Malá"]
    assert door_search(dance, anna.code[:3]) == []  # three symbols are no code yet


def test_the_door_list_shows_only_an_admission_that_stands(dance, organizer_a):
    admitted = register(dance, name="Anna Malá", phone="601222333").registration
    undone = register(dance, name="Bohumil Velký", phone="602444555").registration
    refused = register(dance, name="Cyril Dlouhý", phone="603666777").registration
    cancel(refused)
    for ticket in (admitted, undone, refused):
        check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    undo_check_in(dance, code=undone.code, by=organizer_a)
    entries, _others = door_list(dance)
    assert [(entry["name"], bool(entry["checked_in_at"]), entry["checked_in_by"]) for entry in entries] == [
        ("Anna Malá", True, "Petr"), ("Bohumil Velký", False, ""), ("Cyril Dlouhý", False, "")]


# --- The live counter ------------------------------------------------------------------------------

def test_the_counter_counts_admissions_that_stand_at_this_date_and_confirmed_places(dance, next_week, organizer_a):
    from registrations.door import door_counts

    assert door_counts(dance) == {"checked_in_seats": 0, "checked_in_tickets": 0, "registered_seats": 0}
    two = register(dance, name="Anna Malá", phone="601222333", seats=2).registration
    one = register(dance, name="Bohumil Velký", phone="602444555").registration
    undone = register(dance, name="Cyril Dlouhý", phone="603666777", seats=2).registration
    refused = register(dance, name="Dana Krátká", phone="604888999").registration
    cancel(refused)
    elsewhere = register(next_week, name="Eva Nová", phone="605111222", seats=2).registration
    for ticket in (two, one, undone, refused):
        check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    check_in(dance, code=two.code, nonce=nonce(), by=organizer_a)  # "already inside"
    undo_check_in(dance, code=undone.code, by=organizer_a)
    check_in(next_week, code=elsewhere.code, nonce=nonce(), by=organizer_a)
    assert door_counts(dance) == {"checked_in_seats": 3, "checked_in_tickets": 2, "registered_seats": 5}


# --- Walk-ins: on the day of the date, until its end -----------------------------------------------

def walk_in(occurrence, by, now, name="Petr Malý"):
    from registrations.door import admit_walk_in

    return admit_walk_in(occurrence, name=name, phone="601000009", by=by, nonce=nonce(), now=now)


def refused_walk_in(occurrence, by, now):
    with pytest.raises(RegistrationError) as refused:
        walk_in(occurrence, by, now)
    return refused.value.code, refused.value.status


def test_walk_ins_start_at_midnight_of_the_day_and_stop_at_the_end(dance, organizer_a):
    from datetime import datetime, time

    from registrations.door import walk_ins_open

    midnight = timezone.make_aware(datetime.combine(timezone.localtime(dance.start).date(), time(0)))
    assert refused_walk_in(dance, organizer_a, midnight - timedelta(microseconds=1)) == ("not_today", 409)
    assert not walk_ins_open(dance, midnight - timedelta(microseconds=1))
    assert walk_ins_open(dance, midnight) and walk_ins_open(dance, dance.end - timedelta(microseconds=1))
    assert walk_in(dance, organizer_a, midnight)["status"] == "ok"
    assert walk_in(dance, organizer_a, dance.end - timedelta(microseconds=1), name="Jan Pozdní")["status"] == "ok"
    assert refused_walk_in(dance, organizer_a, dance.end) == ("ended", 409)
    assert not walk_ins_open(dance, dance.end)


def test_nobody_walks_in_to_a_cancelled_date(dance, organizer_a):
    from events.services import cancel_occurrence

    cancel_occurrence(dance, note="Sál je v opravě.")
    dance.refresh_from_db()
    assert refused_walk_in(dance, organizer_a, dance.start) == ("cancelled", 409)
    assert not dance.registrations.exists()


def test_an_unknown_ticket_code_is_refused_with_its_code(db):
    from registrations.services import get_registration_by_code

    for code in ("AAAA-BBBB-CCCC", "", None):
        with pytest.raises(RegistrationError) as refused:
            get_registration_by_code(code)
        assert (refused.value.code, refused.value.status) == ("unknown_code", 404)


def test_a_second_scan_names_who_admitted_by_user_name_when_the_account_has_no_name(dance):
    porter = make_user("vratny")
    ticket = register(dance, name="Jana Nováková", phone="777123456", seats=2).registration
    check_in(dance, code=ticket.code, nonce=nonce(), by=porter)
    again = check_in(dance, code=ticket.code, nonce=nonce(), by=porter)
    assert (again["status"], again["checked_in_by"]) == ("already_checked_in", "vratny")


def test_seats_read_in_english_too(db):
    from django.utils.translation import override

    from registrations.door import seats_text

    with override("en"):
        assert (seats_text(1), seats_text(2)) == ("1 person", "2 people")


def test_a_registration_whose_person_was_deleted_stays_on_the_list_without_a_name(dance):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    ticket.person.delete()
    (entry,), _others = door_list(dance)
    assert (entry["code"], entry["name"], entry["phone_digits"]) == (ticket.code, "", "")


def test_other_dates_come_in_date_order_and_only_those_near_this_one(dance, staff):
    from registrations.models import Registration

    def by_office(occurrence, name, phone):
        register(occurrence, name=name, phone=phone, source=Registration.Source.STAFF, entered_by=staff,
                 new_person=True)

    later = list(dance.series.occurrences.order_by("start"))
    near_second, near_first = later[2], later[1]
    by_office(near_second, "Anna Malá", "601222333")
    by_office(near_first, "Bohumil Velký", "602444555")
    far = [o for o in later if o.start > dance.start + timedelta(days=121)]
    assert far, "the series has dates beyond the 120 days the phone keeps"
    by_office(far[0], "Cyril Dlouhý", "603666777")
    _entries, others = door_list(dance)
    assert [group["start"] for group in others] == [
        timezone.localtime(near_first.start).isoformat(), timezone.localtime(near_second.start).isoformat()]


def test_an_anonymised_persons_ticket_is_not_found_at_the_door(dance):
    from registrations.services import anonymise_people

    ticket = register(dance, name="Anna Malá", phone="601222333").registration
    anonymise_people(before=dance.end + timedelta(microseconds=1))
    assert door_search(dance, ticket.code[:6]) == []
