"""Someone phones the department: staff find them, pick a date and register them on their behalf."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.services import cancel_occurrence
from registrations.models import Person, Registration
from registrations.services import register
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

URL = "/sprava/prihlasit/"


def phoned(date, **changes):
    return {"occurrence": str(date.pk), "name": "Jana Nováková", "phone": "777 123 456", "email": "",
            "seats": "1", "needs_note": "", **changes}


def found_names(response):
    return [person.name for person in response.context["people"]]


# Finding the person


@pytest.mark.parametrize("typed", ["777 123", "777123456", "+420 777 123", "00420 777 123 456", "Nová", "jana nov",
                                   "jana@seznam"])
def test_staff_find_a_person_by_part_of_the_name_or_phone(client, staff, jana, typed):
    register(jana.occurrence, name="Karel Dvořák", phone="603 999 888")
    client.force_login(staff)
    assert found_names(client.post(URL, {"hledat": "1", "q": typed})) == ["Jana Nováková"]


def test_the_search_travels_in_the_body_never_in_the_address(client, staff, jana):
    client.force_login(staff)
    page = client.get(URL, {"q": "777 123"})
    assert found_names(page) == []  # a name or number in the address would land in every log
    assert '<form method="post" action="/sprava/prihlasit/" role="search"' in page.content.decode()


@pytest.mark.parametrize("typed", ["", "  ", "7"])
def test_an_empty_or_one_letter_search_lists_nobody(client, staff, jana, typed):
    client.force_login(staff)
    response = client.post(URL, {"hledat": "1", "q": typed})
    assert response.status_code == 200 and found_names(response) == []
    assert "jana@seznam.cz" not in response.content.decode()


def test_at_most_twenty_people_are_listed(client, staff, dance):
    for index in range(25):
        register(dance, name=f"Novák {index:02d}", phone=f"6010000{index:02d}")
    client.force_login(staff)
    response = client.post(URL, {"hledat": "1", "q": "novák"})
    assert len(found_names(response)) == 20 and response.context["more_people"]
    assert not client.post(URL, {"hledat": "1", "q": "Novák 07"}).context["more_people"]


def test_an_organizer_finds_only_people_registered_for_their_own_series(client, organizer_a, dance, nedam_se):
    workshop_date = nedam_se.occurrences.order_by("start").first()
    register(dance, name="Anna Tančící", phone="601000001")
    register(workshop_date, name="Anna Opatrná", phone="601000002", source=Registration.Source.STAFF)
    client.force_login(organizer_a)
    assert found_names(client.post(URL, {"hledat": "1", "q": "Anna"})) == ["Anna Tančící"]
    assert found_names(client.post(URL, {"hledat": "1", "q": "601 000 002"})) == []


def test_anonymised_people_are_not_found(client, staff, jana):
    Person.objects.filter(pk=jana.person_id).update(anonymised_at=timezone.now())
    client.force_login(staff)
    assert found_names(client.post(URL, {"hledat": "1", "q": "Jana"})) == []


def test_choosing_a_found_person_fills_in_the_form(client, staff, jana, small_workshop):
    client.force_login(staff)
    response = client.get(URL, {"osoba": jana.person_id, "termin": small_workshop.pk})
    form = response.context["form"]
    assert form.initial == {"occurrence": small_workshop.pk, "name": "Jana Nováková", "phone": "+420 777 123 456",
                            "email": "jana@seznam.cz", "person": jana.person_id}
    page = response.content.decode()
    assert 'value="jana@seznam.cz"' in page and f'<option value="{small_workshop.pk}" selected>' in page


def test_an_organizer_cannot_fill_in_someone_they_may_not_find(client, organizer_a, nedam_se, dance):
    stranger_person = register(nedam_se.occurrences.order_by("start").first(), name="Anna Opatrná",
                               phone="601000002", source=Registration.Source.STAFF).registration.person
    client.force_login(organizer_a)
    response = client.get(URL, {"osoba": stranger_person.pk})
    assert response.status_code == 200 and "name" not in response.context["form"].initial
    assert "Anna Opatrná" not in response.content.decode()


def test_the_search_costs_the_same_queries_for_one_person_and_twenty(client, staff, dance):
    client.force_login(staff)
    register(dance, name="Novák 00", phone="601000000")

    def count():
        return count_queries(client, URL, {"hledat": "1", "q": "novák"}, method="post")

    with_one = count()
    for index in range(1, 25):
        register(dance, name=f"Novák {index:02d}", phone=f"6010000{index:02d}")
    assert count() == with_one


# The dates offered


def test_only_upcoming_dates_of_one_s_own_series_are_offered(client, organizer_a, dance, nedam_se, small_workshop):
    client.force_login(organizer_a)
    page = client.get(URL).content.decode()
    assert f'<option value="{dance.pk}"' in page
    for other in (nedam_se.occurrences.order_by("start").first(), small_workshop):
        assert f'<option value="{other.pk}"' not in page
    cancel_occurrence(dance, note="")
    assert f'<option value="{dance.pk}"' not in client.get(URL).content.decode()


# Registering


def test_staff_register_a_caller_and_see_the_ticket_to_print(client, staff, dance):
    client.force_login(staff)
    response = client.post(URL, phoned(dance, seats="2", needs_wheelchair="on", needs_note="Přijede s holí"))
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sprava/prihlaska/{registration.pk}/"
    assert registration.source == "staff" and registration.entered_by == staff
    assert registration.seats == 2 and registration.needs_wheelchair and registration.needs_note == "Přijede s holí"
    assert registration.person.phone == "+420777123456" and registration.is_confirmed
    ticket = client.get(response["Location"]).content.decode()
    assert registration.get_absolute_url() in ticket and "Vytisknout vstupenku" in ticket
    assert registration.display_code in ticket
    assert "notice-call" in ticket  # no e-mail: the ticket goes by post or by hand


def test_a_caller_with_an_e_mail_gets_it_there(client, staff, dance, mailoutbox,
                                              django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, phoned(dance, email="jana@seznam.cz"))
    ticket = client.get(response["Location"]).content.decode()
    assert "jana@seznam.cz" in ticket and "notice-call" not in ticket
    assert [message.to for message in mailoutbox] == [["jana@seznam.cz"]]


def test_an_organizer_registers_for_their_own_date(client, organizer_a, dance):
    client.force_login(organizer_a)
    assert client.post(URL, phoned(dance)).status_code == 302
    assert Registration.objects.get().entered_by == organizer_a


def test_staff_may_register_before_registration_opens_and_after_it_closes(client, staff, make_series):
    later = make_series("Umííí", rule="", starts_on=timezone.localdate() + timedelta(days=120)).occurrences.get()
    soon = make_series("Prostě pořád řídím", rule="", starts_on=timezone.localdate() + timedelta(days=1),
                       registration_closes_hours_before=48).occurrences.get()
    assert later.registration_state() == "not_yet" and soon.registration_state() == "closed"
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert f'<option value="{soon.pk}"' in page
    assert f'<option value="{later.pk}"' not in page  # beyond the next 90 days…
    assert f'<option value="{later.pk}"' in client.get(URL, {"termin": later.pk}).content.decode()  # …unless chosen
    assert client.post(URL, phoned(later)).status_code == 302
    assert client.post(URL, phoned(soon, phone="601000001")).status_code == 302
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_a_full_date_puts_the_caller_on_the_waiting_list(client, staff, small_workshop):
    register(small_workshop, name="Anna", phone="601000001", seats=2)
    register(small_workshop, name="Božena", phone="601000002")
    client.force_login(staff)
    response = client.post(URL, phoned(small_workshop))
    registration = Registration.objects.get(person__name="Jana Nováková")
    assert registration.is_waitlisted
    assert client.get(response["Location"]).context["position"] == 1


def test_registering_someone_twice_shows_the_first_registration(client, staff, jana, dance):
    client.force_login(staff)
    response = client.post(URL, phoned(dance, phone="777123456", seats="2"))
    assert response["Location"] == f"/sprava/prihlaska/{jana.pk}/"
    assert Registration.objects.count() == 1 and Registration.objects.get().seats == 1


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"phone": "123"}, 400, "Telefonní číslo není platné"),
        ({"phone": "", "email": ""}, 400, "Uveďte telefon nebo e-mail"),
        ({"email": "jana@"}, 400, "E-mailová adresa není platná"),
        ({"seats": "3"}, 400, "nejvýše 2 místa"),
    ],
)
def test_refusals_are_explained_in_czech_and_keep_what_was_typed(client, staff, dance, changes, status, message):
    client.force_login(staff)
    response = client.post(URL, phoned(dance, needs_note="Sedět u dveří", **changes))
    page = response.content.decode()
    assert response.status_code == status and message in page
    assert 'value="Jana Nováková"' in page and "Sedět u dveří" in page
    assert f'<option value="{dance.pk}" selected>' in page
    assert not Registration.objects.exists() and not Person.objects.exists()


@pytest.mark.parametrize("changes", [{"name": ""}, {"seats": "0"}, {"seats": "many"}, {"occurrence": ""},
                                     {"occurrence": "999999"}])
def test_incomplete_forms_are_refused_and_nothing_is_saved(client, staff, dance, changes):
    client.force_login(staff)
    response = client.post(URL, phoned(dance, **changes))
    assert response.status_code == 400 and response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_full_date_without_a_waiting_list_is_refused(client, staff, make_series):
    occurrence = make_series("Nedám se!", rule="", capacity=1, waiting_list=False,
                             starts_on=timezone.localdate() + timedelta(days=3)).occurrences.get()
    register(occurrence, name="Anna", phone="601000001")
    client.force_login(staff)
    response = client.post(URL, phoned(occurrence))
    assert response.status_code == 409 and "obsazený a nemá čekací listinu" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_date_cancelled_meanwhile_is_refused(client, staff, dance):
    cancel_occurrence(dance, note="")
    client.force_login(staff)
    response = client.post(URL, phoned(dance))
    assert response.status_code == 409 and "Tento termín je zrušený" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_date_that_has_started_is_refused(client, staff, dance):
    from events.models import Occurrence

    now = timezone.now()
    Occurrence.objects.filter(pk=dance.pk).update(start=now - timedelta(minutes=1), end=now + timedelta(hours=2))
    client.force_login(staff)
    response = client.post(URL, phoned(dance))
    assert response.status_code == 409 and "už začal nebo proběhl" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_date_of_an_event_without_registration_is_refused(client, staff, make_series):
    occurrence = make_series("Senioři baví seniory", rule="", registration_required=False,
                             starts_on=timezone.localdate() + timedelta(days=3)).occurrences.get()
    client.force_login(staff)
    response = client.post(URL, phoned(occurrence))
    assert response.status_code == 409 and "není třeba přihlašovat" in response.content.decode()
