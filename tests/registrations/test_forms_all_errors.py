"""A senior who makes several mistakes sees them all after one submit, each next to its field."""

import re

import pytest
from django.core.cache import cache

from registrations.models import Person, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def register_url(occurrence):
    return f"/termin/{occurrence.pk}/prihlasit/"


def ids_in(page):
    return set(re.findall(r'\bid="([^"]+)"', page))


def described_by(page, field_id):
    tag = re.search(rf'<[^>]+\bid="{field_id}"[^>]*>', page).group(0)
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return match.group(1).split() if match else []


def test_every_mistake_comes_at_once_in_a_summary_linking_to_the_fields(client, dance):
    response = client.post(register_url(dance), {"name": "", "phone": "123", "email": "jana@", "seats": "1"})
    page = response.content.decode()

    assert response.status_code == 400
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Je potřeba opravit:" in summary
    for field, message in [
        ("id_name", "Napište prosím své jméno."),
        ("id_phone", "Telefonní číslo není platné"),
        ("id_email", "E-mailová adresa není platná"),
        ("id_consent", "Bez tohoto souhlasu vás nemůžeme přihlásit."),
    ]:
        assert f'href="#{field}"' in summary and message in summary, field
        assert message in page.split('class="error-summary"', 1)[1].split("</div>", 1)[1], "also at the field"
    assert not Registration.objects.exists() and not Person.objects.exists()


def test_no_contact_at_all_is_told_together_with_the_other_mistakes(client, dance):
    page = client.post(register_url(dance), {"name": "Jana Nováková", "phone": "", "email": "", "seats": "1"})
    text = page.content.decode()
    assert "Uveďte telefon nebo e-mail" in text and "Bez tohoto souhlasu" in text


def test_each_field_points_to_its_help_and_its_error_by_ids_that_exist(client, dance):
    page = client.post(register_url(dance), {"name": "", "phone": "123", "email": "", "seats": "1"}).content.decode()
    ids = ids_in(page)
    for field in ("id_name", "id_phone", "id_consent"):
        pointers = described_by(page, field)
        assert f"{field}_error" in pointers, field
        assert set(pointers) <= ids, (field, pointers)
    assert described_by(page, "id_phone") == ["id_phone_helptext", "id_phone_error"]
    assert 'aria-invalid="true"' in re.search(r'<input[^>]+id="id_phone"[^>]*>', page).group(0)


def test_the_help_texts_are_tied_to_their_fields_before_any_mistake(client, dance):
    page = client.get(register_url(dance)).content.decode()
    assert "error-summary" not in page
    for field in ("id_phone", "id_email", "id_seats"):
        pointers = described_by(page, field)
        assert pointers == [f"{field}_helptext"] and set(pointers) <= ids_in(page)


def test_the_summary_takes_the_focus_without_script_and_is_no_alert_list(client, dance):
    page = client.post(register_url(dance), {"name": "", "seats": "1"}).content.decode()
    tag = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert "autofocus" in tag and 'tabindex="-1"' in tag
    assert '<ul role="alert"' not in page and 'class="form-errors"' not in page
    assert "<title>Chyba:" in page


def test_what_was_typed_stays_after_a_mistake(client, dance):
    page = client.post(register_url(dance), {"name": "Jana Nováková", "phone": "777 123 456", "email": "",
                                             "seats": "2", "needs_note": "přijdu s holí"}).content.decode()
    assert 'value="Jana Nováková"' in page and 'value="777 123 456"' in page and "přijdu s holí" in page
    assert re.search(r'<option value="2" selected>', page)


def test_the_resend_form_also_shows_every_mistake_at_once(client, dance):
    response = client.post(f"/termin/{dance.pk}/poslat-vstupenku/", {"name": "", "phone": "12", "email": "x@"})
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    for field in ("id_name", "id_phone", "id_email"):
        assert f'href="#{field}"' in summary
        assert set(described_by(page, field)) <= ids_in(page)
