"""At the door: one clear answer per ticket, the same answer for the same request, nothing lost."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from registrations.door import check_in, undo_check_in
from registrations.models import Scan
from registrations.services import RegistrationError, cancel, register

pytestmark = pytest.mark.django_db


def nonce():
    return uuid.uuid4().hex


@pytest.fixture
def ticket(dance):
    return register(dance, name="Jana Nováková", phone="777123456", seats=2, needs_wheelchair=True).registration


def test_a_valid_ticket_lets_its_holder_in(dance, ticket, organizer_a):
    answer = check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    assert answer["status"] == "ok" and answer["message"] == "Vstup povolen"
    assert (answer["name"], answer["seats"], answer["needs"]) == ("Jana Nováková", 2, ["vozík"])
    assert Scan.objects.get().status == "ok"


def test_a_ticket_typed_with_dashes_and_lowercase_is_the_same_ticket(dance, ticket, organizer_a):
    answer = check_in(dance, code=ticket.display_code.lower(), nonce=nonce(), by=organizer_a)
    assert answer["status"] == "ok"


def test_the_second_scan_says_when_and_who(dance, ticket, organizer_a, staff):
    first = check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    again = check_in(dance, code=ticket.code, nonce=nonce(), by=staff)
    when = timezone.localtime(timezone.now()).strftime("%H:%M")
    assert first["status"] == "ok" and again["status"] == "already_checked_in"
    assert again["message"] == f"Už uvnitř od {when}, odbavil(a) Petr"
    assert again["checked_in_by"] == "Petr"
    assert Scan.objects.filter(status="ok").count() == 1


def test_the_same_nonce_gets_the_same_answer_and_changes_nothing(dance, ticket, organizer_a):
    request = nonce()
    first = check_in(dance, code=ticket.code, nonce=request, by=organizer_a)
    repeated = check_in(dance, code=ticket.code, nonce=request, by=organizer_a)
    assert repeated == first and repeated["status"] == "ok"
    assert Scan.objects.count() == 1


def test_cancelled_and_waiting_tickets_are_refused(small_workshop, organizer_a):
    holder = register(small_workshop, name="Anna", phone="601000001", seats=2).registration
    register(small_workshop, name="Božena", phone="601000002")
    waiting = register(small_workshop, name="Cyril", phone="601000003").registration
    cancel(holder)
    waiting.refresh_from_db()
    assert waiting.is_confirmed  # moved up when Anna cancelled
    third = register(small_workshop, name="Dana", phone="601000004", seats=2).registration
    assert check_in(small_workshop, code=holder.code, nonce=nonce(), by=organizer_a)["status"] == "cancelled"
    answer = check_in(small_workshop, code=third.code, nonce=nonce(), by=organizer_a)
    assert answer["status"] == "waiting_list" and answer["message"] == "Na čekací listině: bez místa"


def test_a_ticket_for_another_date_names_the_right_one(oldies_goldies, organizer_a):
    today, next_time = oldies_goldies.occurrences.order_by("start")[:2]
    ticket = register(next_time, name="Jana", phone="777123456").registration
    answer = check_in(today, code=ticket.code, nonce=nonce(), by=organizer_a)
    assert answer["status"] == "wrong_occurrence"
    assert answer["occurrence"]["id"] == next_time.pk
    start = timezone.localtime(next_time.start)
    assert f"{start.day}. {start.month}. {start.year} 18:00" in answer["message"]


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAAA", "hello", ""])
def test_an_unknown_code_is_said_plainly(dance, organizer_a, code):
    answer = check_in(dance, code=code, nonce=nonce(), by=organizer_a)
    assert answer["status"] == "unknown" and answer["message"] == "Neznámý kód"


def test_a_request_without_nonce_is_refused(dance, ticket, organizer_a):
    with pytest.raises(RegistrationError) as refused:
        check_in(dance, code=ticket.code, nonce="", by=organizer_a)
    assert refused.value.status == 400 and not Scan.objects.exists()


def test_undo_lets_the_ticket_in_again(dance, ticket, organizer_a):
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    undo_check_in(dance, code=ticket.code, by=organizer_a)
    assert check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)["status"] == "ok"
    with pytest.raises(RegistrationError) as refused:
        undo_check_in(dance, code="AAAAAAAAAAAAAAAAAAAAA", by=organizer_a)
    assert refused.value.status == 409


def test_offline_scans_keep_their_time_and_report_a_double_admission(dance, ticket, organizer_a, staff):
    earlier = timezone.now() - timedelta(minutes=12)
    phone_one = check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a, scanned_at=earlier,
                         offline=True, locally_admitted=True)
    phone_two = check_in(dance, code=ticket.code, nonce=nonce(), by=staff, scanned_at=earlier + timedelta(minutes=2),
                         offline=True, locally_admitted=True)
    assert phone_one["status"] == "ok" and not phone_one["conflict"]
    assert phone_two["status"] == "already_checked_in" and phone_two["conflict"]
    assert Scan.objects.get(status="ok").scanned_at == earlier


def test_a_phone_clock_in_the_future_is_not_believed(dance, ticket, organizer_a):
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a, scanned_at=timezone.now() + timedelta(hours=5))
    assert Scan.objects.get().scanned_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_two_phones_scanning_the_same_ticket_at_once_admit_it_once(requires_postgresql, make_series, organizer_a):
    series = make_series("Oldies Goldies", organizers=[organizer_a])
    occurrence = series.occurrences.order_by("start").first()
    ticket = register(occurrence, name="Jana", phone="777123456").registration
    start, answers = threading.Barrier(8), []

    def scan():
        try:
            start.wait()
            answers.append(check_in(occurrence, code=ticket.code, nonce=nonce(), by=organizer_a)["status"])
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == ["already_checked_in"] * 7 + ["ok"]


def test_a_nonce_from_another_dates_door_is_refused(oldies_goldies, nedam_se, organizer_a, staff):
    dance = oldies_goldies.occurrences.order_by("start").first()
    workshop = nedam_se.occurrences.order_by("start").first()
    ticket = register(dance, name="Jana", phone="777123456").registration
    check_in(dance, code=ticket.code, nonce="shared-nonce", by=organizer_a)
    with pytest.raises(RegistrationError) as refused:
        check_in(workshop, code=ticket.code, nonce="shared-nonce", by=staff)
    assert refused.value.status == 400 and "nonce" in refused.value.message
