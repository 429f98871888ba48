"""The organizer prints the door list before the dance, and types its ticks in afterwards, in real Chromium."""

import re

import pytest

from events.models import Occurrence
from registrations.models import Registration, Scan
from registrations.services import register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SURNAMES = ["Novák", "Hrubý", "Chalupa", "Cibulka", "Čermák", "Dvořák", "Šimek", "Žák", "Svoboda", "Adamec"]


@pytest.fixture
def full_evening(dance):
    """Sixty people for the dance, enough for two printed pages, and two on the waiting list."""
    Occurrence.objects.filter(pk=dance.pk).update(capacity=70)
    dance.refresh_from_db()
    registrations = [
        register(dance, name=f"Host{number} {SURNAMES[number % len(SURNAMES)]}", phone=f"60300{number:04d}",
                 seats=1 + number % 2, needs_wheelchair=number % 7 == 0, needs_hearing=number % 5 == 0,
                 needs_note="potřebuje židli u dveří" if number % 9 == 0 else "",
                 source=Registration.Source.STAFF).registration
        for number in range(48)
    ]
    return registrations


def test_the_door_list_prints_on_a4_in_large_type_without_the_menu(page, organizer_a, dance, full_evening):
    sign_in(page, organizer_a, next=f"/sprava/termin/{dance.pk}/")
    page.get_by_role("link", name="Seznam u vchodu k tisku").click()
    page.wait_for_url(re.compile(r"/seznam-u-vchodu/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Seznam u vchodu: Oldies Goldies"
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".staff-nav").is_visible()
    assert page.locator(".sheet-running").first.is_visible()  # the date at the top of every printed page
    sizes = page.evaluate("""() => [...document.querySelectorAll('.sheet-table td')]
        .map((cell) => parseFloat(getComputedStyle(cell).fontSize))""")
    assert min(sizes) >= 18
    box = page.locator(".tick-box").first.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2


def test_the_ticks_are_typed_in_without_javascript(browser, live_server, organizer_a, dance, full_evening):
    context = browser.new_context(locale="cs-CZ", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, organizer_a, next=f"/sprava/termin/{dance.pk}/seznam-u-vchodu/odskrtnuti/")
        first, second = full_evening[0], full_evening[1]
        page.get_by_label(first.person.name.split()[1] + " " + first.person.name.split()[0], exact=True).check()
        page.get_by_label(f"Čas příchodu: {first.person.name}").fill("18:05")
        page.get_by_label(second.person.name.split()[1] + " " + second.person.name.split()[0], exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Uložit odškrtnutí").click()
        assert "Odbaveno z papírového seznamu: 2 přihlášky, 3 osoby." in page.locator("main").inner_text()
        assert Scan.objects.filter(status=Scan.Status.OK, registration__in=[first, second]).count() == 2
    finally:
        context.close()


def test_the_ticks_form_is_accessible(page, organizer_a, dance, full_evening):
    sign_in(page, organizer_a, next=f"/sprava/termin/{dance.pk}/seznam-u-vchodu/odskrtnuti/")
    assert_accessible(page)
