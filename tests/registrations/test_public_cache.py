"""Public pages come from the cache, but never show yesterday's free places."""

import pytest

from events.services import cancel_occurrence
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def fetch(client, url):
    counted = count_queries(client, url)
    return counted.response.content.decode(), counted


def test_a_repeated_visit_costs_one_query(client, oldies_goldies):
    first, cold = fetch(client, "/")
    second, warm = fetch(client, "/")
    assert first == second and "Oldies Goldies" in second
    assert warm == 1 < cold


def test_a_registration_shows_at_once_in_the_free_places(client, dance):
    from registrations.services import register

    page, _ = fetch(client, dance.get_absolute_url())
    assert "volných 40 z 40" in page
    register(dance, name="Jana", phone="777123456", seats=2)
    page, _ = fetch(client, dance.get_absolute_url())
    assert "volných 38 z 40" in page


def test_a_cancelled_date_shows_at_once(client, dance):
    fetch(client, "/")
    cancel_occurrence(dance, note="Nemoc kapely")
    page, _ = fetch(client, "/")
    assert "Zrušeno: Nemoc kapely" in page


def test_staff_always_get_a_fresh_page(client, staff, oldies_goldies):
    anonymous, _ = fetch(client, "/")
    assert "Administrace" not in anonymous
    client.force_login(staff)
    page, _ = fetch(client, "/")
    assert "Administrace" in page


def test_the_language_is_part_of_the_key(client, oldies_goldies):
    czech, _ = fetch(client, "/")
    client.get("/jazyk/en/", {"next": "/"})
    english, _ = fetch(client, "/")
    assert "Program pro seniory" in czech and "Programme for seniors" in english
