"""Each registration and door rule at its exact instant or value, each erased field with that field there.

Written from the mutants that survived `make mutants APP=registrations` (issue 15, item 5): a rule
a test never reaches at its edge can be broken by one character without anything going red.
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.models import FeedState
from registrations.door import check_in, undo_check_in
from registrations.models import Person, Registration, RegistrationAction, Scan
from registrations.services import (
    RegistrationError,
    anonymise_people,
    cancel,
    personal_feed_history_key,
    promote_by_hand,
    promote_waiting_list,
    register,
)

pytestmark = pytest.mark.django_db

INSTANT = timedelta(microseconds=1)


def nonce():
    return uuid.uuid4().hex


def refusal(call):
    with pytest.raises(RegistrationError) as caught:
        call()
    return caught.value.code


@pytest.fixture
def next_week(dance):
    """The Oldies Goldies evening a week after `dance`: the same series, the same organizer."""
    return dance.series.occurrences.order_by("start")[1]


# --- Registration opens and closes at its instant --------------------------------------------------

def test_registration_closes_exactly_at_its_closing_instant(dance):
    closes = dance.registration_closes_at
    assert register(dance, name="Anna Malá", phone="601000001", now=closes - INSTANT).created
    assert refusal(lambda: register(dance, name="Bohumil Velký", phone="601000002", now=closes)) == "closed"


def test_registration_opens_exactly_at_its_opening_instant(dance):
    opens = dance.registration_opens_at
    assert refusal(lambda: register(dance, name="Anna Malá", phone="601000001", now=opens - INSTANT)) == "not_yet"
    assert register(dance, name="Anna Malá", phone="601000001", now=opens).created


def test_the_office_registers_after_closing_until_the_start_instant(dance, staff):
    def by_office(moment, phone):
        return register(dance, name="Cyril Dlouhý", phone=phone, source=Registration.Source.STAFF,
                        entered_by=staff, new_person=True, now=moment)

    assert by_office(dance.start - INSTANT, "601000003").created
    assert refusal(lambda: by_office(dance.start, "601000004")) == "past"


# --- Cancelling and the waiting list stop at the start instant -------------------------------------

def test_cancelling_is_possible_until_the_start_and_refused_at_the_start_minute(dance):
    early = register(dance, name="Anna Malá", phone="601000001").registration
    late = register(dance, name="Bohumil Velký", phone="601000002").registration
    assert refusal(lambda: cancel(late, now=dance.start)) == "started"
    late.refresh_from_db()
    assert late.status == Registration.Status.CONFIRMED
    assert cancel(early, now=dance.start - INSTANT).status == Registration.Status.CANCELLED


def test_a_place_freed_just_before_the_start_goes_to_the_waiting_list(small_workshop):
    holder = register(small_workshop, name="Anna Malá", phone="601000001", seats=2).registration
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    waiting = register(small_workshop, name="Cyril Dlouhý", phone="601000003").registration
    assert waiting.status == Registration.Status.WAITLISTED
    cancel(holder, now=small_workshop.start - INSTANT)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.confirmed_at == small_workshop.start - INSTANT


def test_nobody_is_moved_up_at_the_start_instant(small_workshop):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    waiting = register(small_workshop, name="Cyril Dlouhý", phone="601000003").registration
    small_workshop.__class__.objects.filter(pk=small_workshop.pk).update(capacity=10)
    assert promote_waiting_list(small_workshop, now=small_workshop.start) == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert [r.pk for r in promote_waiting_list(small_workshop, now=small_workshop.start - INSTANT)] == [waiting.pk]


def test_moving_up_by_hand_onto_the_last_free_place_does_not_raise_the_capacity(small_workshop, staff):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    waiting = register(small_workshop, name="Bohumil Velký", phone="601000002", seats=2).registration
    small_workshop.__class__.objects.filter(pk=small_workshop.pk).update(capacity=4)
    promote_by_hand(waiting, reason="Volala paní ředitelka", by=staff)
    small_workshop.refresh_from_db()
    assert (small_workshop.capacity, small_workshop.seats_taken, small_workshop.capacity_overridden) == (4, 4, False)
    assert not RegistrationAction.objects.filter(action=RegistrationAction.Action.CAPACITY_RAISED).exists()


def test_moving_up_by_hand_one_place_over_raises_the_capacity_by_one(small_workshop, staff):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    waiting = register(small_workshop, name="Bohumil Velký", phone="601000002", seats=2).registration
    promote_by_hand(waiting, reason="Volala paní ředitelka", by=staff)
    small_workshop.refresh_from_db()
    assert (small_workshop.capacity, small_workshop.seats_taken, small_workshop.capacity_overridden) == (4, 4, True)
    raised = RegistrationAction.objects.get(action=RegistrationAction.Action.CAPACITY_RAISED)
    assert (raised.before, raised.after) == ({"capacity": 3}, {"capacity": 4})


# --- Anonymisation erases every field, each one present --------------------------------------------

def test_anonymisation_erases_name_phone_email_needs_notes_links_and_door_answers(dance, next_week, staff,
                                                                                   organizer_a):
    registration = register(
        dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz", needs_wheelchair=True,
        needs_hearing=True, needs_note="vodicí pes", request_secret="prohlížeč",
    ).registration
    person = registration.person
    assert (person.phone, person.email, registration.request_key is not None) == ("+420777123456",
                                                                                   "jana@seznam.cz", True)
    old_token, old_feed_token = person.token, person.feed_token
    check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)
    check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)  # "already inside since…, Petr"
    answers_before = {scan.pk: scan.answer for scan in Scan.objects.filter(registration=registration)}
    someone_else = register(dance, name="Petr Malý", phone="601000009").registration
    waiting_note = RegistrationAction.objects.create(
        registration=registration, occurrence_id=dance.pk, at=timezone.now(), action=RegistrationAction.Action.NEW_CODE,
        note="za paní Novákovou volala dcera",
    )
    FeedState.objects.create(key=personal_feed_history_key(person.pk, "cs"), etag="x", changed_at=timezone.now())
    for model, pk in ((Person, person.pk), (Registration, registration.pk)):
        LogEntry.objects.create(
            user=staff, content_type=ContentType.objects.get_for_model(model), object_id=str(pk),
            object_repr="Jana Nováková", action_flag=CHANGE, change_message="telefon 777123456",
        )
    Registration.objects.filter(pk=registration.pk).update(promotion_note="kvůli vozíku")
    # Admin history of someone who stays, and of a date whose id happens to be the person's: kept.
    kept = [
        LogEntry.objects.create(user=staff, content_type=ContentType.objects.get_for_model(model), object_id=str(pk),
                                object_repr=text, action_flag=CHANGE, change_message="změna")
        for model, pk, text in ((Person, someone_else.person_id, "Petr Malý"),
                                (Registration, someone_else.pk, "Petr Malý, Oldies Goldies"),
                                (type(dance), person.pk, "Oldies Goldies"))
    ]
    Registration.objects.filter(pk=someone_else.pk).update(occurrence=next_week)

    assert anonymise_people(before=dance.end + INSTANT) == 1

    person.refresh_from_db()
    registration.refresh_from_db()
    assert (person.name, person.name_key, person.phone, person.email) == ("—", "", "", "")
    assert person.anonymised_at is not None
    assert person.token != old_token and person.feed_token != old_feed_token
    assert (registration.needs_wheelchair, registration.needs_hearing, registration.needs_note) == (False, False, "")
    assert (registration.promotion_note, registration.request_key) == ("", None)
    waiting_note.refresh_from_db()
    assert waiting_note.note == ""
    assert not FeedState.objects.filter(key__startswith=personal_feed_history_key(person.pk)).exists()
    erased = {"name": "", "needs": [], "code": "", "checked_in_by": "", "message": ""}
    for scan in Scan.objects.filter(registration=registration):
        before = answers_before[scan.pk]
        assert before["name"] == "Jana Nováková" and before["message"]
        assert scan.answer == {**before, **erased}  # the verdict, seats and times stay
    assert {entry.object_repr for entry in LogEntry.objects.exclude(pk__in=[entry.pk for entry in kept])} == {"—"}
    assert [LogEntry.objects.get(pk=entry.pk).object_repr for entry in kept] == [
        "Petr Malý", "Petr Malý, Oldies Goldies", "Oldies Goldies"]
    # What stays: the registration, its seats and the count for statistics.
    assert (registration.status, registration.seats) == (Registration.Status.CONFIRMED, 1)


def test_anonymisation_waits_for_a_date_that_ends_exactly_at_the_cut(dance):
    person = register(dance, name="Jana Nováková", phone="777123456").registration.person
    assert anonymise_people(before=dance.end) == 0
    person.refresh_from_db()
    assert person.phone == "+420777123456"
    assert anonymise_people(before=dance.end + INSTANT) == 1


def test_a_later_registration_keeps_the_person_until_that_date_is_past_too(dance, next_week):
    person = register(dance, name="Jana Nováková", phone="777123456").registration.person
    register(next_week, name="Jana Nováková", phone="777123456")
    assert Registration.objects.filter(person=person).count() == 2
    assert anonymise_people(before=dance.end + INSTANT) == 0
    person.refresh_from_db()
    assert person.phone == "+420777123456"


# --- The door: one date's door acts on that date only ----------------------------------------------

def test_undoing_at_this_door_an_admission_of_another_date_is_refused(dance, next_week, organizer_a):
    registration = register(dance, name="Jana Nováková", phone="777123456").registration
    check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)
    assert refusal(lambda: undo_check_in(next_week, code=registration.code, by=organizer_a)) == "not_checked_in"
    admission = Scan.objects.get(registration=registration, status=Scan.Status.OK)
    assert admission.undone_at is None
    assert check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)["status"] == "already_checked_in"


def test_an_undone_admission_cannot_be_undone_twice_and_the_ticket_comes_in_again(dance, organizer_a):
    registration = register(dance, name="Jana Nováková", phone="777123456").registration
    check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)
    assert undo_check_in(dance, code=registration.code, by=organizer_a) == 1
    assert refusal(lambda: undo_check_in(dance, code=registration.code, by=organizer_a)) == "not_checked_in"
    assert check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a)["status"] == "ok"


def test_a_ticket_of_another_date_shows_its_date_but_never_the_health_needs(dance, next_week, organizer_a):
    registration = register(
        dance, name="Jana Nováková", phone="777123456", needs_wheelchair=True, needs_note="vodicí pes",
    ).registration
    answer = check_in(next_week, code=registration.code, nonce=nonce(), by=organizer_a)
    assert answer["status"] == "wrong_occurrence"
    assert answer["needs"] == []
    assert answer["occurrence"]["id"] == dance.pk
    stored = Scan.objects.get(registration=registration).answer
    assert stored["needs"] == []


def test_a_ticket_of_another_organizers_date_tells_only_its_date(dance, nedam_se, organizer_b):
    registration = register(dance, name="Jana Nováková", phone="777123456", needs_wheelchair=True).registration
    workshop = nedam_se.occurrences.order_by("start").first()
    answer = check_in(workshop, code=registration.code, nonce=nonce(), by=organizer_b)
    assert answer["status"] == "wrong_occurrence"
    assert (answer["name"], answer["needs"], answer["code"], answer["seats"]) == ("", [], "", 0)
    scan = Scan.objects.get(occurrence=workshop)
    assert (scan.registration_id, scan.code) == (None, "")


def test_a_scan_is_dated_by_the_phone_unless_its_clock_runs_ahead(dance, organizer_a):
    registration = register(dance, name="Jana Nováková", phone="777123456").registration
    now = dance.start + timedelta(minutes=5)
    earlier = now - timedelta(minutes=3)
    check_in(dance, code=registration.code, nonce=nonce(), by=organizer_a, scanned_at=earlier, offline=True, now=now)
    assert Scan.objects.get().scanned_at == earlier
    other = register(dance, name="Petr Malý", phone="601000009").registration
    check_in(dance, code=other.code, nonce=nonce(), by=organizer_a, scanned_at=now + timedelta(hours=1), now=now)
    assert Scan.objects.get(registration=other).scanned_at == now


# --- The office completes contacts, never overwrites them ------------------------------------------

def office_registers(occurrence, user, **typed):
    return register(occurrence, source=Registration.Source.STAFF, entered_by=user, **typed).registration


def test_the_office_adds_a_missing_phone_and_email_and_overwrites_neither(dance, next_week, staff):
    by_email = register(dance, name="Jana Nováková", email="jana@seznam.cz").registration.person
    office_registers(next_week, staff, name="Jana Nováková", email="jana@seznam.cz", phone="777123456")
    by_email.refresh_from_db()
    assert (by_email.email, by_email.phone) == ("jana@seznam.cz", "+420777123456")

    by_phone = register(dance, name="Petr Malý", phone="601000009").registration.person
    office_registers(next_week, staff, name="Petr Malý", phone="601000009", email="petr@seznam.cz")
    by_phone.refresh_from_db()
    assert (by_phone.email, by_phone.phone) == ("petr@seznam.cz", "+420601000009")

    office_registers(dance, staff, name="Jana Nováková", email="jana@seznam.cz", phone="602999888")
    by_email.refresh_from_db()
    assert by_email.phone == "+420777123456"


def test_an_organizer_finds_the_person_but_does_not_change_their_contacts(dance, next_week, organizer_a):
    person = register(dance, name="Jana Nováková", email="jana@seznam.cz").registration.person
    again = office_registers(next_week, organizer_a, name="Jana Nováková", email="jana@seznam.cz", phone="777123456")
    person.refresh_from_db()
    assert again.person_id == person.pk and person.phone == ""


# --- Sending the ticket again: only to an e-mail on file, once per registration --------------------

def tickets_queued():
    from messaging.models import Message

    return Message.objects.filter(kind="registrations.messages.registration_email").count()


def test_the_ticket_is_sent_again_to_whoever_matches_by_phone_or_by_email(dance):
    from registrations.services import resend_ticket

    register(dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz")
    register(dance, name="Jana Nováková", phone="777123456", email="jana.novakova@seznam.cz")
    before = tickets_queued()
    assert resend_ticket(dance, name="Jana Nováková", phone="777 123 456") == 2
    assert resend_ticket(dance, name="jana novakova", email="JANA@seznam.cz") == 1
    assert tickets_queued() == before + 3
    assert resend_ticket(dance, name="Jana Dvořáková", phone="777123456") == 0
    assert tickets_queued() == before + 3


def test_no_ticket_is_sent_to_someone_without_an_email_or_to_a_cancelled_registration(dance):
    from registrations.services import resend_ticket

    register(dance, name="Petr Malý", phone="601000009")
    cancelled = register(dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz").registration
    cancel(cancelled)
    before = tickets_queued()
    assert resend_ticket(dance, name="Petr Malý", phone="601000009") == 0
    assert resend_ticket(dance, name="Jana Nováková", phone="777123456") == 0
    assert tickets_queued() == before


# --- Moving up by hand -------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [None, "", "   "])
def test_moving_up_by_hand_needs_a_reason(small_workshop, staff, reason):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    waiting = register(small_workshop, name="Cyril Dlouhý", phone="601000003").registration
    assert refusal(lambda: promote_by_hand(waiting, reason=reason, by=staff)) == "reason_required"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_only_someone_waiting_is_moved_up_by_hand(small_workshop, staff):
    confirmed = register(small_workshop, name="Anna Malá", phone="601000001").registration
    with pytest.raises(RegistrationError) as refused:
        promote_by_hand(confirmed, reason="omyl", by=staff)
    assert (refused.value.code, refused.value.status) == ("not_waiting", 409)


def test_moving_up_by_hand_is_dated_kept_in_300_characters_and_emailed(small_workshop, staff):
    from messaging.models import Message

    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    waiting = register(small_workshop, name="Cyril Dlouhý", phone="601000003", email="cyril@seznam.cz").registration
    long_ago = timezone.now() - timedelta(days=3)
    type(small_workshop).objects.filter(pk=small_workshop.pk).update(updated_at=long_ago)
    moment = small_workshop.start - timedelta(days=1)
    reason = "Paní ředitelka volala, že pan Dlouhý jezdí s manželkou na vozíku. " * 6
    promote_by_hand(waiting, reason=reason, by=staff, now=moment)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.confirmed_at) == (Registration.Status.CONFIRMED, moment)
    assert len(waiting.promotion_note) == 300 and waiting.promotion_note == f"{reason.strip()} (pracovnice)"[:300]
    entry = RegistrationAction.objects.get(action=RegistrationAction.Action.PROMOTED_BY_HAND)
    assert (entry.at, len(entry.note), entry.by) == (moment, 300, staff)
    assert RegistrationAction.objects.get(action=RegistrationAction.Action.CAPACITY_RAISED).at == moment
    assert Message.objects.filter(kind="registrations.messages.promotion_email", object_id=waiting.pk).count() == 1
    small_workshop.refresh_from_db()
    assert small_workshop.updated_at > long_ago


def test_a_cancellation_frees_the_places_and_the_public_pages_see_the_change(dance):
    registration = register(dance, name="Anna Malá", phone="601000001", seats=2).registration
    long_ago = timezone.now() - timedelta(days=3)
    type(dance).objects.filter(pk=dance.pk).update(updated_at=long_ago)
    cancel(registration)
    dance.refresh_from_db()
    assert dance.seats_taken == 0
    assert dance.updated_at > long_ago


def test_a_date_without_a_limit_any_more_moves_everyone_up(small_workshop):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    waiting = [register(small_workshop, name=name, phone=phone).registration
               for name, phone in (("Cyril Dlouhý", "601000003"), ("Dana Krátká", "601000004"))]
    small_workshop.__class__.objects.filter(pk=small_workshop.pk).update(capacity=None)
    assert [r.pk for r in promote_waiting_list(small_workshop)] == [r.pk for r in waiting]


def test_the_waiting_list_moves_up_as_far_as_places_go_and_each_move_is_kept(small_workshop):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Bohumil Velký", phone="601000002")
    first = register(small_workshop, name="Cyril Dlouhý", phone="601000003").registration
    second = register(small_workshop, name="Dana Krátká", phone="601000004").registration
    third = register(small_workshop, name="Emil Dlouhý", phone="601000005").registration
    small_workshop.__class__.objects.filter(pk=small_workshop.pk).update(capacity=5)
    promoted = promote_waiting_list(small_workshop)
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == Registration.Status.WAITLISTED
    kept = RegistrationAction.objects.filter(action=RegistrationAction.Action.PROMOTED)
    assert sorted(kept.values_list("registration_id", flat=True)) == [first.pk, second.pk]
