"""A real evening at the door, on the server side: walk-ins, the name search, a ticket of another
organizer's date, the day's list for offline, and every refusal in Czech."""

import re
import threading
import uuid
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Occurrence
from registrations.door import admit_walk_in, check_in, ticket_fingerprint
from registrations.models import Person, Registration, Scan
from registrations.services import RegistrationError, cancel, register
from tests.registrations.test_door import api_for, scan

pytestmark = pytest.mark.django_db


def nonce():
    return uuid.uuid4().hex


def started_minutes_ago(occurrence, minutes):
    start = timezone.now() - timedelta(minutes=minutes)
    Occurrence.objects.filter(pk=occurrence.pk).update(start=start, end=start + timedelta(hours=3))
    occurrence.refresh_from_db()
    return occurrence


@pytest.fixture
def tonight(make_series, organizer_a):
    """An Oldies Goldies evening that started twenty minutes ago, with 2 places, both taken by Jana."""
    series = make_series("Oldies Goldies dnes", rule="", starts_on=date.today() + timedelta(days=1),
                         start_time=time(18, 0), duration=timedelta(hours=3), capacity=2, organizers=[organizer_a])
    evening = series.occurrences.get()
    register(evening, name="Jana Nováková", phone="777123456", seats=2)
    return started_minutes_ago(evening, 20)


def page_of(client, user, occurrence, **query):
    client.force_login(user)
    return client.get(f"/scan/{occurrence.pk}/", query)


# --- Walk-ins -------------------------------------------------------------------------------


def test_a_walk_in_after_the_start_is_registered_and_admitted_above_capacity(tonight, organizer_a):
    answer = admit_walk_in(tonight, name="Marie Svobodová", phone="", seats=2, by=organizer_a, nonce="walk-1")
    assert answer["status"] == "ok" and answer["name"] == "Marie Svobodová" and answer["seats_text"] == "2 osoby"
    walk_in = Registration.objects.get(person__name="Marie Svobodová")
    assert walk_in.walk_in and walk_in.above_capacity and walk_in.is_confirmed
    assert walk_in.source == "staff" and walk_in.entered_by == organizer_a
    assert walk_in.person.met_at_door and walk_in.person.phone == ""
    tonight.refresh_from_db()
    assert (tonight.seats_taken, tonight.capacity, tonight.capacity_overridden) == (4, 4, True)
    assert walk_in.scans.get().status == "ok"


def test_a_walk_in_that_fits_is_not_above_capacity(make_series, organizer_a):
    series = make_series("Šikovné ruce", rule="", starts_on=date.today() + timedelta(days=1), capacity=10,
                         organizers=[organizer_a])
    evening = started_minutes_ago(series.occurrences.get(), 5)
    admit_walk_in(evening, name="Karel Dvořák", phone="777 654 321", by=organizer_a, nonce="walk-1")
    walk_in = Registration.objects.get()
    assert walk_in.walk_in and not walk_in.above_capacity and walk_in.person.phone == "+420777654321"
    evening.refresh_from_db()
    assert (evening.seats_taken, evening.capacity) == (1, 10)


def test_pressing_the_button_twice_admits_one_walk_in(tonight, organizer_a):
    first = admit_walk_in(tonight, name="Marie Svobodová", seats=1, by=organizer_a, nonce="walk-1")
    again = admit_walk_in(tonight, name="Marie Svobodová", seats=1, by=organizer_a, nonce="walk-1")
    assert again == first
    assert Registration.objects.filter(walk_in=True).count() == 1 and Scan.objects.count() == 1


def test_someone_registered_who_walks_in_is_admitted_on_their_registration(tonight, organizer_a):
    answer = admit_walk_in(tonight, name="jana novakova", phone="777123456", by=organizer_a, nonce="walk-1")
    assert answer["status"] == "ok" and answer["name"] == "Jana Nováková"
    assert Registration.objects.count() == 1 and not Registration.objects.get().walk_in


def test_a_name_and_phone_known_only_to_another_organizer_make_a_new_person(tonight, nedam_se, organizer_a):
    workshop = nedam_se.occurrences.order_by("start").first()
    theirs = register(workshop, name="Eva Malá", phone="601222333", source=Registration.Source.STAFF).registration
    admit_walk_in(tonight, name="Eva Malá", phone="601222333", by=organizer_a, nonce="walk-1")
    walk_in = Registration.objects.get(walk_in=True)
    assert walk_in.person != theirs.person


@pytest.mark.parametrize("when, message", [
    ("cancelled", "Tento termín je zrušený: nikoho nelze pustit dovnitř."),
    ("ended", "Tento termín už skončil: příchozí už nelze zapsat."),
    ("next_week", "Příchozí se u vchodu zapisují v den akce"),
])
def test_walk_ins_are_refused_outside_the_evening(tonight, dance, organizer_a, when, message):
    occurrence = tonight
    if when == "cancelled":
        Occurrence.objects.filter(pk=tonight.pk).update(status=Occurrence.Status.CANCELLED)
        occurrence.refresh_from_db()
    elif when == "ended":
        occurrence = started_minutes_ago(tonight, 200)
    else:
        occurrence = dance
    with pytest.raises(RegistrationError) as refused:
        admit_walk_in(occurrence, name="Marie Svobodová", by=organizer_a, nonce="walk-1")
    assert refused.value.status == 409 and refused.value.message.startswith(message)
    assert not Registration.objects.filter(walk_in=True).exists() and not Person.objects.filter(
        name="Marie Svobodová").exists()


@pytest.mark.parametrize("fields, message", [
    ({"name": "  "}, "Napište prosím"),
    ({"phone": "12"}, "Telefonní číslo není platné"),
    ({"seats": 9}, "nejvýše"),
])
def test_a_walk_in_with_bad_details_is_refused_in_czech(tonight, organizer_a, fields, message):
    with pytest.raises(RegistrationError) as refused:
        admit_walk_in(tonight, **{"name": "Marie", "by": organizer_a, "nonce": "walk-1", **fields})
    assert refused.value.status == 400 and message in refused.value.message
    assert not Registration.objects.filter(walk_in=True).exists()


def test_the_door_page_admits_a_walk_in_without_javascript(client, tonight, organizer_a):
    page = page_of(client, organizer_a, tonight).content.decode()
    assert "Zapsat příchozího u vchodu" in page
    response = client.post(f"/scan/{tonight.pk}/", {
        "action": "walk_in", "name": "Marie Svobodová", "phone": "", "seats": "1", "nonce": "walk-form-1",
    })
    body = response.content.decode()
    assert response.status_code == 200 and "Vstup povolen" in body and "Marie Svobodová" in body
    assert 'uvnitř <strong id="door-inside">1</strong>' in body
    assert 'přihlášeno <strong id="door-registered">3</strong>' in body


def test_an_empty_walk_in_form_is_a_czech_400(client, tonight, organizer_a):
    client.force_login(organizer_a)
    response = client.post(f"/scan/{tonight.pk}/", {"action": "walk_in", "name": "", "seats": "1", "nonce": "w"})
    body = response.content.decode()
    assert response.status_code == 400 and "Zkontrolujte údaje příchozího níže." in body
    assert "<details class=\"door-walk-in\" open>" in body
    assert not Registration.objects.filter(walk_in=True).exists()


def test_the_walk_in_form_is_offered_only_on_the_evening(client, dance, organizer_a):
    assert "Zapsat příchozího u vchodu" not in page_of(client, organizer_a, dance).content.decode()


@pytest.mark.parametrize("persona", ["organizer_b", "stranger"])
def test_only_the_evenings_organizers_and_staff_admit_walk_ins(request, client, tonight, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/scan/{tonight.pk}/", {"action": "walk_in", "name": "Marie", "seats": "1",
                                                      "nonce": "walk-1"})
    assert response.status_code == 404
    assert not Registration.objects.filter(walk_in=True).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, tonight):
    response = client.post(f"/scan/{tonight.pk}/", {"action": "walk_in", "name": "Marie", "seats": "1",
                                                      "nonce": "walk-1"})
    assert response.status_code == 302 and "/prihlaseni/" in response["Location"]
    assert not Registration.objects.filter(walk_in=True).exists()


def test_staff_admit_a_walk_in_to_any_evening(tonight, staff):
    assert admit_walk_in(tonight, name="Marie", by=staff, nonce="walk-1")["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_walk_ins_at_two_doors_at_once_all_get_in_and_the_capacity_holds(requires_postgresql, make_series,
                                                                         organizer_a):
    series = make_series("Oldies Goldies dnes", rule="", starts_on=date.today() + timedelta(days=1), capacity=3,
                         organizers=[organizer_a])
    evening = started_minutes_ago(series.occurrences.get(), 10)
    start, answers = threading.Barrier(6), []

    def walk_in(number):
        try:
            start.wait()
            answers.append(admit_walk_in(evening, name=f"Host {number}", by=organizer_a, nonce=f"walk-{number}",
                                         seats=1)["status"])
        finally:
            connection.close()

    threads = [threading.Thread(target=walk_in, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == ["ok"] * 6
    evening.refresh_from_db()
    assert evening.seats_taken == 6 and evening.capacity == 6
    assert Registration.objects.filter(above_capacity=True).count() == 3


def press_walk_in_at_once(evening, by, presses):
    """The same walk-in form (no phone: nobody to recognise) sent `presses` times at once: a double press, a retry."""
    start, answers, errors = threading.Barrier(presses), [], []

    def press():
        try:
            start.wait()
            answers.append(admit_walk_in(evening, name="Marie Svobodová", phone="", seats=1, by=by,
                                         nonce="walk-double"))
        except Exception as error:  # "database is locked" or a duplicate would reach the door as an error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers, errors


def assert_one_walk_in_admitted_once(evening, answers, errors, presses):
    assert [str(error) for error in errors] == []
    assert len(answers) == presses and all(answer == answers[0] for answer in answers)
    assert answers[0]["status"] == "ok" and answers[0]["name"] == "Marie Svobodová"
    assert Registration.objects.filter(occurrence=evening).count() == 1
    assert Person.objects.filter(name="Marie Svobodová").count() == 1
    assert Scan.objects.filter(occurrence=evening).count() == 1
    evening.refresh_from_db()
    assert evening.seats_taken == 1


@pytest.fixture
def open_evening(make_series, organizer_a):
    series = make_series("Oldies Goldies dnes", rule="", starts_on=date.today() + timedelta(days=1), capacity=3,
                         organizers=[organizer_a])
    return started_minutes_ago(series.occurrences.get(), 10)


@pytest.mark.django_db(transaction=True)
def test_a_double_press_of_the_walk_in_button_on_postgresql_admits_one_person_once(requires_postgresql,
                                                                                   open_evening, organizer_a):
    answers, errors = press_walk_in_at_once(open_evening, organizer_a, presses=4)
    assert_one_walk_in_admitted_once(open_evening, answers, errors, presses=4)


@pytest.mark.django_db(transaction=True)
def test_a_double_press_of_the_walk_in_button_on_sqlite_waits_and_admits_one_person_once(open_evening,
                                                                                         organizer_a):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the embedded default")
    answers, errors = press_walk_in_at_once(open_evening, organizer_a, presses=4)
    assert_one_walk_in_admitted_once(open_evening, answers, errors, presses=4)


# --- A ticket of another date ---------------------------------------------------------------


def test_a_ticket_of_another_organizers_date_says_only_its_date(dance, nedam_se, organizer_a):
    workshop = nedam_se.occurrences.order_by("start").first()
    ticket = register(workshop, name="Božena Tajná", phone="602111222", needs_hearing=True,
                      source=Registration.Source.STAFF).registration
    door = api_for(organizer_a)
    response = scan(door, dance, ticket.code, "foreign-1")
    start = timezone.localtime(workshop.start)
    answer = response.json()
    assert response.status_code == 200 and answer["status"] == "wrong_occurrence"
    assert answer["message"] == f"Vstupenka na jiný termín: {start.day}. {start.month}. {start.year} 10:00"
    assert (answer["name"], answer["code"], answer["needs"], answer["seats"], answer["occurrence"]) == (
        "", "", [], 0, None)
    assert "Nedám se" not in str(answer) and "Tajná" not in str(answer)
    stored = Scan.objects.get()
    assert stored.occurrence == dance and stored.registration is None and stored.code == ""
    assert "Tajná" not in str(stored.answer) and ticket.code not in str(stored.answer)
    assert scan(door, dance, ticket.code, "foreign-1").json() == answer  # the same nonce again


def test_staff_see_whose_ticket_of_another_date_it_is(dance, nedam_se, staff):
    workshop = nedam_se.occurrences.order_by("start").first()
    ticket = register(workshop, name="Božena Tajná", phone="602111222", source=Registration.Source.STAFF).registration
    answer = check_in(dance, code=ticket.code, nonce=nonce(), by=staff)
    assert answer["status"] == "wrong_occurrence" and answer["name"] == "Božena Tajná"
    assert "Nedám se!" in answer["message"]


def test_a_ticket_of_another_date_of_my_series_is_named(oldies_goldies, organizer_a):
    tonight_, next_week = oldies_goldies.occurrences.order_by("start")[:2]
    ticket = register(next_week, name="Eva Malá", phone="601222333").registration
    answer = check_in(tonight_, code=ticket.code, nonce=nonce(), by=organizer_a)
    assert answer["name"] == "Eva Malá" and answer["occurrence"]["id"] == next_week.pk


def test_both_wrong_date_messages_write_the_date_the_same_unpadded_czech_way(make_series, dance, organizer_a,
                                                                          organizer_b):
    """9. 3., not 09. 03.: a ticket of my own series and one of a series I do not organize say the date alike."""
    spring = date(date.today().year + 1, 3, 9)

    def ticket_on_the_9th_of_march(title, organizer):
        series = make_series(title, rule="", starts_on=spring, start_time=time(18, 0), organizers=[organizer])
        return register(series.occurrences.get(), name="Eva Malá", phone="601222333",
                        source=Registration.Source.STAFF).registration

    mine = check_in(dance, code=ticket_on_the_9th_of_march("Oldies Goldies jaro", organizer_a).code, nonce=nonce(),
                    by=organizer_a)
    theirs = check_in(dance, code=ticket_on_the_9th_of_march("Nedám se! jaro", organizer_b).code, nonce=nonce(),
                      by=organizer_a)
    assert mine["message"] == f"Vstupenka je na jiný termín: Oldies Goldies jaro, 9. 3. {spring.year} 18:00"
    assert theirs["message"] == f"Vstupenka na jiný termín: 9. 3. {spring.year} 18:00"


# --- Already inside ------------------------------------------------------------------------


def test_a_second_scan_later_says_since_when_in_prague_and_who(dance, organizer_a, staff):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    # Yesterday 17:04 UTC: 18:04 in Prague in winter, 19:04 in summer.
    admitted_at = (timezone.now() - timedelta(days=1)).replace(hour=17, minute=4, second=0, microsecond=0)
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a, scanned_at=admitted_at, offline=True)
    again = check_in(dance, code=ticket.code, nonce=nonce(), by=staff)
    local = timezone.localtime(admitted_at).strftime("%H:%M")
    assert again["message"] == f"Už uvnitř od {local}, odbavil(a) Petr"
    assert again["checked_in_at"].startswith(timezone.localtime(admitted_at).isoformat()[:16])


# --- The name search -----------------------------------------------------------------------


@pytest.fixture
def evening_list(dance, organizer_a):
    pokorny = register(dance, name="Jiří Pokorný", phone="777123456").registration
    hledana = register(dance, name="Alena Hledaná", phone="608999111").registration
    check_in(dance, code=hledana.code, nonce="hledana", by=organizer_a)
    gone = register(dance, name="Jan Pokorný", phone="777000111").registration
    cancel(gone)
    return pokorny, hledana, gone


def found_names(page):
    """The results as the volunteer reads them: one line of text per person found."""
    results = re.search(r'<ul class="door-found" id="door-found">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li[^>]*>(.*?)</li>", results.group(1), re.S) if results else []
    return [" ".join(re.sub(r"<[^>]+>", " ", re.sub(r'aria-label="([^"]*)"', "", item)).split()) +
            (" [Pustit dovnitř]" if "<button" in item else "") for item in items]


def test_the_search_ignores_accents_and_case_and_shows_each_state(client, dance, evening_list, organizer_a):
    found = found_names(page_of(client, organizer_a, dance, q="POKORNY").content.decode())
    assert len(found) == 2
    assert found[0].startswith("Jan Pokorný") and "zrušeno" in found[0] and "Pustit dovnitř" not in found[0]
    assert found[1].startswith("Jiří Pokorný") and "přihlášen" in found[1] and "Pustit dovnitř" in found[1]
    (inside,) = found_names(page_of(client, organizer_a, dance, q="hledana").content.decode())
    assert "uvnitř od" in inside and "Pustit dovnitř" not in inside


def test_the_search_finds_part_of_a_name_and_the_last_digits_of_the_phone(client, dance, evening_list,
                                                                          organizer_a):
    assert found_names(page_of(client, organizer_a, dance, q="jiri pok").content.decode())[0].startswith("Jiří")
    (by_phone,) = found_names(page_of(client, organizer_a, dance, q="999 111").content.decode())
    assert by_phone.startswith("Alena Hledaná")
    assert found_names(page_of(client, organizer_a, dance, q="123456").content.decode())[0].startswith("Jiří")


def test_the_search_finds_nobody_from_other_dates(client, oldies_goldies, evening_list, organizer_a):
    next_week = oldies_goldies.occurrences.order_by("start")[1]
    page = page_of(client, organizer_a, next_week, q="pokorny").content.decode()
    assert found_names(page) == [] and "V dnešním seznamu nikdo takový není." in page


def test_one_tap_admits_a_found_name(client, dance, evening_list, organizer_a):
    pokorny = evening_list[0]
    client.force_login(organizer_a)
    response = client.post(f"/scan/{dance.pk}/", {"code": pokorny.code, "nonce": "tap-1"})
    assert "Vstup povolen" in response.content.decode() and pokorny.scans.get().status == "ok"


@pytest.mark.parametrize("people", [1, 12])
def test_the_search_reads_in_a_fixed_number_of_queries(client, dance, organizer_a, people):
    for number in range(people):
        ticket = register(dance, name=f"Marie Nováková {number}", phone=f"77712{number:04d}").registration
        check_in(dance, code=ticket.code, nonce=f"n{number}", by=organizer_a)
    client.force_login(organizer_a)
    client.get(f"/scan/{dance.pk}/")  # the session and permissions warmed up
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/scan/{dance.pk}/", {"q": "novakova"}).content.decode()
    assert len(found_names(page)) == people
    assert len(queries) <= 9, "\n".join(query["sql"] for query in queries)


# --- The badge and the counter -------------------------------------------------------------


def test_the_saved_badge_shows_only_after_something_was_saved(client, dance, organizer_a):
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    page = page_of(client, organizer_a, dance).content.decode()
    assert '<span id="door-offline" class="offline-badge" hidden></span>' in page
    page = client.post(f"/scan/{dance.pk}/", {"code": ticket.code, "nonce": "typed-1"}).content.decode()
    assert '<span id="door-offline" class="offline-badge">Uloženo</span>' in page


def test_door_mode_has_no_site_menu_and_a_way_out(client, dance, organizer_a):
    page = page_of(client, organizer_a, dance).content.decode()
    assert 'class="site-header"' not in page and "Hlavní menu" not in page
    assert '<a class="door-end" href="/scan/">Konec</a>' in page


# --- The day's list, kept on the phone ----------------------------------------------------


def test_the_days_list_has_prague_times_who_admitted_and_other_dates_of_the_series(oldies_goldies, nedam_se,
                                                                                    organizer_a):
    dance, next_week = oldies_goldies.occurrences.order_by("start")[:2]
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    check_in(dance, code=ticket.code, nonce=nonce(), by=organizer_a)
    later = register(next_week, name="Eva Malá", phone="601222333").registration
    workshop = nedam_se.occurrences.order_by("start").first()
    foreign = register(workshop, name="Božena", phone="602111222", source=Registration.Source.STAFF).registration
    body = api_for(organizer_a).get("/api/v1/checkins/", {"occurrence": dance.pk}).json()
    (entry,) = body["registrations"]
    assert entry["checked_in_by"] == "Petr"
    assert entry["checked_in_at"].endswith(timezone.localtime().strftime("%z")[:3] + ":00")
    (other,) = [date_ for date_ in body["other_dates"] if ticket_fingerprint(later.code) in date_["tickets"]]
    start = timezone.localtime(next_week.start)
    assert other["label"] == f"{start.day}. {start.month}. {start.year} 18:00"
    everything = str(body)
    assert later.code not in everything and "Eva" not in everything  # a fingerprint, not a usable code
    assert ticket_fingerprint(foreign.code) not in everything  # other series stay out


def test_someone_on_the_waiting_list_who_walks_in_is_moved_up_and_admitted(make_series, organizer_a):
    series = make_series("Šikovné ruce", rule="", starts_on=date.today() + timedelta(days=1), capacity=1,
                         organizers=[organizer_a], waiting_list=True)
    evening = series.occurrences.get()
    register(evening, name="Jana Nováková", phone="777123456")
    waiting = register(evening, name="Karel Dvořák", phone="777654321").registration
    assert waiting.is_waitlisted
    started_minutes_ago(evening, 5)
    answer = admit_walk_in(evening, name="Karel Dvořák", phone="777654321", by=organizer_a, nonce="walk-1")
    waiting.refresh_from_db()
    assert answer["status"] == "ok" and waiting.is_confirmed and waiting.above_capacity
    assert Registration.objects.count() == 2


@pytest.mark.parametrize("asked, typed, text", [(1, 3, "3 osoby"), (2, 1, "1 osoba")])
def test_someone_waiting_who_walks_in_comes_in_with_the_places_typed_at_the_door(make_series, organizer_a,
                                                                                asked, typed, text):
    series = make_series("Šikovné ruce", rule="", starts_on=date.today() + timedelta(days=1), capacity=2,
                         max_seats_per_registration=3, organizers=[organizer_a], waiting_list=True)
    evening = series.occurrences.get()
    register(evening, name="Jana Nováková", phone="777123456", seats=2)
    waiting = register(evening, name="Karel Dvořák", phone="777654321", seats=asked).registration
    started_minutes_ago(evening, 5)

    answer = admit_walk_in(evening, name="Karel Dvořák", phone="777654321", seats=typed, by=organizer_a,
                           nonce="walk-1")
    waiting.refresh_from_db()
    assert answer["status"] == "ok" and answer["seats_text"] == text
    assert waiting.is_confirmed and waiting.seats == typed and waiting.walk_in and waiting.above_capacity
    evening.refresh_from_db()
    assert (evening.seats_taken, evening.capacity) == (2 + typed, 2 + typed)
    assert Registration.objects.count() == 2


def test_the_days_list_carries_the_phones_digits_for_the_search_by_its_last_digits(dance, organizer_a):
    register(dance, name="Jana Nováková", phone="777 123 456")
    register(dance, name="Karel Dvořák", email="karel@example.cz")
    entries = api_for(organizer_a).get("/api/v1/checkins/", {"occurrence": dance.pk}).json()["registrations"]
    assert {entry["name"]: entry["phone_digits"] for entry in entries} == {
        "Jana Nováková": "420777123456", "Karel Dvořák": ""}


def test_the_dates_staff_list_marks_walk_ins_and_those_above_capacity(client, tonight, organizer_a):
    admit_walk_in(tonight, name="Marie Svobodová", seats=1, by=organizer_a, nonce=nonce())
    client.force_login(organizer_a)

    page = client.get(f"/sprava/termin/{tonight.pk}/").content.decode()

    row = page.split("Marie Svobodová", 1)[1].split("</tr>", 1)[0]
    assert "příchozí u vchodu" in row and "nad kapacitu" in row
    jana = page.split("Jana Nováková", 1)[1].split("</tr>", 1)[0]
    assert "příchozí u vchodu" not in jana
