"""Another system registers a senior, reads the ticket by its code and cancels: the same rules as the form."""

from datetime import timedelta

import pytest
import yaml
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Occurrence, Series
from events.services import cancel_occurrence
from registrations.codes import grouped
from registrations.models import Person, Registration
from registrations.services import regenerate_code, register
from tests.queries import count_queries

from .conftest import czech

URL = "/api/v1/registrations/"
pytestmark = pytest.mark.django_db


def senior(occurrence, **fields):
    return {"occurrence": occurrence.pk, "name": "Jana Nováková", "phone": "777 123 456", **fields}


def post(client, data):
    return client.post(URL, data, format="json")


def refusal(response):
    return response.status_code, response.json()


# --- registering ---------------------------------------------------------------------------


def test_a_senior_registers_and_gets_a_ticket(api, dance):
    response = post(api, senior(
        dance, seats=2, email="jana@seznam.cz", needs_wheelchair=True, needs_hearing=True,
        needs_note="Přijde s vodicím psem.",
    ))

    assert response.status_code == 201, response.content
    body = response.json()
    registration = Registration.objects.get()
    assert body == {
        "code": registration.code,
        "status": "confirmed",
        "waitlist_position": None,
        "seats": 2,
        "occurrence": dance.pk,
        "title": "Oldies Goldies",
        "start": timezone.localtime(dance.start).isoformat(),
        "end": timezone.localtime(dance.end).isoformat(),
        "name": "Jana Nováková",
        "ticket_url": f"http://testserver/vstupenka/{registration.code}/",
    }
    assert len(body["code"]) == 21
    assert registration.source == Registration.Source.API and registration.entered_by is None
    assert (registration.needs_wheelchair, registration.needs_hearing) == (True, True)
    assert registration.needs_note == "Přijde s vodicím psem."
    assert registration.person.phone == "+420777123456" and registration.person.email == "jana@seznam.cz"
    dance.refresh_from_db()
    assert dance.seats_left == 38
    assert api.get(body["ticket_url"]).status_code == 200


def test_one_place_is_the_default_and_an_e_mail_alone_is_enough(api, dance):
    response = post(api, {"occurrence": dance.pk, "name": "Karel Novák", "email": "karel@email.cz"})

    assert response.status_code == 201
    assert response.json()["seats"] == 1
    assert Person.objects.get().phone == ""


def test_when_places_run_out_the_waiting_list_is_numbered(api, small_workshop):
    post(api, senior(small_workshop, phone="601000001", seats=2))
    post(api, senior(small_workshop, phone="601000002"))

    third = post(api, senior(small_workshop, phone="601000003"))
    fourth = post(api, senior(small_workshop, phone="601000004", seats=2))

    assert third.status_code == fourth.status_code == 201
    assert (third.json()["status"], third.json()["waitlist_position"]) == ("waitlisted", 1)
    assert (fourth.json()["status"], fourth.json()["waitlist_position"]) == ("waitlisted", 2)
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3


def test_registering_again_is_a_new_registration_never_the_first_ones_ticket(api, dance):
    first = post(api, senior(dance, seats=2))

    again = post(api, senior(dance, name="jana novakova", phone="+420777123456", seats=1))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["code"] != first.json()["code"]
    assert Registration.objects.get(code=first.json()["code"]).seats == 2


def test_a_phone_number_alone_does_not_return_someone_elses_ticket(api, dance):
    jana = post(api, senior(dance)).json()
    stranger = post(api, senior(dance, name="Kdokoli"))
    assert stranger.status_code == 201 and stranger.json()["code"] != jana["code"]
    assert stranger.json()["name"] == "Kdokoli"


FULL = "Sorry, the date is full and has no waiting list."
CLOSED = "Registration for this date has closed. Call the department: we will try to help."
CANCELLED_DATE = "This date is cancelled, so registration is not possible."


def test_a_full_date_without_waiting_list_refuses_with_409(api, small_workshop):
    Series.objects.filter(pk=small_workshop.series_id).update(waiting_list=False)
    Occurrence.objects.filter(pk=small_workshop.pk).update(seats_taken=3)

    assert refusal(post(api, senior(small_workshop))) == (409, {"code": "full", "detail": czech(FULL)})
    assert not Registration.objects.exists()


def test_a_date_whose_registration_has_closed_refuses_with_409(api, small_workshop):
    Series.objects.filter(pk=small_workshop.series_id).update(registration_closes_hours_before=72)

    assert refusal(post(api, senior(small_workshop))) == (409, {"code": "closed", "detail": czech(CLOSED)})


def test_a_cancelled_date_refuses_with_409(api, dance):
    cancel_occurrence(dance, note="Sál je v opravě.")

    assert refusal(post(api, senior(dance))) == (409, {"code": "cancelled", "detail": czech(CANCELLED_DATE)})


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"seats": 3}, "too_many_seats", "One registration can take at most %(limit)s places, companions included."),
        ({"seats": 0}, "invalid_seats", "The number of places must be at least 1."),
        ({"phone": "12345"}, "invalid_phone",
         "The phone number is not valid. Write nine digits, for example 777 123 456."),
        ({"phone": "", "email": "jana@"}, "invalid_email",
         "The e-mail address is not valid. Check it, for example jana@seznam.cz."),
        ({"phone": "", "email": ""}, "missing_contact",
         "Give a phone number or an e-mail, so we can let you know about changes."),
        ({"name": "   "}, "invalid_name", "Write your name, please."),
    ],
)
def test_bad_details_are_refused_with_the_services_czech_message(api, small_workshop, fields, code, message):
    response = post(api, senior(small_workshop, **fields))

    detail = czech(message) % {"limit": 2} if "%(limit)s" in message else czech(message)
    assert refusal(response) == (400, {"code": code, "detail": detail})
    assert not Registration.objects.exists() and not Person.objects.exists()


UNKNOWN_DATE = "There is no such date open to the public. Check its number."


def test_a_date_that_does_not_exist_is_unknown(api, dance):
    for occurrence in (987654, 0, -1, 2**70):
        response = post(api, {**senior(dance), "occurrence": occurrence})
        assert refusal(response) == (400, {"code": "unknown_occurrence", "detail": czech(UNKNOWN_DATE)})


def test_a_date_of_an_unpublished_series_is_unknown_to_the_public(api, client_for, staff, make_series):
    draft = make_series("Umííí", rule="", published=False).occurrences.get()

    assert post(api, senior(draft)).json()["code"] == "unknown_occurrence"
    assert post(client_for(staff), senior(draft)).status_code == 201


def test_malformed_fields_name_the_field(api, dance):
    response = post(api, {"occurrence": "druhý", "name": "Jana", "phone": "777123456", "seats": "hodně"})

    assert response.status_code == 400
    assert set(response.json()) == {"occurrence", "seats"}
    assert post(api, {"phone": "777123456"}).json().keys() == {"occurrence", "name"}


# --- who registers: staff and organizers on the phone, everyone else through the API ----------


def test_staff_and_the_series_organizer_register_as_staff(client_for, staff, organizer_a, dance):
    by_staff = post(client_for(staff), senior(dance, phone="601000001"))
    by_organizer = post(client_for(organizer_a), senior(dance, phone="601000002"))

    assert by_staff.status_code == by_organizer.status_code == 201
    registrations = {r.person.phone: r for r in Registration.objects.select_related("person")}
    assert registrations["+420601000001"].source == Registration.Source.STAFF
    assert registrations["+420601000001"].entered_by == staff
    assert registrations["+420601000002"].source == Registration.Source.STAFF
    assert registrations["+420601000002"].entered_by == organizer_a


def test_an_organizer_of_another_series_registers_like_anyone(client_for, organizer_b, dance):
    assert post(client_for(organizer_b), senior(dance)).status_code == 201

    registration = Registration.objects.get()
    assert registration.source == Registration.Source.API and registration.entered_by is None


def test_the_office_may_register_after_online_registration_closed(api, client_for, organizer_a, oldies_goldies):
    Series.objects.filter(pk=oldies_goldies.pk).update(registration_closes_hours_before=24 * 8)
    dance = oldies_goldies.occurrences.order_by("start").first()

    assert post(api, senior(dance)).json()["code"] == "closed"
    assert post(client_for(organizer_a), senior(dance)).status_code == 201


# --- throttling ----------------------------------------------------------------------------

THROTTLED = "Too many registrations from this connection. Please call the department."


def test_too_many_registrations_from_one_address_are_refused_with_429(api, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "2/hour"
    cache.clear()
    for number in range(2):
        assert post(api, senior(dance, phone=f"60100000{number}")).status_code == 201

    response = post(api, senior(dance, phone="601000009"))

    assert refusal(response) == (429, {"code": "throttled", "detail": czech(THROTTLED)})
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Registration.objects.count() == 2
    # Reading and cancelling a ticket is not limited.
    code = Registration.objects.first().code
    assert api.get(f"{URL}{code}/").status_code == 200


def test_the_429_reads_in_czech(api, dance, settings, czech_catalogue):
    settings.SPOLU_REGISTRATION_THROTTLE = "1/hour"
    cache.clear()
    post(api, senior(dance, phone="601000001"))

    assert "Zavolejte prosím na odbor" in post(api, senior(dance, phone="601000002")).json()["detail"]


def test_staff_and_organizers_have_their_own_higher_limit(client_for, staff, organizer_a, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "1/hour"
    settings.SPOLU_STAFF_REGISTRATION_THROTTLE = "2/hour"
    cache.clear()
    for user in (staff, organizer_a):
        client = client_for(user)
        statuses = [
            post(client, senior(dance, name=f"{user.username} {number}", phone=f"6010{user.pk:03d}{number:02d}"))
            .status_code for number in range(3)
        ]
        assert statuses == [201, 201, 429], user
    assert Registration.objects.count() == 4


def test_mistakes_do_not_count_towards_the_limit(api, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "2/hour"
    cache.clear()
    for _attempt in range(5):
        assert post(api, senior(dance, phone="123")).status_code == 400
    assert [post(api, senior(dance, phone=f"60100000{number}")).status_code for number in range(3)] == [201, 201, 429]


def test_one_phone_number_cannot_fill_a_date_from_many_addresses(dance, settings):
    settings.SPOLU_REGISTRATION_CONTACT_THROTTLE = "2/day"
    cache.clear()

    def from_address(number, **fields):
        return APIClient(REMOTE_ADDR=f"192.0.2.{number}").post(URL, senior(dance, **fields), format="json")

    assert [from_address(number, name=f"Osoba {number}").status_code for number in range(2)] == [201, 201]
    third = from_address(7, name="Osoba 7", phone="+420 777 123 456")
    assert third.status_code == 429 and "telefonem nebo e-mailem" in third.json()["detail"]
    assert from_address(8, name="Osoba 8", phone="777123457").status_code == 201
    assert Registration.objects.count() == 3


# --- the ticket by its code ------------------------------------------------------------------


def test_anyone_with_the_code_reads_the_registration_but_no_contact(api, dance):
    code = post(api, senior(dance, email="jana@seznam.cz", needs_note="dieta")).json()["code"]

    response = APIClient().get(f"{URL}{code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == code and body["status"] == "confirmed" and body["name"] == "Jana Nováková"
    assert (body["title"], body["occurrence"]) == ("Oldies Goldies", dance.pk)
    assert body["start"] == timezone.localtime(dance.start).isoformat()
    text = response.content.decode()
    assert "777" not in text and "seznam.cz" not in text and "dieta" not in text
    assert "no-store" in response["Cache-Control"]


def test_a_code_may_be_typed_with_dashes_and_in_lower_case(api, dance):
    code = post(api, senior(dance)).json()["code"]

    response = api.get(f"{URL}{grouped(code).lower()}/")

    assert response.status_code == 200 and response.json()["code"] == code


UNKNOWN_CODE = "We do not know this ticket code. Check it and try again."


def test_an_unknown_or_replaced_code_is_a_404(api, dance):
    registration = register(dance, name="Jana", phone="777123456").registration
    old_code = registration.code
    regenerate_code(registration)

    for code in (old_code, "ABCDEFGHJKMNPQRSTUVWX", "neni-to-kod", "0" * 21):
        for response in (api.get(f"{URL}{code}/"), api.post(f"{URL}{code}/cancel/")):
            assert refusal(response) == (404, {"code": "unknown_code", "detail": czech(UNKNOWN_CODE)})
    assert api.get(f"{URL}{registration.code}/").status_code == 200


# --- cancelling ------------------------------------------------------------------------------


def test_cancelling_frees_the_places_and_moves_the_waiting_list_up(api, small_workshop):
    first = post(api, senior(small_workshop, phone="601000001", seats=2)).json()
    post(api, senior(small_workshop, phone="601000002"))
    waiting = post(api, senior(small_workshop, phone="601000003", seats=2)).json()
    assert waiting["status"] == "waitlisted"

    response = api.post(f"{URL}{grouped(first['code'])}/cancel/")

    assert response.status_code == 200
    assert response.json()["code"] == first["code"]
    assert response.json()["status"] == "cancelled" and response.json()["waitlist_position"] is None
    assert api.get(f"{URL}{waiting['code']}/").json()["status"] == "confirmed"
    small_workshop.refresh_from_db()
    assert small_workshop.seats_taken == 3


ALREADY_CANCELLED = "This registration is already cancelled."
STARTED = "The date has already started; it cannot be cancelled now."


def test_cancelling_twice_is_a_409(api, dance):
    code = post(api, senior(dance)).json()["code"]
    assert api.post(f"{URL}{code}/cancel/").status_code == 200

    response = api.post(f"{URL}{code}/cancel/")

    assert refusal(response) == (409, {"code": "already_cancelled", "detail": czech(ALREADY_CANCELLED)})
    dance.refresh_from_db()
    assert dance.seats_taken == 0


def test_a_date_that_has_started_cannot_be_cancelled(api, dance):
    code = post(api, senior(dance)).json()["code"]
    Occurrence.objects.filter(pk=dance.pk).update(start=timezone.now() - timedelta(minutes=5))

    assert refusal(api.post(f"{URL}{code}/cancel/")) == (409, {"code": "started", "detail": czech(STARTED)})
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


# --- the list of a date, for who runs it ----------------------------------------------------------


def date_url(occurrence):
    return f"/api/v1/occurrences/{occurrence.pk}/registrations/"


def test_staff_see_who_comes_with_contact_and_needs(client_for, staff, small_workshop):
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2, needs_wheelchair=True)
    register(small_workshop, name="Božena Velká", email="bozena@email.cz", needs_note="dieta", source="staff",
             entered_by=staff)
    register(small_workshop, name="Cyril Starý", phone="601000003", needs_hearing=True)
    register(small_workshop, name="Dana Nová", phone="601000004")

    response = client_for(staff).get(date_url(small_workshop))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 4
    rows = {row["name"]: row for row in body["results"]}
    assert [row["name"] for row in body["results"]] == ["Anna Malá", "Božena Velká", "Cyril Starý", "Dana Nová"]
    anna = Registration.objects.get(person__name="Anna Malá")
    assert rows["Anna Malá"] == {
        "id": anna.pk, "code": anna.code, "name": "Anna Malá", "phone": "+420601000001", "email": "", "seats": 2,
        "status": "confirmed", "waitlist_position": None, "needs_wheelchair": True, "needs_hearing": False,
        "needs_note": "", "source": "web", "created_at": timezone.localtime(anna.created_at).isoformat(),
    }
    assert (rows["Božena Velká"]["email"], rows["Božena Velká"]["needs_note"]) == ("bozena@email.cz", "dieta")
    assert rows["Božena Velká"]["source"] == "staff"
    assert (rows["Cyril Starý"]["status"], rows["Cyril Starý"]["waitlist_position"]) == ("waitlisted", 1)
    assert rows["Cyril Starý"]["needs_hearing"] is True
    assert (rows["Dana Nová"]["status"], rows["Dana Nová"]["waitlist_position"]) == ("waitlisted", 2)


def test_the_waiting_order_survives_a_cancellation(client_for, staff, small_workshop):
    register(small_workshop, name="Anna", phone="601000001", seats=2)
    register(small_workshop, name="Božena", phone="601000002")
    cyril = register(small_workshop, name="Cyril", phone="601000003", seats=2).registration
    register(small_workshop, name="Dana", phone="601000004")
    from registrations.services import cancel

    cancel(cyril)

    rows = {row["name"]: row for row in client_for(staff).get(date_url(small_workshop)).json()["results"]}
    assert (rows["Cyril"]["status"], rows["Cyril"]["waitlist_position"]) == ("cancelled", None)
    assert (rows["Dana"]["status"], rows["Dana"]["waitlist_position"]) == ("waitlisted", 1)


def test_the_organizer_of_the_series_sees_the_list_with_a_token(organizer_a, dance):
    register(dance, name="Jana", phone="777123456")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=organizer_a).key}")

    response = client.get(date_url(dance))

    assert response.status_code == 200 and response.json()["results"][0]["phone"] == "+420777123456"


def test_others_cannot_see_who_comes(api, client_for, organizer_b, stranger, dance):
    register(dance, name="Jana", phone="777123456")

    anonymous = api.get(date_url(dance))
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    for user in (organizer_b, stranger):
        response = client_for(user).get(date_url(dance))
        # A date you do not organize looks exactly like one that does not exist.
        assert refusal(response) == refusal(client_for(user).get("/api/v1/occurrences/987654/registrations/"))
        assert response.status_code == 404 and "777" not in response.content.decode()


def test_a_malformed_date_id_is_a_404(client_for, staff, db):
    for pk in ("abc", "0.5", str(2**70)):
        assert client_for(staff).get(f"/api/v1/occurrences/{pk}/registrations/").status_code == 404


def _count_queries(client, url):
    counted = count_queries(client, url)
    return counted, counted.response.json()


def test_the_list_takes_the_same_queries_for_1_and_many_registrations(client_for, staff, small_workshop):
    client = client_for(staff)
    register(small_workshop, name="Person 0", phone="601000100")
    one, body = _count_queries(client, date_url(small_workshop))
    assert body["count"] == 1
    for number in range(1, 60):
        register(small_workshop, name=f"Person {number}", phone=f"6010001{number:02d}",
                 needs_wheelchair=number % 3 == 0)
    cancel_one = Registration.objects.order_by("id")[5]
    from registrations.services import cancel

    cancel(cancel_one)

    many, body = _count_queries(client, date_url(small_workshop))

    assert many == one
    assert body["count"] == 60 and len(body["results"]) == 50
    assert body["next"].endswith("?page=2")
    second_page = client.get(body["next"]).json()["results"]
    assert [row["waitlist_position"] for row in second_page] == list(range(47, 57))


# --- the programme list is cached, but never behind a registration ------------------------------


def test_the_programme_list_is_cached_and_shows_a_taken_seat_at_once(api, dance):
    list_url = f"/api/v1/occurrences/?series={dance.series_id}"
    cold, first = _count_queries(api, list_url)
    warm, again = _count_queries(api, list_url)
    assert again == first and warm == 1 < cold
    assert first["results"][0]["seats_left"] == 40

    post(api, senior(dance, seats=2))

    assert _count_queries(api, list_url)[1]["results"][0]["seats_left"] == 38


def test_signed_in_users_get_a_fresh_programme_list(api, client_for, staff, dance):
    _count_queries(api, "/api/v1/occurrences/")
    queries, _body = _count_queries(client_for(staff), "/api/v1/occurrences/")
    assert queries > 1


# --- the schema ------------------------------------------------------------------------------------


def test_the_schema_documents_every_answer(api):
    paths = yaml.safe_load(api.get("/api/schema/").content)["paths"]

    assert {"200", "201", "400", "409", "429", "503"} <= set(paths[URL]["post"]["responses"])
    assert {"200", "404"} <= set(paths[URL + "{code}/"]["get"]["responses"])
    assert {"200", "404", "409"} <= set(paths[URL + "{code}/cancel/"]["post"]["responses"])
    listing = paths["/api/v1/occurrences/{id}/registrations/"]["get"]
    assert {"200", "401", "404"} <= set(listing["responses"])
    assert "page" in {parameter["name"] for parameter in listing["parameters"]}
    assert "get" not in paths[URL] and "delete" not in paths[URL + "{code}/"]
