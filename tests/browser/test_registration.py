"""A senior registers on the public page in real Chromium, gets the ticket, and its QR decodes."""

import re

import pytest
import zxingcpp
from PIL import Image

from registrations.models import Registration
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_senior_registers_and_the_ticket_qr_decodes_to_the_code(page, dance, tmp_path):
    page.goto(dance.get_absolute_url())
    page.get_by_role("link", name="Přihlásit se").click()
    assert_accessible(page)
    page.get_by_label("Jméno a příjmení").fill("Jana Nováková")
    page.get_by_label("Telefon").fill("777 123 456")
    page.get_by_label("Kolik míst").select_option("2")
    page.get_by_label("Přijedu na vozíku").check()
    page.get_by_label("Souhlasím, aby odbor uchoval").check()
    page.get_by_role("button", name="Přihlásit se").click()

    page.wait_for_url(re.compile(r"/vstupenka/\w+/$"))
    registration = Registration.objects.get()
    assert registration.is_confirmed and registration.seats == 2 and registration.needs_wheelchair
    assert page.get_by_text("Jste přihlášeni").is_visible()
    assert page.locator(".ticket-code").inner_text() == registration.display_code
    assert_accessible(page)

    shot = tmp_path / "ticket-qr.png"
    page.locator(".ticket-qr svg").screenshot(path=str(shot))
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(shot))]
    assert decoded == [registration.code]


def test_a_mistake_is_shown_next_to_the_form_and_the_typed_name_stays(page, dance):
    page.goto(f"/termin/{dance.pk}/prihlasit/")
    page.get_by_label("Jméno a příjmení").fill("Jana Nováková")
    page.get_by_label("Telefon").fill("123")
    page.get_by_label("Souhlasím, aby odbor uchoval").check()
    page.get_by_role("button", name="Přihlásit se").click()
    assert page.get_by_text("Telefonní číslo není platné").first.is_visible()
    assert page.get_by_label("Jméno a příjmení").input_value() == "Jana Nováková"
    assert not Registration.objects.exists()
    assert_accessible(page)
