"""The door in the date's history: walk-ins registered at the door and entries taken back, each with
who did it, and the admissions summed up per person who let people in; nothing for what the door
refused, and nothing left of the attendee once they are anonymised."""

import re
import uuid
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence
from registrations.door import admit_walk_in, check_in, undo_check_in
from registrations.models import Registration, RegistrationAction, Scan
from registrations.services import RegistrationError, anonymise_people
from tests.queries import assert_same_count, count_queries
from tests.registrations.people import sign_up

pytestmark = pytest.mark.django_db

Action, Actor = RegistrationAction.Action, RegistrationAction.Actor


def nonce():
    return uuid.uuid4().hex


def local(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def day_and_time(moment):
    return timezone.localtime(moment).strftime("%-d. %-m. %Y %H:%M")


def page_history(client, occurrence):
    """The lines of the history on the date's staff page, as text."""
    response = client.get(f"/sprava/termin/{occurrence.pk}/")
    assert response.status_code == 200
    section = response.content.decode().split('id="history-heading"', 1)[1].split("</section>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in section.split("<li>")[1:]]


def door_actions(occurrence):
    return list(RegistrationAction.objects.filter(occurrence=occurrence).order_by("id"))


@pytest.fixture
def tonight(make_series, organizer_a):
    """An Oldies Goldies evening that started twenty minutes ago, with 2 places, both taken by Jana."""
    series = make_series("Oldies Goldies dnes", rule="", starts_on=date.today() + timedelta(days=1),
                         start_time=time(18, 0), duration=timedelta(hours=3), capacity=2, organizers=[organizer_a])
    evening = series.occurrences.get()
    sign_up(evening, "Jana Nováková", "777123456", seats=2)
    start = timezone.now() - timedelta(minutes=20)
    Occurrence.objects.filter(pk=evening.pk).update(start=start, end=start + timedelta(hours=3))
    evening.refresh_from_db()
    return evening


@pytest.fixture
def ticket(dance):
    return sign_up(dance, "Jana Nováková", "777123456", seats=2)


# --- Walk-ins ---------------------------------------------------------------------------------


def test_a_walk_in_is_kept_with_the_organizer_who_registered_them(client, staff, tonight, organizer_a):
    moment = timezone.now()

    admit_walk_in(tonight, name="Marie Svobodová", seats=1, by=organizer_a, nonce="walk-1", now=moment)

    raised, walk_in = door_actions(tonight)
    assert (walk_in.action, walk_in.actor, walk_in.by, walk_in.by_name, walk_in.at) == (
        Action.WALK_IN, Actor.STAFF, organizer_a, "Petr", moment,
    )
    assert (walk_in.before, walk_in.after) == ({}, {"status": "confirmed"})
    assert (raised.action, raised.before, raised.after) == (Action.CAPACITY_RAISED, {"capacity": 2},
                                                            {"capacity": 3})
    client.force_login(staff)
    assert page_history(client, tonight) == [
        f"{day_and_time(moment)} · Petr · vpustil(a) 1 vstupenku, 1 osoba ({local(moment)}–{local(moment)})",
        f"{day_and_time(moment)} · Petr · zapsal(a) příchozího u vchodu: Marie Svobodová · — → potvrzeno",
        f"{day_and_time(moment)} · Petr · zvýšil(a) počet míst: Marie Svobodová · 2 místa → 3 místa",
    ]


def test_someone_waiting_who_walks_in_is_kept_as_moved_from_the_waiting_list(make_series, organizer_a):
    series = make_series("Šikovné ruce", rule="", starts_on=date.today() + timedelta(days=1), capacity=1,
                         organizers=[organizer_a])
    evening = series.occurrences.get()
    sign_up(evening, "Anna Malá", "601000001")
    waiting = sign_up(evening, "Karel Dvořák", "777654321")
    assert waiting.is_waitlisted
    Occurrence.objects.filter(pk=evening.pk).update(start=timezone.now() - timedelta(minutes=5))

    admit_walk_in(evening, name="Karel Dvořák", phone="777654321", by=organizer_a, nonce="walk-1")

    walk_in = RegistrationAction.objects.get(registration=waiting, action=Action.WALK_IN)
    assert (walk_in.before, walk_in.after, walk_in.by) == ({"status": "waitlisted"}, {"status": "confirmed"},
                                                           organizer_a)


def test_a_second_press_of_the_walk_in_button_is_kept_once(tonight, organizer_a):
    admit_walk_in(tonight, name="Marie Svobodová", by=organizer_a, nonce="walk-1")
    admit_walk_in(tonight, name="Marie Svobodová", by=organizer_a, nonce="walk-1")

    assert [entry.action for entry in door_actions(tonight)] == [Action.CAPACITY_RAISED, Action.WALK_IN]
    assert Scan.objects.filter(occurrence=tonight, status=Scan.Status.OK).count() == 1


def test_a_walk_in_the_door_refuses_leaves_nothing_in_the_history(tonight, organizer_a):
    Occurrence.objects.filter(pk=tonight.pk).update(end=timezone.now() - timedelta(minutes=1))
    tonight.refresh_from_db()

    with pytest.raises(RegistrationError):
        admit_walk_in(tonight, name="Marie Svobodová", by=organizer_a, nonce="walk-1")

    assert door_actions(tonight) == []


def test_a_walk_in_whose_history_cannot_be_kept_is_not_registered(tonight, organizer_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RegistrationAction, "save", broken)
    with pytest.raises(RuntimeError):
        admit_walk_in(tonight, name="Marie Svobodová", by=organizer_a, nonce="walk-1")

    assert not Registration.objects.filter(person__name="Marie Svobodová").exists()
    tonight.refresh_from_db()
    assert (tonight.capacity, tonight.seats_taken) == (2, 2)


# --- Admissions -------------------------------------------------------------------------------


def test_admissions_are_summed_up_per_person_who_let_people_in(client, staff, organizer_a, dance):
    start = timezone.now() - timedelta(hours=1)
    tickets = [sign_up(dance, f"Host {number}", f"6010000{number:02d}", seats=1 + number % 2)
               for number in range(1, 5)]
    for minutes, ticket, by in ((0, tickets[0], organizer_a), (7, tickets[1], organizer_a),
                                (9, tickets[2], staff), (12, tickets[3], organizer_a)):
        check_in(dance, code=ticket.code, nonce=nonce(), by=by, scanned_at=start + timedelta(minutes=minutes))
    client.force_login(staff)

    lines = page_history(client, dance)

    at = start + timedelta(minutes=12)
    assert lines == [
        f"{day_and_time(at)} · Petr · vpustil(a) 3 vstupenky, 4 osoby ({local(start)}–{local(at)})",
        f"{day_and_time(start + timedelta(minutes=9))} · Jana Nováková · vpustil(a) 1 vstupenku, 2 osoby "
        f"({local(start + timedelta(minutes=9))}–{local(start + timedelta(minutes=9))})",
    ]


def test_a_double_scan_is_one_admission(client, staff, organizer_a, dance, ticket):
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    again = check_in(dance, code=ticket.code, nonce=nonce(), by=staff)
    client.force_login(staff)

    (line,) = page_history(client, dance)

    assert again["status"] == "already_checked_in"
    assert "· Petr · vpustil(a) 1 vstupenku, 2 osoby" in line


def test_a_ticket_of_another_date_is_no_admission_at_either_date(client, staff, organizer_a, oldies_goldies, dance,
                                                                ticket):
    next_week = oldies_goldies.occurrences.order_by("start")[1]

    answer = check_in(next_week, code=ticket.code, nonce=nonce(), by=organizer_a)

    assert answer["status"] == "wrong_occurrence"
    client.force_login(staff)
    assert page_history(client, next_week) == [] and page_history(client, dance) == []


def test_the_history_names_who_let_people_in_after_their_account_is_gone(client, staff, organizer_a, dance, ticket):
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    organizer_a.delete()
    client.force_login(staff)

    (line,) = page_history(client, dance)

    assert "· Petr · vpustil(a) 1 vstupenku" in line


# --- Taking an entry back -----------------------------------------------------------------------


def test_a_taken_back_entry_is_kept_with_who_took_it_back(client, staff, organizer_a, dance, ticket):
    admitted_at = timezone.now() - timedelta(minutes=30)
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a, scanned_at=admitted_at)
    moment = timezone.now()

    undo_check_in(dance, code=ticket.code, by=staff, now=moment)

    (entry,) = door_actions(dance)
    assert (entry.action, entry.actor, entry.by, entry.by_name, entry.at) == (
        Action.ADMISSION_UNDONE, Actor.STAFF, staff, "Jana Nováková", moment,
    )
    client.force_login(staff)
    assert page_history(client, dance) == [
        f"{day_and_time(moment)} · Jana Nováková · vrátil(a) vstup: Jana Nováková · uvnitř od {local(admitted_at)} → —",
    ]  # the admission taken back no longer counts among Petr's


def test_nothing_to_take_back_keeps_nothing(organizer_a, dance, ticket):
    with pytest.raises(RegistrationError):
        undo_check_in(dance, code=ticket.code, by=organizer_a)

    assert door_actions(dance) == []


def test_an_entry_is_not_taken_back_when_its_history_cannot_be_kept(organizer_a, dance, ticket, monkeypatch):
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RegistrationAction, "save", broken)
    with pytest.raises(RuntimeError):
        undo_check_in(dance, code=ticket.code, by=organizer_a)

    assert Scan.objects.admissions().filter(registration=ticket).exists()


# --- Personal data and cost -------------------------------------------------------------------------


def test_anonymising_the_attendees_leaves_no_name_in_the_door_s_history(client, staff, tonight, organizer_a):
    admit_walk_in(tonight, name="Marie Svobodová", phone="601999888", by=organizer_a, nonce="walk-1")
    marie = Registration.objects.get(person__name="Marie Svobodová")
    undo_check_in(tonight, code=marie.code, by=organizer_a)
    Occurrence.objects.filter(pk=tonight.pk).update(start=timezone.now() - timedelta(days=40),
                                                    end=timezone.now() - timedelta(days=40) + timedelta(hours=3))

    anonymise_people(before=timezone.now())

    stored = "".join(f"{entry.before}{entry.after}{entry.note}{entry.by_name}" for entry in door_actions(tonight))
    stored += "".join(f"{scan.answer}{scan.by_name}" for scan in Scan.objects.filter(occurrence=tonight))
    assert "Svobodová" not in stored and "601999888" not in stored and marie.code not in stored
    client.force_login(staff)
    history = " ".join(page_history(client, tonight))
    assert "Svobodová" not in history
    assert "zapsal(a) příchozího u vchodu: — · — → potvrzeno" in history


def test_the_history_costs_the_same_queries_for_one_door_action_and_many(client, staff, organizer_a, dance):
    client.force_login(staff)
    first = sign_up(dance, "Host 0", "601000100")
    check_in(dance, code=first.code, nonce=nonce(), by=organizer_a)
    assert len(page_history(client, dance)) == 1
    with_one = count_queries(client, f"/sprava/termin/{dance.pk}/")

    for number in range(1, 13):
        ticket = sign_up(dance, f"Host {number}", f"6010001{number:02d}")
        check_in(dance, code=ticket.code, nonce=nonce(), by=staff if number % 2 else organizer_a)
        if number % 4 == 0:
            undo_check_in(dance, code=ticket.code, by=staff)
    Occurrence.objects.filter(pk=dance.pk).update(start=timezone.now() - timedelta(minutes=5))
    for number in range(3):
        admit_walk_in(dance, name=f"Příchozí {number}", by=organizer_a, nonce=f"walk-{number}")
    assert len(page_history(client, dance)) == 2 + 3 + 3  # two door workers, three undos, three walk-ins

    assert_same_count(with_one, count_queries(client, f"/sprava/termin/{dance.pk}/"), "the date's history")
