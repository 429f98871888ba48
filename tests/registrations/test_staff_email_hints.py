"""The office typing an e-mail a caller spells out gets the same second look at a mistyped domain as
the public form (registrations.email_hints.suggest): a hint to read back, never a refusal."""

import re

import pytest
from django.core.cache import cache

from registrations.models import Registration

pytestmark = pytest.mark.django_db

URL = "/sprava/prihlasit/"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def office(client, staff):
    client.force_login(staff)
    return client


def typed(dance, **changes):
    return {"occurrence": dance.pk, "name": "Jana Nováková", "phone": "", "email": "jana@seznam.cz", "seats": "1",
            **changes}


def test_a_mistyped_domain_is_shown_with_the_fix_and_nobody_is_registered_yet(office, dance):
    response = office.post(URL, typed(dance, email="jana@seznma.cz"))
    page = response.content.decode()

    assert response.status_code == 200 and not Registration.objects.exists()
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Zkontrolujte prosím:" in summary and 'href="#id_email"' in summary
    assert "Mysleli jste jana@seznam.cz?" in summary
    hint = page.split('id="id_email_hint"', 1)[1].split("</fieldset>", 1)[0]  # under the e-mail field
    assert "Mysleli jste jana@seznam.cz?" in hint and "Ano, použít jana@seznam.cz" in hint
    assert "stiskněte znovu „Přihlásit tohoto člověka“" in hint
    email_input = re.search(r'<input[^>]+id="id_email"[^>]*>', page).group(0)
    assert 'value="jana@seznma.cz"' in email_input
    assert 'aria-describedby="id_email_helptext id_email_hint"' in email_input
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert {"id_email_helptext", "id_email_hint"} <= ids


def test_ticking_the_fix_registers_the_corrected_address(office, dance):
    response = office.post(URL, typed(dance, email="jana@gmial.com", email_checked="jana@gmial.com",
                                      use_suggestion="on"))
    assert response.status_code == 302
    assert Registration.objects.get().person.email == "jana@gmail.com"


def test_keeping_the_typed_address_registers_it_as_typed(office, dance):
    office.post(URL, typed(dance, email="jana@seznma.cz"))
    response = office.post(URL, typed(dance, email="jana@seznma.cz", email_checked="jana@seznma.cz"))
    assert response.status_code == 302
    assert Registration.objects.get().person.email == "jana@seznma.cz"


def test_the_hint_comes_together_with_other_mistakes(office, dance):
    response = office.post(URL, typed(dance, name="", email="jana@seznam.cy"))
    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Je potřeba opravit:" in summary and 'href="#id_name"' in summary
    assert "Mysleli jste jana@seznam.cz?" in summary


def test_a_right_address_goes_straight_through(office, dance):
    assert office.post(URL, typed(dance)).status_code == 302
