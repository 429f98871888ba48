"""Two rules every page and the API must agree on: the waiting list's order, and what counts as an
admission at the door. Each test is built so that a list, a number or a count that follows another
rule gives a different answer than the one the coordinator, the senior or the door expects."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registrations import door, paper, stats
from registrations.models import Registration
from registrations.services import cancel
from registrations.stats import Period
from tests.registrations.people import sign_up

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# --- The waiting list's order --------------------------------------------------------------------


@pytest.fixture
def queue(small_workshop):
    """Šikovné ruce (3 places) full with Anna (2) and Božena (1); Cyril and Dana (1 each) waiting.

    Cyril's registration is the older row, but Dana was put on the waiting list first (Cyril's
    time on the list is later): the queue is Dana, Cyril, which row order (id, creation) would not give.
    """
    anna = sign_up(small_workshop, "Anna Malá", "601000001", seats=2)
    bozena = sign_up(small_workshop, "Božena Velká", "601000002")
    cyril = sign_up(small_workshop, "Cyril Dlouhý", "601000003")
    dana = sign_up(small_workshop, "Dana Krátká", "601000004")
    assert cyril.is_waitlisted and dana.is_waitlisted and cyril.pk < dana.pk
    Registration.objects.filter(pk=cyril.pk).update(waitlisted_at=dana.waitlisted_at + timedelta(minutes=5))
    return anna, bozena, Registration.objects.get(pk=cyril.pk), dana


def test_each_waiting_person_s_place_follows_their_time_on_the_list(queue):
    _anna, _bozena, cyril, dana = queue

    assert (dana.waitlist_position(), cyril.waitlist_position()) == (1, 2)


def test_the_first_on_the_list_is_moved_up_when_a_place_frees(queue):
    _anna, bozena, cyril, dana = queue

    cancel(bozena)

    assert Registration.objects.get(pk=dana.pk).is_confirmed
    assert Registration.objects.get(pk=cyril.pk).is_waitlisted


def test_the_date_s_staff_page_numbers_the_waiting_list_in_its_order(client, staff, queue, small_workshop):
    client.force_login(staff)

    page = client.get(f"/sprava/termin/{small_workshop.pk}/").content.decode()

    waiting = page.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    assert waiting.index("Dana Krátká") < waiting.index("Cyril Dlouhý")


def test_the_api_numbers_the_waiting_list_in_its_order(staff, queue, small_workshop):
    response = api_for(staff).get(f"/api/v1/occurrences/{small_workshop.pk}/registrations/")

    positions = {row["name"]: row["waitlist_position"] for row in response.json()["results"]}
    assert (positions["Dana Krátká"], positions["Cyril Dlouhý"]) == (1, 2)


# --- What counts as an admission -----------------------------------------------------------------


@pytest.fixture
def evening(dance, oldies_goldies, organizer_a):
    """The dance: Jana admitted; Karel admitted and taken back; Lída admitted at next week's dance."""
    jana = sign_up(dance, "Jana Nováková", "777000001", seats=2)
    karel = sign_up(dance, "Karel Dvořák", "777000002")
    lida = sign_up(dance, "Lída Malá", "777000003")
    next_week = oldies_goldies.occurrences.order_by("start")[1]
    lida_next_week = sign_up(next_week, "Lída Malá", "777000003")
    for ticket in (jana, karel):
        door.check_in(dance, code=ticket.code, nonce=uuid.uuid4().hex, by=organizer_a)
    door.undo_check_in(dance, code=karel.code, by=organizer_a)
    door.check_in(next_week, code=lida_next_week.code, nonce=uuid.uuid4().hex, by=organizer_a)
    return jana, karel, lida


def test_the_door_counter_counts_only_admissions_that_stand_on_this_date(dance, evening):
    counts = door.door_counts(dance)

    assert (counts["checked_in_tickets"], counts["checked_in_seats"]) == (1, 2)


def test_the_phone_s_list_shows_inside_only_who_was_admitted_and_not_taken_back(dance, evening):
    entries, _other_dates = door.door_list(dance)

    inside = sorted(entry["name"] for entry in entries if entry["checked_in_at"])
    assert inside == ["Jana Nováková"]


def test_the_date_s_attendance_and_the_paper_list_count_the_same_one(dance, evening):
    attendance = stats.attendance_totals(stats.registrations_with_attendance(dance))
    sheet = paper.door_sheet(dance)

    assert (attendance["came_registrations"], attendance["came_seats"]) == (1, 2)
    assert (sheet.admitted, sheet.admitted_seats) == (1, 2)


def test_the_statistics_count_the_same_one(staff, dance, evening):
    period = Period(timezone.localdate(dance.start), timezone.localdate(dance.start))

    line = stats.by_series(staff, period, now=dance.end)[0]  # counted as if the dance were over

    assert line.came == 2  # Jana's two places; not Karel's (taken back), not Lída's (next week)


def test_a_taken_back_admission_lets_the_ticket_in_again(dance, evening, organizer_a):
    _jana, karel, _lida = evening

    answer = door.check_in(dance, code=karel.code, nonce=uuid.uuid4().hex, by=organizer_a)

    assert answer["status"] == "ok"


def test_the_history_sums_up_the_same_one(client, staff, dance, evening):
    client.force_login(staff)

    page = client.get(f"/sprava/termin/{dance.pk}/").content.decode()

    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.split('id="history-heading"', 1)[1]))
    assert "vpustil(a) 1 vstupenku, 2 osoby" in history
