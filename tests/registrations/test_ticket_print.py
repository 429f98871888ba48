"""The printed ticket carries what a senior needs with the paper in hand, and printing needs no JavaScript."""

import re

import pytest
from django.core.cache import cache

from registrations.models import Registration
from registrations.services import cancel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def ticket(client, dance):
    dance.series.price_note = "vstupné 50 Kč, senioři zdarma"
    dance.series.save()
    venue = dance.place
    venue.accessibility_note = "Do sálu vede výtah z dvora; vchod pro vozíčkáře je vlevo od hlavních dveří."
    venue.save()
    response = client.post(f"/termin/{dance.pk}/prihlasit/", {
        "name": "Marie Nováková", "phone": "777 123 456", "email": "", "seats": "2", "consent": "on",
    })
    assert response.status_code == 302
    return Registration.objects.get()


def print_url(registration):
    return f"/vstupenka/{registration.code}/tisk/"


def test_print_the_ticket_is_a_link_to_the_print_view_not_a_script_button(client, ticket):
    page = client.get(ticket.get_absolute_url()).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)">Vytisknout vstupenku</a>', page)
    assert link and link.group(1) == print_url(ticket)
    assert "data-print>Vytisknout vstupenku" not in page


def test_the_printed_ticket_has_the_code_time_place_price_entrance_cancel_and_phone(client, ticket, dance):
    response = client.get(print_url(ticket))
    page = response.content.decode()
    printed = page.split('<article class="ticket ticket-printed"', 1)[1].split("</article>", 1)[0]

    assert response.status_code == 200
    assert "<svg" in printed and f'<span class="ticket-code">{ticket.display_code}</span>' in printed
    assert "Oldies Goldies" in printed and "Marie Nováková" in printed
    assert "18:00–21:00" in printed and "Měšťanská beseda, Kopeckého sady 13" in printed
    assert "<dt>Cena</dt><dd>vstupné 50 Kč, senioři zdarma</dd>" in printed
    assert "Bezbariérový přístup. Do sálu vede výtah z dvora; vchod pro vozíčkáře je vlevo" in printed
    assert f"Přihlášku zrušte na adrese http://testserver/vstupenka/{ticket.code}/zrusit/" in printed
    assert '<a href="tel:+420378033351" class="phone-number">378 033 351</a> (po–pá 8–15)' in printed
    assert "<dt>Místa</dt><dd>2</dd>" in printed


def test_the_print_view_opens_the_print_dialogue_from_a_static_file_only(client, ticket):
    page = client.get(print_url(ticket)).content.decode()
    assert re.search(r'<script src="/static/js/ticket_print[^"]*\.js" defer></script>', page)
    assert "<script>" not in page and "onclick" not in page
    assert "Ctrl+P" in page  # without JavaScript the page says how to print


def test_a_venue_without_step_free_access_says_so_on_paper(client, ticket):
    venue = ticket.occurrence.place
    venue.step_free_access = False
    venue.accessibility_note = "Do sálu v 1. patře vedou schody se zábradlím; výtah zde není."
    venue.save()
    page = client.get(print_url(ticket)).content.decode()
    assert "Bez bezbariérového přístupu. Do sálu v 1. patře vedou schody se zábradlím; výtah zde není." in page


def test_no_price_note_no_price_line(client, ticket):
    ticket.occurrence.series.price_note = ""
    ticket.occurrence.series.save()
    assert "<dt>Cena</dt>" not in client.get(print_url(ticket)).content.decode()


def test_a_cancelled_registration_has_no_ticket_to_print(client, ticket):
    cancel(ticket)
    response = client.get(print_url(ticket))
    assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()


def test_an_unknown_code_prints_nothing(client, db):
    assert client.get("/vstupenka/ABCDEFGHJKMNPQRSTUVWX/tisk/").status_code == 404


def test_staff_print_a_phoned_in_ticket_with_one_press(client, staff, ticket):
    client.force_login(staff)
    page = client.get(f"/sprava/prihlaska/{ticket.pk}/").content.decode()
    assert f'href="{print_url(ticket)}">Vytisknout vstupenku</a>' in page
