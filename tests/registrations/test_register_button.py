"""The button of the registration form says what pressing it does: on a full date with a waiting
list it puts the person on the waiting list, as the date's page said ("Na čekací listinu")."""

import re

import pytest
from django.core.cache import cache

from registrations.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def button_of(page):
    return re.search(r'<button type="submit" class="button-large">([^<]*)</button>', page).group(1)


@pytest.fixture
def full_workshop(small_workshop):
    register(small_workshop, name="Eva Svobodová", phone="601000001", seats=2)
    register(small_workshop, name="Petr Malý", phone="601000002")
    small_workshop.refresh_from_db()
    assert not small_workshop.has_free_places
    return small_workshop


def test_a_date_with_free_places_says_register(client, dance):
    assert button_of(client.get(f"/termin/{dance.pk}/prihlasit/").content.decode()) == "Přihlásit se"


def test_a_full_date_with_a_waiting_list_says_join_the_waiting_list(client, full_workshop):
    page = client.get(f"/termin/{full_workshop.pk}/prihlasit/").content.decode()
    assert button_of(page) == "Přihlásit se na čekací listinu"
    date_page = client.get(full_workshop.get_absolute_url()).content.decode()
    assert "Na čekací listinu" in date_page


def test_the_email_hint_names_the_same_button(client, full_workshop):
    data = {"name": "Jana Nováková", "email": "jana@seznma.cz", "seats": "1", "consent": "on"}
    page = client.post(f"/termin/{full_workshop.pk}/prihlasit/", data).content.decode()
    assert button_of(page) == "Přihlásit se na čekací listinu"
    assert "stiskněte znovu „Přihlásit se na čekací listinu“" in page


def test_in_english_the_button_says_join_the_waiting_list(client, full_workshop):
    client.get("/jazyk/en/")
    page = client.get(f"/termin/{full_workshop.pk}/prihlasit/").content.decode()
    assert button_of(page) == "Join the waiting list"
