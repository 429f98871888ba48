"""Wherever the site says "call the department", it gives the number and when someone answers."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from config import errors
from events.context_processors import department_contact
from events.models import Occurrence

pytestmark = pytest.mark.django_db

PHONE_LINK = '<a href="tel:+420378033351" class="phone-number">378 033 351</a> (po–pá 8–15)'


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def test_the_footer_of_every_page_has_the_name_address_phone_hours_and_email(client, dance):
    for url in ("/", dance.get_absolute_url(), f"/termin/{dance.pk}/prihlasit/"):
        footer = client.get(url).content.decode().split('<footer class="site-footer">', 1)[1]
        assert "Odbor sociálních služeb Magistrátu města Plzně" in footer and "Martinská 2, 301 00 Plzeň" in footer
        assert PHONE_LINK in footer
        assert '<a href="mailto:socialnisluzby@plzen.eu">socialnisluzby@plzen.eu</a>' in footer


def test_one_setting_changes_the_number_everywhere(client, dance, settings):
    settings.SPOLU_DEPARTMENT_PHONE = "+420 377 111 222"
    settings.SPOLU_DEPARTMENT_HOURS = "po a st 8–17"
    page = client.get("/").content.decode()
    assert '<a href="tel:+420377111222" class="phone-number">+420 377 111 222</a> (po a st 8–17)' in page
    assert "378 033 351" not in page


def test_a_refusal_gives_the_number(client, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "1/hour"
    data = {"name": "Jana Nováková", "phone": "777 123 456", "seats": "1", "consent": "on"}
    client.post(f"/termin/{dance.pk}/prihlasit/", data)
    refused = client.post(f"/termin/{dance.pk}/prihlasit/", {**data, "phone": "777 123 457"})
    main = refused.content.decode().split("</main>")[0]
    assert refused.status_code == 429 and PHONE_LINK in main


def test_a_date_closed_for_registration_gives_the_number(client, dance):
    dance.series.registration_closes_hours_before = 10_000
    dance.series.save()
    page = client.get(f"/termin/{dance.pk}/prihlasit/").content.decode()
    main = page.split("</main>")[0]
    assert "Přihlašování na tento termín skončilo" in main and PHONE_LINK in main


def test_asking_for_the_ticket_again_without_an_email_tells_whom_to_call(client, dance):
    page = client.post(f"/termin/{dance.pk}/poslat-vstupenku/", {"name": "Jana Nováková", "phone": "777 123 456"})
    main = page.content.decode().split("</main>")[0]
    assert "Pokud jste se přihlásili bez e-mailu" in main and PHONE_LINK in main


def test_the_error_pages_give_the_number(client):
    assert PHONE_LINK in client.get("/zadna-takova-stranka/").content.decode()
    request = RequestFactory().get("/")
    assert PHONE_LINK in errors.unavailable(request).content.decode()


def test_the_500_page_gives_the_number_without_any_context(client):
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert '<a href="tel:+420378033351">378 033 351</a> (po–pá 8–15)' in page


def test_no_template_still_says_weekdays_8_to_15_without_the_number():
    root = Path(settings.BASE_DIR)
    stale = [str(path.relative_to(root)) for path in root.glob("*/templates/**/*.html")
             if "weekdays 8–15" in path.read_text() or "ve všední dny 8–15" in path.read_text()]
    stale += [str(path.relative_to(root)) for path in (root / "templates").glob("**/*.html")
              if "weekdays 8–15" in path.read_text() or "ve všední dny 8–15" in path.read_text()]
    assert stale == []


@pytest.mark.parametrize(("phone", "href"), [
    ("378 033 351", "tel:+420378033351"), ("+420 378 033 351", "tel:+420378033351"),
    ("00420 378 033 351", "tel:+420378033351"),
])
def test_the_number_is_dialled_from_a_phone_with_the_country_code(settings, phone, href):
    settings.SPOLU_DEPARTMENT_PHONE = phone
    assert department_contact()["phone_href"] == href


@pytest.mark.parametrize(("written", "czech", "english"), [
    ("po–pá 8–15", "po–pá 8–15", "Mon–Fri 8 a.m.–3 p.m."),
    ("mon-fri 8-15", "po–pá 8–15", "Mon–Fri 8 a.m.–3 p.m."),
    ("po–čt 8–17; pá 8–14:30", "po–čt 8–17; pá 8–14:30", "Mon–Thu 8 a.m.–5 p.m.; Fri 8 a.m.–2:30 p.m."),
    ("Po, St 8.30-12", "po, st 8:30–12", "Mon, Wed 8:30 a.m.–noon"),
    # Not days and times: shown as the office wrote it.
    ("po a st 8–17", "po a st 8–17", "po a st 8–17"),
])
def test_the_hours_are_said_in_the_language_of_the_page(settings, written, czech, english):
    from django.utils import translation

    settings.SPOLU_DEPARTMENT_HOURS = written
    with translation.override("cs"):
        assert department_contact()["hours"] == czech
    with translation.override("en"):
        assert department_contact()["hours"] == english


def test_an_english_page_says_when_someone_answers_in_english(client, dance):
    client.get("/jazyk/en/")
    footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert "378 033 351</a> (Mon–Fri 8 a.m.–3 p.m.)" in footer and "po–pá" not in footer


@pytest.mark.parametrize(("who", "offered"), [
    (None, False), ("stranger", False), ("organizer_b", False), ("organizer_a", True), ("staff", True),
])
def test_after_registration_closes_online_only_the_office_gets_the_form(client, dance, request, who, offered):
    """The office takes a phone call after registration closed online; the public page offers no form."""
    # The series closes 2 hours before the start: an hour before, it is closed online.
    Occurrence.objects.filter(pk=dance.pk).update(start=timezone.now() + timedelta(hours=1),
                                                  end=timezone.now() + timedelta(hours=4))
    if who:
        client.force_login(request.getfixturevalue(who))

    page = client.get(f"/termin/{dance.pk}/prihlasit/").content.decode().split("</main>")[0]

    assert ('<form method="post" class="form"' in page) is offered
    assert ("Přihlašování na tento termín skončilo" in page) is not offered
