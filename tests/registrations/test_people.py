"""Who a person is: a name with a contact. Households share a phone; knowing a name and a phone opens nothing.

Stories of the office, an organizer and a stranger, through the service, the staff page and the API.
"""

import pytest
from rest_framework.test import APIClient

from registrations.models import Person, Registration
from registrations.services import PersonChoiceNeeded, RegistrationError, register

pytestmark = pytest.mark.django_db

STAFF_FORM = "/sprava/prihlasit/"
API = "/api/v1/registrations/"


def by_office(occurrence, user, **fields):
    return register(occurrence, source=Registration.Source.STAFF, entered_by=user, **fields)


def phoned(date, **changes):
    return {"occurrence": str(date.pk), "name": "Marie Pokorná", "phone": "377 456 789", "email": "",
            "seats": "1", "needs_note": "", **changes}


@pytest.fixture
def josef(dance):
    return register(dance, name="Josef Pokorný", phone="377 456 789").registration.person


# --- the office: one landline, two people ----------------------------------------------------


def test_the_office_is_asked_before_booking_the_wife_on_the_husbands_number(dance, staff, josef):
    with pytest.raises(PersonChoiceNeeded) as question:
        by_office(dance, staff, name="Marie Pokorná", phone="377456789")
    assert question.value.status == 409 and question.value.candidates == [josef]
    assert "Marie Pokorná" in question.value.message
    assert Person.objects.count() == 1 and Registration.objects.count() == 1

    marie = by_office(dance, staff, name="Marie Pokorná", phone="377456789", new_person=True).registration
    assert marie.person.name == "Marie Pokorná" and marie.person != josef
    assert marie.person.phone == josef.phone == "+420377456789"


def test_the_same_name_with_the_same_number_is_the_same_person_for_the_office(dance, staff, josef):
    again = by_office(dance, staff, name="josef pokorny", phone="377 456 789")
    assert not again.created and again.registration.person == josef
    assert Person.objects.count() == 1


def test_choosing_one_person_and_typing_another_name_asks_first(dance, staff, josef):
    with pytest.raises(PersonChoiceNeeded) as question:
        by_office(dance, staff, name="Marie Pokorná", phone="377456789", person_id=josef.pk)
    assert question.value.candidates == [josef]
    assert Registration.objects.count() == 1


def test_two_people_of_the_same_name_on_one_number_are_a_question_too(oldies_goldies, staff):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    father = by_office(first, staff, name="Jan Novák", phone="601000001").registration.person
    son = by_office(first, staff, name="Jan Novák", phone="601000001", new_person=True).registration.person
    with pytest.raises(PersonChoiceNeeded) as question:
        by_office(second, staff, name="Jan Novák", phone="601000001")
    assert question.value.candidates == [father, son]
    chosen = by_office(second, staff, name="Jan Novák", phone="601000001", person_id=son.pk).registration
    assert chosen.person == son


def test_department_staff_complete_a_missing_e_mail_but_never_overwrite_one(dance, staff, josef):
    by_office(dance, staff, name="Josef Pokorný", phone="377456789", email="josef@seznam.cz")
    josef.refresh_from_db()
    assert josef.email == "josef@seznam.cz"
    by_office(dance, staff, name="Josef Pokorný", phone="377456789", email="jiny@seznam.cz", person_id=josef.pk)
    josef.refresh_from_db()
    assert josef.email == "josef@seznam.cz"


def test_on_the_staff_page_the_wife_is_registered_after_choosing_new_person(client, staff, dance, josef):
    client.force_login(staff)
    asked = client.post(STAFF_FORM, phoned(dance))
    page = asked.content.decode()
    assert asked.status_code == 409
    assert "Kdo se přihlašuje?" in page and "Josef Pokorný" in page and 'value="new"' in page
    assert 'value="Marie Pokorná"' in page  # what was typed stays
    assert Registration.objects.count() == 1

    done = client.post(STAFF_FORM, phoned(dance, who="new"))
    assert done.status_code == 302
    assert sorted(Registration.objects.values_list("person__name", flat=True)) == ["Josef Pokorný", "Marie Pokorná"]


def test_on_the_staff_page_choosing_the_husband_registers_him(client, staff, oldies_goldies, josef):
    second = oldies_goldies.occurrences.order_by("start")[1]
    client.force_login(staff)
    response = client.post(STAFF_FORM, phoned(second, name="Josef Pokorný", who=str(josef.pk)))
    assert response.status_code == 302
    assert Registration.objects.get(occurrence=second).person == josef


@pytest.mark.parametrize("who", ["99999999999999999999999", "１２", "nikdo", "-5"])
def test_a_nonsense_answer_to_who_is_it_asks_again_and_saves_nothing(client, staff, dance, josef, who):
    client.force_login(staff)
    response = client.post(STAFF_FORM, phoned(dance, who=who))
    assert response.status_code == 409 and "Kdo se přihlašuje?" in response.content.decode()
    assert Registration.objects.count() == 1


def test_both_of_a_household_register_on_the_website_from_their_one_pc(client, dance):
    for name in ("Josef Pokorný", "Marie Pokorná"):
        response = client.post(f"/termin/{dance.pk}/prihlasit/", {
            "name": name, "phone": "377 456 789", "email": "", "seats": "1", "consent": "on"})
        assert response.status_code == 302
        assert name in client.get(response["Location"]).content.decode()
    assert sorted(Registration.objects.values_list("person__name", flat=True)) == ["Josef Pokorný", "Marie Pokorná"]


def test_the_api_asks_staff_to_choose_and_lists_the_candidates(staff, dance, josef):
    api = APIClient()
    api.force_login(staff)
    data = {"occurrence": dance.pk, "name": "Marie Pokorná", "phone": "377456789"}
    asked = api.post(API, data, format="json")
    assert asked.status_code == 409 and asked.json()["code"] == "choose_person"
    assert asked.json()["candidates"] == [
        {"id": josef.pk, "name": "Josef Pokorný", "phone": "+420377456789", "email": ""}]
    assert api.post(API, {**data, "new_person": True}, format="json").status_code == 201
    assert Person.objects.count() == 2


# --- an organizer sees only the people of their own series -----------------------------------


@pytest.fixture
def workshop_only(nedam_se):
    """Someone registered only for Nedám se!, the series of organizer B."""
    date = nedam_se.occurrences.order_by("start").first()
    return register(date, name="Alena Tichá", phone="601222333", email="alena@seznam.cz",
                    source=Registration.Source.STAFF).registration.person


@pytest.mark.parametrize("name", ["Kdokoli", "Alena Tichá"])
def test_an_organizer_learns_nothing_about_people_of_another_series(dance, organizer_a, workshop_only, name):
    before = Person.objects.values().get(pk=workshop_only.pk)
    outcome = by_office(dance, organizer_a, name=name, phone="601 222 333", email="organizator@example.org")
    # A new person: not Alena, and nothing of Alena's is shown, asked about or changed.
    assert outcome.created and outcome.registration.person != workshop_only
    assert outcome.registration.person.name == name
    assert Person.objects.values().get(pk=workshop_only.pk) == before


def test_an_organizer_is_asked_about_people_of_their_own_series_only(dance, organizer_a, workshop_only, josef):
    with pytest.raises(PersonChoiceNeeded) as question:
        by_office(dance, organizer_a, name="Marie Pokorná", phone="377456789")
    assert question.value.candidates == [josef]


def test_an_organizer_cannot_pick_someone_from_another_series(dance, organizer_a, workshop_only):
    with pytest.raises(RegistrationError) as refused:
        by_office(dance, organizer_a, name="Alena Tichá", phone="601222333", person_id=workshop_only.pk)
    assert refused.value.code == "unknown_person" and refused.value.status == 400
    assert not Registration.objects.filter(occurrence=dance).exists()


def test_an_organizer_does_not_add_contacts_to_people_of_their_series(dance, organizer_a, josef):
    by_office(dance, organizer_a, name="Josef Pokorný", phone="377456789", email="organizator@example.org")
    josef.refresh_from_db()
    assert josef.email == ""


# --- the public side ---------------------------------------------------------------------------


def test_the_api_gives_a_visitor_with_a_seniors_name_and_phone_a_new_registration_only(dance, josef):
    api = APIClient()
    answer = api.post(API, {"occurrence": dance.pk, "name": "Josef Pokorný", "phone": "377456789",
                            "email": "cizi@example.org"}, format="json")
    assert answer.status_code == 201
    original = josef.registrations.get()
    assert answer.json()["code"] != original.code
    josef.refresh_from_db()
    assert josef.email == "" and josef.registrations.count() == 1


def test_a_retry_with_the_same_idempotency_key_answers_the_first_registration(dance):
    api = APIClient()
    data = {"occurrence": dance.pk, "name": "Jana Nováková", "phone": "777123456"}
    key = {"HTTP_IDEMPOTENCY_KEY": "4f1c2a7e-0b7d-4c59-9d2e-8f3a1b6c5d40"}
    first = api.post(API, data, format="json", **key)
    retry = api.post(API, data, format="json", **key)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["code"] == first.json()["code"] and Registration.objects.count() == 1
    # The same key with someone else's details is another registration, not a way into the first.
    other = api.post(API, {**data, "name": "Eva Malá"}, format="json", **key)
    assert other.status_code == 201 and other.json()["code"] != first.json()["code"]


@pytest.mark.parametrize("key", ["short", "x" * 201, "klíč-s-diakritikou-123"])
def test_an_idempotency_key_that_could_be_guessed_is_refused(dance, key):
    answer = APIClient().post(API, {"occurrence": dance.pk, "name": "Jana", "phone": "777123456"}, format="json",
                              HTTP_IDEMPOTENCY_KEY=key.encode().decode("latin-1"))
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_idempotency_key"
    assert not Registration.objects.exists()
