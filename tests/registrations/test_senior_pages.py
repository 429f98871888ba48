"""A senior registers on the website in two screens and can cancel without an account."""

import pytest
from django.core.cache import cache

from registrations.models import Person, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def form_data(**changes):
    return {"name": "Jana Nováková", "phone": "777 123 456", "email": "", "seats": "1", "consent": "on", **changes}


def register_url(occurrence):
    return f"/termin/{occurrence.pk}/prihlasit/"


def test_the_date_page_leads_to_the_form(client, dance):
    page = client.get(dance.get_absolute_url()).content.decode()
    assert register_url(dance) in page
    form = client.get(register_url(dance)).content.decode()
    for label in ("Jméno a příjmení", "Telefon", "E-mail", "Kolik míst", "Přijedu na vozíku", "Smažeme je 30 dní"):
        assert label in form


def test_registering_leads_straight_to_the_ticket(client, dance):
    response = client.post(register_url(dance), form_data(seats="2", needs_wheelchair="on"))
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    ticket = client.get(response["Location"]).content.decode()
    assert "Jste přihlášeni" in ticket and registration.display_code in ticket
    assert registration.seats == 2 and registration.needs_wheelchair and registration.source == "web"


def test_registering_twice_shows_the_same_ticket_with_a_note(client, dance):
    client.post(register_url(dance), form_data())
    response = client.post(register_url(dance), form_data(), follow=True)
    assert "Na tento termín už jste přihlášeni" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Bez tohoto souhlasu vás nemůžeme přihlásit."),
        ({"phone": "", "email": ""}, "Uveďte telefon nebo e-mail"),
        ({"phone": "123"}, "Telefonní číslo není platné"),
        ({"seats": "5"}, "Kolik míst"),
        ({"name": ""}, "Jméno a příjmení"),
    ],
)
def test_mistakes_are_explained_and_nothing_is_saved(client, dance, changes, message):
    response = client.post(register_url(dance), form_data(**changes))
    assert 400 <= response.status_code < 500
    assert message in response.content.decode()
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_a_full_date_puts_the_senior_on_the_waiting_list(client, small_workshop):
    client.post(register_url(small_workshop), form_data(seats="2", phone="601000001"))
    client.post(register_url(small_workshop), form_data(phone="601000002"))
    page = client.get(register_url(small_workshop)).content.decode()
    assert "Termín je obsazený. Když se přihlásíte" in page
    response = client.post(register_url(small_workshop), form_data(phone="601000003"), follow=True)
    assert "Jste na čekací listině, v pořadí 1." in response.content.decode()


def test_too_many_registrations_from_one_connection_are_refused(client, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "2/hour"
    for number in range(2):
        assert client.post(register_url(dance), form_data(phone=f"60100000{number}")).status_code == 302
    response = client.post(register_url(dance), form_data(phone="601000009"))
    assert response.status_code == 429 and "Zavolejte prosím na odbor" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600  # when the oldest of the two leaves the hour
    assert Registration.objects.count() == 2


def test_a_cancelled_date_offers_no_form(client, dance):
    from events.services import cancel_occurrence

    cancel_occurrence(dance, note="")
    assert "Přihlásit se nelze: termín je zrušený." in client.get(register_url(dance)).content.decode()
    response = client.post(register_url(dance), form_data())
    assert response.status_code == 409 and "zrušený" in response.content.decode()


def test_my_events_lists_upcoming_registrations_and_cancels_one(client, oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    client.post(register_url(first), form_data())
    client.post(register_url(second), form_data(seats="2"))
    person = Person.objects.get()
    page = client.get(person.get_absolute_url()).content.decode()
    assert page.count("Zrušit: Oldies Goldies") == 2
    registration = Registration.objects.get(occurrence=first)
    response = client.post(f"/vstupenka/{registration.code}/zrusit/", {"next": person.get_absolute_url()},
                           follow=True)
    assert "Přihláška je zrušená" in response.content.decode()
    assert response.content.decode().count("Zrušit: Oldies Goldies") == 1
    first.refresh_from_db()
    assert first.seats_taken == 0


def test_a_stranger_with_a_wrong_token_sees_nothing(client, dance):
    client.post(register_url(dance), form_data())
    assert client.get("/moje-akce/not-the-token/").status_code == 404


def test_cancel_asks_first_and_then_cancels(client, dance):
    client.post(register_url(dance), form_data(seats="2"))
    registration = Registration.objects.get()
    confirm = client.get(f"/vstupenka/{registration.code}/zrusit/").content.decode()
    assert "Opravdu chcete zrušit přihlášku na 2 místa?" in confirm
    registration.refresh_from_db()
    assert registration.is_confirmed
    client.post(f"/vstupenka/{registration.code}/zrusit/")
    again = client.post(f"/vstupenka/{registration.code}/zrusit/")
    assert again.status_code == 409 and "už je zrušená" in again.content.decode()


def test_an_organizer_of_another_event_cannot_register_outside_the_window(client, make_series, organizer_b):
    from datetime import time, timedelta

    from django.utils import timezone

    later = make_series("Adventní koncert", rule="", starts_on=timezone.localdate() + timedelta(days=60),
                        start_time=time(17, 0), registration_opens_days_before=30)
    occurrence = later.occurrences.get()
    client.force_login(organizer_b)
    response = client.post(register_url(occurrence), form_data())
    assert response.status_code == 409 and "ještě nezačalo" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_missing_page_answers_in_czech(client, settings):
    settings.DEBUG = False
    response = client.get("/vstupenka/AAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert "Tuto stránku jsme nenašli" in response.content.decode()


# --- what the public may learn: nothing about anyone else ------------------------------------


def test_registering_again_from_another_browser_gives_a_new_ticket_and_never_the_first(client, dance):
    from django.test import Client

    client.post(register_url(dance), form_data())
    first = Registration.objects.get()
    other = Client().post(register_url(dance), form_data(), follow=True)
    page = other.content.decode()
    second = Registration.objects.exclude(pk=first.pk).get()
    assert second.display_code in page and first.display_code not in page
    assert first.person.token not in page and "Na tento termín už jste přihlášeni" not in page


def test_the_ticket_page_does_not_open_my_events(client, oldies_goldies):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    client.post(register_url(first), form_data())
    person = Person.objects.get()
    from django.test import Client

    visitor = Client()
    response = visitor.post(register_url(second), form_data(), follow=True)
    # The visitor typed Jana's name and phone: the ticket is attached to her, but nothing of hers shows.
    assert response.status_code == 200 and person.token not in response.content.decode()
    assert person.feed_token not in response.content.decode()


def test_a_day_centre_registers_its_thirty_seniors_from_one_pc(client, dance):
    for number in range(30):
        response = client.post(register_url(dance), form_data(name=f"Senior {number}", phone="377111222"))
        assert response.status_code == 302, number
    assert Registration.objects.count() == 30


def test_mistakes_on_the_form_do_not_count_towards_the_limit(client, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "2/hour"
    for _attempt in range(6):
        assert client.post(register_url(dance), form_data(phone="123")).status_code == 400
    assert client.post(register_url(dance), form_data(consent="")).status_code == 400
    statuses = [client.post(register_url(dance), form_data(phone=f"60100000{number}")).status_code
                for number in range(3)]
    assert statuses == [302, 302, 429]


# --- "send my ticket again" -------------------------------------------------------------------


RESEND_ANSWER = "Pokud jste na tento termín přihlášeni, poslali jsme vstupenku znovu"


def resend_url(occurrence):
    return f"/termin/{occurrence.pk}/poslat-vstupenku/"


def answer_of(client, occurrence, callbacks, **typed):
    with callbacks(execute=True):
        response = client.post(resend_url(occurrence), {"name": "Jana Nováková", "phone": "", "email": "", **typed})
    return response.status_code, response.content.decode()


def test_the_register_form_leads_to_sending_the_ticket_again(client, dance):
    assert resend_url(dance) in client.get(register_url(dance)).content.decode()


def test_the_ticket_goes_again_only_to_the_e_mail_on_file(client, dance, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    from registrations.services import register

    jana = register(dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz").registration
    mailoutbox.clear()
    status, page = answer_of(client, dance, django_capture_on_commit_callbacks, phone="777 123 456")
    assert status == 200 and RESEND_ANSWER in page and jana.display_code not in page
    assert [message.to for message in mailoutbox] == [["jana@seznam.cz"]]
    assert jana.code in mailoutbox[0].body


def test_the_answer_is_the_same_whoever_asks_and_nothing_goes_elsewhere(client, dance, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    from registrations.services import register

    register(dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz")
    register(dance, name="Eva Malá", phone="777123000")  # no e-mail: nothing can be sent
    mailoutbox.clear()
    answers = {
        answer_of(client, dance, django_capture_on_commit_callbacks, name="Kdokoli", phone="777123456"),
        answer_of(client, dance, django_capture_on_commit_callbacks, phone="601999999"),
        answer_of(client, dance, django_capture_on_commit_callbacks, email="utocnik@example.org"),
        answer_of(client, dance, django_capture_on_commit_callbacks, name="Eva Malá", phone="777123000"),
    }
    # One answer for all: a stranger, nobody, an attacker's e-mail, someone without e-mail.
    (status, page), = {(status, page.replace(str(dance.pk), "")) for status, page in answers}
    assert status == 200 and RESEND_ANSWER in page
    assert mailoutbox == []


def test_sending_again_is_limited_per_connection(client, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "2/hour"
    answers = [client.post(resend_url(dance), {"name": "Jana", "phone": "777123456"}) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Zavolejte prosím na odbor" in answers[-1].content.decode()
    assert 0 < int(answers[-1]["Retry-After"]) <= 3600
