"""Who did what to a date and its registrations, kept in the transaction of each action and shown
on the date's staff page, newest first, in words staff read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Occurrence, OccurrenceChange
from events.services import cancel_occurrence, change_occurrence
from registrations.models import Registration, RegistrationAction
from registrations.services import anonymise_people, cancel, promote_by_hand, regenerate_code, renew_token
from tests.registrations.people import sign_up

pytestmark = pytest.mark.django_db

Action, Actor = RegistrationAction.Action, RegistrationAction.Actor


def date_url(occurrence):
    return f"/sprava/termin/{occurrence.pk}/"


def action_url(registration, action):
    return f"/sprava/termin/{registration.occurrence_id}/prihlaska/{registration.pk}/{action}/"


def actions(registration):
    return list(RegistrationAction.objects.filter(registration=registration).order_by("id"))


def page_history(client, occurrence):
    """The lines of the history on the date's page, as text."""
    import re

    response = client.get(date_url(occurrence))
    assert response.status_code == 200
    section = response.content.decode().split('id="history-heading"', 1)[1].split("</section>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in section.split("<li>")[1:]]


@pytest.fixture
def full_workshop(small_workshop):
    """Šikovné ruce (3 places): Anna 2 and Božena 1 confirmed, Cyril (1) waiting."""
    anna = sign_up(small_workshop, "Anna Malá", "601000001", seats=2)
    bozena = sign_up(small_workshop, "Božena Velká", "601000002")
    cyril = sign_up(small_workshop, "Cyril Dlouhý", "601000003")
    assert cyril.is_waitlisted
    return anna, bozena, cyril


# --- Every action is kept --------------------------------------------------------------------


def test_a_registration_by_the_office_is_kept_with_who_entered_it(staff, small_workshop):
    registration = sign_up(small_workshop, "Marie Pokorná", "777123456", source=Registration.Source.STAFF,
                           entered_by=staff)

    (entry,) = actions(registration)
    assert (entry.action, entry.actor, entry.by, entry.by_name) == (Action.REGISTERED, Actor.STAFF, staff,
                                                                     "Jana Nováková")
    assert (entry.before, entry.after, entry.occurrence_id) == ({}, {"status": "confirmed"}, small_workshop.pk)


def test_a_registration_from_the_public_is_no_staff_action(small_workshop):
    registration = sign_up(small_workshop, "Marie Pokorná", "777123456")

    assert actions(registration) == []


def test_a_cancellation_by_staff_is_kept_as_theirs(client, staff, full_workshop):
    anna, _bozena, _cyril = full_workshop
    client.force_login(staff)

    client.post(action_url(anna, "zrusit"))

    entry = actions(anna)[0]
    assert (entry.action, entry.actor, entry.by) == (Action.CANCELLED, Actor.STAFF, staff)
    assert (entry.before, entry.after) == ({"status": "confirmed"}, {"status": "cancelled"})


def test_a_person_s_own_cancellation_names_nobody(full_workshop):
    anna, _bozena, _cyril = full_workshop

    cancel(anna, by=None)

    (entry,) = actions(anna)
    assert (entry.actor, entry.by, entry.by_name) == (Actor.PERSON, None, "")


def test_someone_signed_in_who_does_not_manage_the_date_cancels_as_the_person(stranger, full_workshop):
    """The holder of the ticket's link, signed in for something else: no staff action, and not named."""
    anna, _bozena, _cyril = full_workshop

    cancel(anna, by=stranger)

    (entry,) = actions(anna)
    assert (entry.actor, entry.by, entry.by_name) == (Actor.PERSON, None, "")


def test_the_automatic_move_up_after_a_cancellation_is_kept_in_the_same_moment(full_workshop):
    _anna, bozena, cyril = full_workshop
    moment = timezone.now()

    cancel(bozena, now=moment)

    (entry,) = actions(cyril)
    assert (entry.action, entry.actor, entry.by, entry.at) == (Action.PROMOTED, Actor.SYSTEM, None, moment)
    assert (entry.before, entry.after) == ({"status": "waitlisted"}, {"status": "confirmed"})


def test_a_move_up_by_hand_keeps_the_reason_and_the_places_the_date_had(client, staff, full_workshop):
    _anna, _bozena, cyril = full_workshop
    client.force_login(staff)

    client.post(action_url(cyril, "posunout"), {"reason": "Paní Malá přivede jen jednu kamarádku"})

    places, promoted = actions(cyril)
    assert (promoted.action, promoted.by, promoted.note) == (
        Action.PROMOTED_BY_HAND, staff, "Paní Malá přivede jen jednu kamarádku",
    )
    assert (promoted.before, promoted.after) == ({"status": "waitlisted"}, {"status": "confirmed"})
    assert (places.action, places.by, places.before, places.after) == (
        Action.CAPACITY_RAISED, staff, {"capacity": 3}, {"capacity": 4},
    )


def test_a_move_up_by_hand_with_places_free_raises_nothing(staff, small_workshop):
    waiting = Registration.objects.create(occurrence=small_workshop, status=Registration.Status.WAITLISTED,
                                          waitlisted_at=timezone.now())

    promote_by_hand(waiting, reason="Má přednost", by=staff)

    assert [entry.action for entry in actions(waiting)] == [Action.PROMOTED_BY_HAND]


def test_a_new_ticket_code_is_kept_without_the_code(client, staff, full_workshop):
    anna, _bozena, _cyril = full_workshop
    old_code = anna.code
    client.force_login(staff)

    client.post(action_url(anna, "novy-kod"))

    (entry,) = actions(anna)
    new_code = Registration.objects.get(pk=anna.pk).code
    assert (entry.action, entry.by) == (Action.NEW_CODE, staff)
    stored = f"{entry.before}{entry.after}{entry.note}"
    assert old_code not in stored and new_code not in stored


def test_new_private_addresses_give_new_codes_kept_as_the_person_s_own(full_workshop):
    anna, _bozena, _cyril = full_workshop

    renew_token(anna.person)

    (entry,) = actions(anna)
    assert (entry.action, entry.actor, entry.by) == (Action.NEW_CODE, Actor.PERSON, None)


def test_a_recording_that_fails_takes_the_action_with_it(staff, full_workshop, monkeypatch):
    """Kept in the same transaction: no cancellation without its history row."""
    anna, _bozena, _cyril = full_workshop

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RegistrationAction, "save", broken)
    with pytest.raises(RuntimeError):
        cancel(anna, by=staff)

    assert Registration.objects.get(pk=anna.pk).is_confirmed


# --- The date's page ---------------------------------------------------------------------------


def test_the_page_shows_one_history_of_the_date_and_its_registrations_newest_first(client, staff, full_workshop):
    anna, bozena, cyril = full_workshop
    start = timezone.now() - timedelta(hours=2)
    change_occurrence(bozena.occurrence, by=staff, status_note="Vchod ze dvora.", now=start)
    cancel(bozena, by=staff, now=start + timedelta(minutes=5))
    cancel(anna, now=start + timedelta(minutes=10))
    client.force_login(staff)

    lines = page_history(client, bozena.occurrence)

    def at(minutes):
        return timezone.localtime(start + timedelta(minutes=minutes)).strftime("%-d. %-m. %Y %H:%M")

    assert lines == [
        f"{at(10)} · přihlášená osoba · zrušil(a) přihlášku: Anna Malá · potvrzeno → zrušeno",
        f"{at(5)} · automaticky · posunul(a) z čekací listiny: Cyril Dlouhý · čekací listina → potvrzeno",
        f"{at(5)} · Jana Nováková · zrušil(a) přihlášku: Božena Velká · potvrzeno → zrušeno",
        f"{at(0)} · Jana Nováková · změnil(a) poznámku pro návštěvníky · — → Vchod ze dvora.",
    ]
    assert Registration.objects.get(pk=cyril.pk).is_confirmed  # moved up when Božena's place was freed


def test_the_page_shows_a_hand_move_up_with_its_reason_and_the_places(client, staff, full_workshop):
    _anna, _bozena, cyril = full_workshop
    promote_by_hand(cyril, reason="Sestra paní Malé", by=staff)
    client.force_login(staff)

    lines = page_history(client, cyril.occurrence)

    assert lines[0].endswith(
        "· Jana Nováková · ručně posunul(a) z čekací listiny: Cyril Dlouhý (Sestra paní Malé) "
        "· čekací listina → potvrzeno"
    )
    assert lines[1].endswith("· Jana Nováková · zvýšil(a) počet míst: Cyril Dlouhý · 3 místa → 4 místa")


def test_the_page_names_staff_whose_account_is_gone(client, staff, organizer_a, dance):
    cancel_occurrence(dance, note="Nemoc kapely", by=organizer_a)
    organizer_a.delete()
    client.force_login(staff)

    (line,) = page_history(client, dance)

    assert line.endswith("· Petr · zrušil(a) termín · plánováno → zrušeno: Nemoc kapely")


def test_a_date_nobody_changed_says_so(client, staff, dance):
    client.force_login(staff)

    response = client.get(date_url(dance))

    assert "Termín ani jeho přihlášky zatím nikdo neměnil." in response.content.decode()


def test_the_history_costs_the_same_queries_for_one_entry_and_thirty(client, staff, dance):
    client.force_login(staff)
    sign_up(dance, "Marie Pokorná", "777000000", source=Registration.Source.STAFF, entered_by=staff)
    with CaptureQueriesContext(connection) as one:
        assert len(page_history(client, dance)) == 1

    for number in range(1, 15):
        registration = sign_up(dance, f"Marie Pokorná {number}", f"7770000{number:02d}",
                               source=Registration.Source.STAFF, entered_by=staff)
        regenerate_code(registration, by=staff)
    change_occurrence(dance, by=staff, capacity=45)
    with CaptureQueriesContext(connection) as thirty:
        assert len(page_history(client, dance)) == 30

    assert len(thirty) == len(one)


def test_an_organizer_of_another_series_sees_neither_the_page_nor_its_history(client, organizer_b, staff, dance):
    cancel_occurrence(dance, note="Nemoc kapely", by=staff)
    client.force_login(organizer_b)

    response = client.get(date_url(dance))

    assert response.status_code == 404
    assert "Nemoc kapely" not in response.content.decode()
    assert "Jana Nováková" not in response.content.decode()


def test_the_organizer_of_the_series_sees_its_history(client, organizer_a, staff, dance):
    cancel_occurrence(dance, note="Nemoc kapely", by=staff)
    client.force_login(organizer_a)

    assert page_history(client, dance)[0].endswith("· Jana Nováková · zrušil(a) termín · plánováno → zrušeno: "
                                                   "Nemoc kapely")


# --- Personal data -------------------------------------------------------------------------------


def test_anonymising_a_person_erases_the_reason_of_their_move_up_and_keeps_the_rest(staff, full_workshop):
    _anna, _bozena, cyril = full_workshop
    promote_by_hand(cyril, reason="Sestra paní Malé, tel. 601 000 001", by=staff)
    occurrence = cyril.occurrence
    Occurrence.objects.filter(pk=occurrence.pk).update(start=timezone.now() - timedelta(days=40),
                                                       end=timezone.now() - timedelta(days=40) + timedelta(hours=2))

    anonymise_people(before=timezone.now())

    places, promoted = actions(cyril)
    assert promoted.note == "" and places.note == ""
    assert (promoted.action, promoted.by, promoted.before, promoted.after) == (
        Action.PROMOTED_BY_HAND, staff, {"status": "waitlisted"}, {"status": "confirmed"},
    )
    assert promoted.what == "ručně posunul(a) z čekací listiny: —"


def test_anonymising_leaves_the_reasons_of_people_still_to_come(staff, full_workshop):
    _anna, _bozena, cyril = full_workshop
    promote_by_hand(cyril, reason="Sestra paní Malé", by=staff)

    anonymise_people(before=timezone.now())

    assert actions(cyril)[1].note == "Sestra paní Malé"


def test_a_date_s_history_holds_no_ticket_code_and_no_contact(staff, full_workshop):
    anna, bozena, cyril = full_workshop
    regenerate_code(anna, by=staff)
    cancel(bozena, by=staff)
    texts = [
        f"{entry.before}{entry.after}{entry.note}{entry.by_name}"
        for entry in RegistrationAction.objects.filter(occurrence=anna.occurrence)
    ] + [f"{entry.before}{entry.after}{entry.by_name}" for entry in OccurrenceChange.objects.all()]

    stored = "".join(texts)
    for registration in Registration.objects.filter(occurrence=anna.occurrence).select_related("person"):
        assert registration.code not in stored and registration.person.phone not in stored
