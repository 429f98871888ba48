"""A mistyped e-mail domain gets a suggestion next to the field; the person may take it or keep what they typed."""

import re

import pytest
from django.core.cache import cache

from registrations.email_hints import masked, suggest
from registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def form_data(**changes):
    return {"name": "Jana Nováková", "phone": "", "email": "jana@seznam.cz", "seats": "1", "consent": "on", **changes}


def register_url(occurrence):
    return f"/termin/{occurrence.pk}/prihlasit/"


@pytest.mark.parametrize(("typed", "meant"), [
    ("gmial.com", "gmail.com"), ("seznam.cy", "seznam.cz"), ("centrum.c", "centrum.cz"), ("emial.cz", "email.cz"),
    ("seznma.cz", "seznam.cz"), ("SEZNAM.CY", "seznam.cz"), ("gmail.cz", "gmail.com"), ("seznam.com", "seznam.cz"),
    ("hotmial.com", "hotmail.com"), ("gmail.con", "gmail.com"), ("quik.cz", "quick.cz"), ("tiscali.c", "tiscali.cz"),
    ("outlok.com", "outlook.com"), ("icloud.cz", "icloud.com"), ("volny.cu", "volny.cz"), ("atlas.c", "atlas.cz"),
])
def test_a_common_domain_mistyped_gets_its_fix(typed, meant):
    assert suggest(f"jana.novakova@{typed}") == f"jana.novakova@{meant}"


@pytest.mark.parametrize("domain", [
    "seznam.cz", "email.cz", "gmail.com", "post.cz", "plzen.eu", "mail.com", "outlook.cz", "centrum.sk", "yahoo.de",
    "firma-novak.cz", "zcu.cz",
])
def test_a_right_or_unknown_domain_gets_no_suggestion(domain):
    assert suggest(f"jana@{domain}") is None


def test_an_address_is_masked_for_the_ticket_page():
    assert masked("marie.novakova@seznam.cz") == "m…@seznam.cz"


def test_a_mistyped_domain_is_shown_with_the_fix_and_nothing_is_registered_yet(client, dance):
    response = client.post(register_url(dance), form_data(email="jana@seznma.cz"))
    page = response.content.decode()

    assert response.status_code == 200 and not Registration.objects.exists()
    assert "Zkontrolujte prosím:" in page and "Je potřeba opravit" not in page
    hint = page.split('id="id_email_hint"', 1)[1].split("</form>", 1)[0]
    assert "Mysleli jste jana@seznam.cz?" in hint and "Ano, použít jana@seznam.cz" in hint
    email_input = re.search(r'<input[^>]+id="id_email"[^>]*>', page).group(0)
    assert 'value="jana@seznma.cz"' in email_input
    assert 'aria-describedby="id_email_helptext id_email_hint"' in email_input


def test_keeping_the_typed_address_and_submitting_again_registers_it(client, dance):
    client.post(register_url(dance), form_data(email="jana@seznma.cz"))
    response = client.post(register_url(dance), form_data(email="jana@seznma.cz", email_checked="jana@seznma.cz"))
    assert response.status_code == 302
    assert Registration.objects.get().person.email == "jana@seznma.cz"


def test_ticking_the_suggestion_registers_the_fixed_address(client, dance):
    response = client.post(register_url(dance), form_data(
        email="jana@gmial.com", email_checked="jana@gmial.com", use_suggestion="on",
    ))
    assert response.status_code == 302
    assert Registration.objects.get().person.email == "jana@gmail.com"


def test_another_mistyped_address_after_the_hint_gets_its_own_hint(client, dance):
    response = client.post(register_url(dance), form_data(email="jana@gmial.com", email_checked="jana@seznma.cz"))
    assert response.status_code == 200 and "Mysleli jste jana@gmail.com?" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_hint_comes_together_with_other_mistakes(client, dance):
    page = client.post(register_url(dance), form_data(email="jana@seznam.cy", consent="")).content.decode()
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Bez tohoto souhlasu" in summary and "Mysleli jste jana@seznam.cz?" in summary
    assert 'aria-describedby="id_email_helptext id_email_hint"' in page


def test_an_address_without_a_domain_ending_is_a_mistake_with_the_hint(client, dance):
    page = client.post(register_url(dance), form_data(email="jana@seznam")).content.decode()
    assert "E-mailová adresa není platná" in page and "Mysleli jste jana@seznam.cz?" in page
    email_input = re.search(r'<input[^>]+id="id_email"[^>]*>', page).group(0)
    assert 'aria-describedby="id_email_helptext id_email_error id_email_hint"' in email_input
    assert 'name="use_suggestion"' not in page  # the address must be fixed in the field itself
