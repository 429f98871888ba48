"""The ticket page says where the ticket went, or that nothing was sent and to print or write down the code."""

import re

import pytest
from django.core.cache import cache

from registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def register(client, occurrence, **changes):
    data = {"name": "Marie Nováková", "phone": "", "email": "", "seats": "1", "consent": "on", **changes}
    response = client.post(f"/termin/{occurrence.pk}/prihlasit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_the_ticket_says_to_which_address_it_was_sent_without_showing_all_of_it(client, dance):
    page = register(client, dance, email="marie.novakova@seznam.cz")
    assert "Vstupenku jsme poslali e-mailem na m…@seznam.cz." in page
    assert "marie.novakova@seznam.cz" not in page
    assert "nic neposlali" not in page


def test_with_only_a_phone_the_ticket_says_nothing_was_sent_and_shows_the_code_large(client, dance):
    page = register(client, dance, phone="777 123 456")
    registration = Registration.objects.get()
    assert "Neuvedli jste e-mail, a tak jsme vám nic neposlali." in page
    assert "Vytiskněte si tuto vstupenku, nebo si opište její kód" in page
    assert "poslali e-mailem" not in page
    code_line = re.search(r'<p class="ticket-code-line ticket-code-large">.*?</p>', page, re.S).group(0)
    assert "Kód vstupenky" in code_line
    assert f'<span class="ticket-code">{registration.display_code}</span>' in code_line
    assert re.fullmatch(r"([A-Z2-9]{3}-){6}[A-Z2-9]{3}", registration.display_code)


def test_on_the_waiting_list_the_page_says_where_the_confirmation_went(client, small_workshop):
    register(client, small_workshop, phone="601000001", seats="2")
    register(client, small_workshop, phone="601000002")
    page = register(client, small_workshop, email="jan.kral@gmail.com")
    assert "Jste na čekací listině" in page
    assert "Potvrzení jsme poslali e-mailem na j…@gmail.com; až dostanete místo, přijde tam i vstupenka." in page


def test_on_the_waiting_list_with_only_a_phone_the_page_says_the_department_calls(client, small_workshop):
    register(client, small_workshop, phone="601000001", seats="2")
    register(client, small_workshop, phone="601000002")
    page = register(client, small_workshop, phone="601000003")
    assert "Neuvedli jste e-mail, a tak jsme nic neposlali: až dostanete místo, zavolá vám odbor." in page
