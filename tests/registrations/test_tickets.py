"""The ticket: an unguessable code that reads well aloud, and a QR that decodes to exactly it."""

import io
import math
import re
from datetime import UTC

import pytest
import zxingcpp
from PIL import Image

from registrations import qr
from registrations.codes import ALPHABET, LENGTH, clean_code, grouped, new_code
from registrations.services import RegistrationError, get_registration_by_code, regenerate_code, register

pytestmark = pytest.mark.django_db


def decode_png(data):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    return [result.text for result in results]


def test_codes_carry_over_100_bits_without_look_alike_characters():
    assert LENGTH * math.log2(len(ALPHABET)) >= 100
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", code) for code in codes)


def test_codes_are_read_in_groups_and_typed_back_in_any_form():
    code = new_code()
    spoken = grouped(code)
    assert re.fullmatch(r"(\w{3}-){6}\w{3}", spoken)
    assert clean_code(spoken.lower()) == code
    assert clean_code(" ".join(spoken.split("-"))) == code
    assert clean_code("ABC") == ""
    assert clean_code(code[:-1] + "0") == ""


def test_the_png_qr_decodes_to_the_code_alone():
    code = new_code()
    assert decode_png(qr.png(code)) == [code]


def test_the_svg_qr_is_an_svg_image():
    svg = qr.svg(new_code())
    assert svg.startswith("<svg") or "<svg" in svg[:200]


def test_the_ticket_page_shows_the_qr_and_the_code_large_and_nothing_private(client, dance):
    registration = register(dance, name="Jana Nováková", phone="777123456", email="jana@seznam.cz",
                            needs_note="Diabetička").registration
    response = client.get(registration.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and registration.display_code in page
    assert "Jana Nováková" in page and "Měšťanská beseda" in page and "18:00–21:00" in page
    for private in ("777123456", "+420777123456", "jana@seznam.cz", "Diabetička"):
        assert private not in page
    assert "Vytisknout vstupenku" in page and "Přidat do mého kalendáře" in page
    # A ticket code is often printed or forwarded: it must not open the person's other registrations.
    assert registration.person.token not in page and registration.person.feed_token not in page


def test_the_ticket_png_decodes_to_the_tickets_code(client, dance):
    registration = register(dance, name="Jana", phone="777123456").registration
    response = client.get(f"/vstupenka/{registration.code}/qr.png")
    assert response["Content-Type"] == "image/png"
    assert decode_png(response.content) == [registration.code]


def test_the_ticket_calendar_file_holds_the_date(client, dance):
    registration = register(dance, name="Jana", phone="777123456").registration
    response = client.get(f"/vstupenka/{registration.code}/termin.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "SUMMARY:Oldies Goldies" in body
    assert dance.start.astimezone(UTC).strftime("DTSTART:%Y%m%dT%H%M%SZ") in body


def test_an_unknown_code_is_a_czech_404(client):
    response = client.get("/vstupenka/AAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    with pytest.raises(RegistrationError) as refused:
        get_registration_by_code("nonsense")
    assert refused.value.status == 404 and "neznáme" in refused.value.message


def test_a_regenerated_code_replaces_the_old_one(client, dance):
    registration = register(dance, name="Jana", phone="777123456").registration
    old = registration.code
    regenerate_code(registration)
    assert registration.code != old
    assert client.get(f"/vstupenka/{old}/").status_code == 404
    assert client.get(f"/vstupenka/{registration.code}/").status_code == 200
