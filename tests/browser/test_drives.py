"""Charity drives in real Chromium: the public page and the logging page pass axe, and both work by keyboard."""

import re

import pytest

from drives import services
from drives.models import Donation, Pledge
from tests.browser.accessibility import assert_accessible, assert_focus_visible, tab_to
from tests.browser.conftest import sign_in
from tests.drives.conftest import build_uklid_satnik, create_martinska, create_serikova

pytestmark = pytest.mark.browser


@pytest.fixture
def uklid_satnik(db, organizer_a, staff):
    drive = build_uklid_satnik(create_martinska(), create_serikova(), organizer_a)
    coats = drive.needs.get(name="Zimní bundy")
    services.log_donation(coats, point=drive.points.order_by("pk").first(), quantity=40, by=staff)
    services.make_pledge(coats, quantity=5)
    return drive


def test_the_list_and_the_drive_page_pass_axe_and_say_the_numbers(page, uklid_satnik):
    page.goto("/")
    page.locator('a[href="/sbirky/"]').first.click()
    page.wait_for_url(re.compile(r"/sbirky/$"))
    assert_accessible(page)

    page.goto(uklid_satnik.get_absolute_url())
    assert_accessible(page)
    coats = uklid_satnik.needs.get(name="Zimní bundy")
    bar = page.locator(f"#progress-{coats.pk}")
    assert bar.get_attribute("value") == "40" and bar.get_attribute("max") == "100"
    assert "40" in page.locator(f"#progress-text-{coats.pk}").inner_text()
    assert "100" in page.locator(f"#progress-text-{coats.pk}").inner_text()


def test_a_pledge_is_made_with_the_keyboard_only(page, uklid_satnik):
    blankets = uklid_satnik.needs.get(name="Deky")
    page.goto(uklid_satnik.get_absolute_url())

    tab_to(page, "#id_need", max_presses=120)
    page.keyboard.type("Deky")
    assert page.locator("#id_need").input_value() == str(blankets.pk)
    page.keyboard.press("Tab")
    assert_focus_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")  # submits the form, as a keyboard user expects

    page.locator(".message-success").wait_for()  # back on the drive's page, with the thank-you
    pledge = Pledge.objects.get(need=blankets)
    assert (pledge.quantity, pledge.status) == (2, "open")
    assert_accessible(page)


def test_a_refused_pledge_is_announced_and_the_page_stays_accessible(page, uklid_satnik):
    page.goto(uklid_satnik.get_absolute_url())
    page.locator("#id_need").select_option(label="Deky")
    page.locator("#id_quantity").fill("-3")
    page.locator("#id_quantity").press("Enter")

    page.locator("#pledge-error[role=alert]").wait_for()
    assert not Pledge.objects.filter(need__name="Deky").exists()
    assert_accessible(page)


def test_the_logging_page_passes_axe_and_logs_with_one_key_press(page, uklid_satnik, staff, live_server):
    point = uklid_satnik.points.order_by("pk").first()
    coats = uklid_satnik.needs.get(name="Zimní bundy")
    sign_in(page, staff).goto(f"/sprava/sbirky/{uklid_satnik.slug}/misto/{point.pk}/")
    assert_accessible(page)
    before = Donation.objects.count()

    tab_to(page, f'button[name="need{coats.pk}-preset"][value="5"]', max_presses=80)
    page.keyboard.press("Enter")

    page.locator(".message-success").wait_for()
    assert Donation.objects.count() == before + 1
    assert Donation.objects.order_by("-pk").first().quantity == 5
    assert_accessible(page)

    with page.expect_navigation():
        page.locator(f"#id_need{coats.pk}-amount").fill("12")
        page.locator(f"#id_need{coats.pk}-amount").press("Enter")  # the typed number, not the first preset button
    page.locator(".message-success").wait_for()
    assert Donation.objects.order_by("-pk").first().quantity == 12


def test_the_staff_overview_and_hours_pages_pass_axe(page, uklid_satnik, staff, live_server):
    sign_in(page, staff).goto(f"/sprava/sbirky/{uklid_satnik.slug}/")
    assert_accessible(page)
    page.goto(f"/sprava/sbirky/{uklid_satnik.slug}/hodiny/")
    assert_accessible(page)
