"""The demo programme as a senior meets it on a phone and on the noticeboard (issue 14, items 1, 2, 14).

Collection hours of the charity drives no longer push the events ten screens down, the printed
month fits on two A4 sheets, tags are large enough to read, and the site has its icon.
"""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Kind, Occurrence
from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="cs-CZ", base_url=live_server.url, viewport=PHONE, device_scale_factor=2, is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_first_event_is_within_two_screens_of_the_phone(phone, demo):
    assert Occurrence.objects.filter(series__kind=Kind.COLLECTION, start__gte=timezone.now()).count() > 30

    phone.goto("/")

    first_card = phone.locator("li.date-card").first
    assert "Sbírka" not in first_card.inner_text()
    box = first_card.bounding_box()
    assert box["y"] + box["height"] <= 2 * PHONE["height"], box
    # The collection points are one line a day, and that line leads to where to bring things.
    assert phone.locator(".collections-today").count() <= 32
    tag_size = phone.locator(".tag").first.evaluate("(tag) => parseFloat(getComputedStyle(tag).fontSize)")
    assert tag_size >= 18
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert_accessible(phone)

    phone.locator(".collections-today a").first.click()
    phone.wait_for_url(re.compile(r"/sbirky/\?den="))
    # The first line is today's while a point is still open today, else the next day's.
    heading = phone.locator("#open-on-day")
    assert re.fullmatch(r"Kam dnes věci odevzdat|Kam věci odevzdat – \w+ \d+\. \w+ \d{4}", heading.inner_text()), \
        heading.inner_text()
    assert heading.is_visible()
    assert phone.locator(".open-points li").count() >= 1
    assert_accessible(phone)


def months_of_demo():
    today = timezone.localdate()
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return [today.strftime("%Y-%m"), following.strftime("%Y-%m")]


def printed_pages(page):
    pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_printed_month_of_the_demo_programme_fits_two_a4_pages(page, demo):
    for month in months_of_demo():
        page.goto(f"/program/tisk/?month={month}")
        assert page.locator("tbody tr").count() > 0
        pages = printed_pages(page)
        assert 1 <= pages <= 2, f"{month}: {pages} pages"
    assert_accessible(page)

    # The collection hours come back when asked for, and then they would not fit.
    page.goto(f"/program/tisk/?month={months_of_demo()[0]}")
    page.get_by_label("Zahrnout otevírací hodiny sběrných míst sbírek").check()
    page.get_by_role("button", name="Zobrazit").click()
    page.wait_for_url(re.compile(r"collections=on"))
    assert page.get_by_text(re.compile("Ukliď šatník!|Nebuďme lhostejní")).count() > 20
    assert printed_pages(page) > 2


def test_a_full_date_and_a_venue_with_steps_say_so_on_the_phone(phone, demo):
    dance = (Occurrence.objects.filter(series__slug="oldies-goldies", start__gt=timezone.now())
             .order_by("start").first())
    Occurrence.objects.filter(pk=dance.pk).update(seats_taken=dance.capacity)
    venue = dance.place
    venue.step_free_access, venue.accessibility_note = False, "schody, výtah zde není"
    venue.save()

    phone.goto(dance.get_absolute_url())

    registration = phone.locator("section", has=phone.get_by_role("heading", name="Přihlášení"))
    assert registration.get_by_role("link", name="Na čekací listinu").is_visible()
    assert registration.get_by_text("Bezbariérový přístup: ne — schody, výtah zde není").is_visible()
    assert registration.get_by_role("link", name="Přihlásit se").count() == 0
    assert_accessible(phone)


def test_every_page_has_its_icon(page, demo):
    asked = []
    page.on("response", lambda response: asked.append((response.url, response.status))
            if "favicon" in response.url else None)
    page.goto("/")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(href).status == 200
    assert page.request.get("/favicon.ico").status == 200
    assert all(status == 200 for _url, status in asked), asked
