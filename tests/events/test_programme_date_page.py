"""A date's page as a senior meets it: the button says what will happen, a place with steps says so
before anyone sets out, and the English pages read as English (issue 14, items 2, 13 and 14)."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Occurrence, Venue

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def registration_section(page):
    return page.split('id="registration-heading"')[1].split("</section>")[0]


@pytest.fixture
def full_dance(dance):
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=dance.capacity)
    return dance


def test_an_open_date_with_free_places_offers_to_register(client, dance):
    section = registration_section(text_of(client.get(dance.get_absolute_url())))
    assert ">Přihlásit se</a>" in section


def test_a_full_date_with_a_waiting_list_offers_the_waiting_list(client, full_dance):
    section = registration_section(text_of(client.get(full_dance.get_absolute_url())))
    assert ">Na čekací listinu</a>" in section
    assert "Přihlásit se" not in section


def test_a_full_date_without_a_waiting_list_says_full_and_offers_no_link(client, full_dance, oldies_goldies):
    oldies_goldies.waiting_list = False
    oldies_goldies.save()
    section = registration_section(text_of(client.get(full_dance.get_absolute_url())))
    assert 'aria-disabled="true">Plno</span>' in section
    assert reverse("registrations:register", args=[full_dance.pk]) not in section
    assert "Přihlásit se" not in section


@pytest.fixture
def upstairs(oldies_goldies):
    venue = Venue.objects.create(
        name="Kulturní dům Šeříková", slug="kd-serikova", street="Šeříková 17", postal_code="301 00",
        step_free_access=False, accessibility_note="schody, výtah zde není",
    )
    oldies_goldies.venue = venue
    oldies_goldies.save()
    return venue


def test_a_venue_without_step_free_access_says_so_before_the_button(client, dance, upstairs):
    page = text_of(client.get(dance.get_absolute_url()))
    section = registration_section(page)
    warning = "Bezbariérový přístup: ne — schody, výtah zde není"
    assert warning in section
    assert section.index(warning) < section.index(">Přihlásit se</a>")
    where = page.split("<dt>Kde</dt>")[1].split("</dd>")[0]
    assert "Kulturní dům Šeříková" in where and warning in where


def test_without_a_note_the_warning_still_says_no_step_free_access(client, dance, upstairs):
    upstairs.accessibility_note = ""
    upstairs.save()
    section = registration_section(text_of(client.get(dance.get_absolute_url())))
    assert "Bezbariérový přístup: ne" in section and "—" not in section.split("Bezbariérový přístup: ne")[1][:3]


def test_a_step_free_venue_shows_no_warning(client, dance):
    assert "Bezbariérový přístup: ne" not in text_of(client.get(dance.get_absolute_url()))


def in_english(client):
    client.get(reverse("events:switch_language", kwargs={"code": "en"}), {"next": "/"})
    return client


def test_english_dates_read_naturally(client, dance, oldies_goldies):
    in_english(client)
    start = timezone.localtime(dance.start)
    long = f"{start:%A} {start.day} {start:%B %Y}"  # Wednesday 9 December 2026

    programme = text_of(client.get("/"))
    assert f">{long}</h2>" in programme
    assert f"{start:%A} {start.day}. " not in programme
    assert f"{long}, 18:00–21:00" in text_of(client.get(dance.get_absolute_url()))
    assert f"{long}, 18:00" in text_of(client.get(oldies_goldies.get_absolute_url()))


def test_czech_dates_stay_czech(client, dance):
    start = timezone.localtime(dance.start)
    assert f"Středa {start.day}. " in text_of(client.get("/"))


def test_english_pages_name_the_target_groups_in_english(client, oldies_goldies, disabled):
    oldies_goldies.audiences.add(disabled)
    in_english(client)
    page = text_of(client.get("/"))
    assert '<span class="tag">seniors</span><span class="tag">people with disabilities</span>' in page
    options = re.findall(r"<option[^>]*>(.*?)</option>", page)
    assert "seniors" in options and "dance evening" in options
    assert "senioři" not in page and "zdravotně postižení" not in page


def test_czech_pages_show_the_target_groups_as_the_department_named_them(client, oldies_goldies, seniors):
    seniors.name = "senioři a seniorky"
    seniors.save()
    assert '<span class="tag">senioři a seniorky</span>' in text_of(client.get("/"))


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_programme_pages_have_no_czech_in_english_or_english_in_czech(client, dance, oldies_goldies, language):
    if language == "en":
        in_english(client)
    for url in ("/", oldies_goldies.get_absolute_url(), dance.get_absolute_url(), reverse("events:print_month")):
        page = text_of(client.get(url))
        words = ("Přihlásit", "Termíny od", "Zbývá", "Bezbariérový", "senioři", "Program:") if language == "en" \
            else ("Register", "Dates from", "places left", "Step-free", "seniors", "Programme:")
        assert not [word for word in words if word in page], url


def test_favicon_answers_on_every_page_and_every_page_points_to_it(client, dance):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for url in ("/", dance.get_absolute_url(), reverse("events:print_month"), "/sbirky/"):
        assert re.search(r'<link rel="icon" href="/static/favicon[^"]*\.ico"', client.get(url).content.decode()), url
