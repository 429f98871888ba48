"""A senior on a library PC: the public programme in real Chromium, by keyboard, checked by axe-core.

To check another page, add it to PAGES: a name, how to get its address from the demo
programme, and the HTTP status it should answer with.
"""

import re
from datetime import date, time, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import F
from django.utils import timezone

from events.models import Kind, Occurrence
from tests.browser.accessibility import assert_accessible, assert_focus_visible, tab_to

pytestmark = pytest.mark.browser

CZECH_DAYS = ["Pondělí", "Úterý", "Středa", "Čtvrtek", "Pátek", "Sobota", "Neděle"]
CZECH_MONTHS_OF = [
    "ledna", "února", "března", "dubna", "května", "června",
    "července", "srpna", "září", "října", "listopadu", "prosince",
]


def czech_day_heading(day):
    return f"{CZECH_DAYS[day.weekday()]} {day.day}. {CZECH_MONTHS_OF[day.month - 1]} {day.year}"


def next_weekday(weekday):
    today = date.today()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


@pytest.fixture
def plzen(make_series, oldies_goldies, disabled):
    """Three events of the coming weeks: dances and a workshop for seniors, a course for others.

    The first dance evening is full, so "only with free places" has something to hide. The
    workshop starts next week rather than as the shared `nedam_se` (last Tuesday of next
    month), so it falls in the programme's first 31 days without typing a date: Chromium's
    date field takes its digit order from the browser build, not from the page.
    """
    workshop = make_series(
        "Nedám se!", rule="FREQ=WEEKLY;BYDAY=TU;COUNT=2", starts_on=next_weekday(1), start_time=time(10, 0),
        duration=timedelta(hours=2), kind=Kind.WORKSHOP, capacity=20,
    )
    crafts = make_series(
        "Šikovné ruce", rule="FREQ=WEEKLY;BYDAY=TH", starts_on=next_weekday(3), start_time=time(14, 0),
        kind=Kind.COURSE, audiences=[disabled],
    )
    dances = list(oldies_goldies.occurrences.order_by("start"))
    full_dance = dances[0]
    Occurrence.objects.filter(pk=full_dance.pk).update(seats_taken=F("capacity"))
    return SimpleNamespace(
        dances=oldies_goldies, workshop=workshop, crafts=crafts, full_dance=full_dance, free_dance=dances[1],
    )


# name: (address on the demo programme, expected status)
PAGES = {
    "programme": (lambda plzen: "/", 200),
    "series": (lambda plzen: plzen.dances.get_absolute_url(), 200),
    "date": (lambda plzen: plzen.free_dance.get_absolute_url(), 200),
    "date-full": (lambda plzen: plzen.full_dance.get_absolute_url(), 200),
    "print-month": (lambda plzen: "/program/tisk/", 200),
    "print-month-with-dances": (lambda plzen: f"/program/tisk/?month={plzen.full_dance.start:%Y-%m}", 200),
    "print-month-bad-month": (lambda plzen: "/program/tisk/?month=prosinec", 400),
    "programme-bad-filter": (lambda plzen: "/?from=bad", 400),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(page, plzen, name):
    address, status = PAGES[name]
    response = page.goto(address(plzen))

    assert response.status == status
    assert page.locator("html").get_attribute("lang") == "cs"
    # The stylesheet arrived: large print is part of being readable.
    assert page.evaluate("() => getComputedStyle(document.body).fontSize") == "18px"
    assert_accessible(page)


def test_programme_lists_events_under_czech_day_headings(page, plzen):
    page.goto("/")

    day = timezone.localdate(plzen.free_dance.start)
    day_section = page.locator("section.day", has=page.get_by_role("heading", name=czech_day_heading(day)))
    assert day_section.count() == 1, f"no section headed {czech_day_heading(day)!r}"
    assert day_section.get_by_role("link", name="Oldies Goldies").is_visible()
    assert day_section.get_by_text("18:00").first.is_visible()


def test_series_page_lists_upcoming_dates(page, plzen):
    page.goto(plzen.dances.get_absolute_url())

    assert page.get_by_role("heading", level=1).inner_text() == "Oldies Goldies"
    links = page.locator("ul.dates h3 a")
    assert links.count() >= 4
    assert links.first.get_attribute("href") == plzen.full_dance.get_absolute_url()
    assert links.nth(1).get_attribute("href") == plzen.free_dance.get_absolute_url()
    assert "18:00" in links.first.inner_text()


def test_date_page_shows_when_where_and_how_accessible(page, plzen):
    page.goto(plzen.free_dance.get_absolute_url())

    details = page.locator("dl.details").inner_text()
    assert "18:00–21:00" in details
    assert "Měšťanská beseda, Kopeckého sady 13" in details
    place = page.locator("section", has=page.locator("#place-heading"))
    assert "Kopeckého sady 13" in place.inner_text()
    facts = place.locator("ul.facts").inner_text()
    assert re.search(r"Bezbariérový přístup|Step-free access", facts), facts
    assert "Náměstí Republiky" in facts


def test_invalid_filter_is_explained_next_to_the_filters(page, plzen):
    response = page.goto("/?from=bad")

    assert response.status == 400
    errors = page.locator(".error-summary")
    assert errors.is_visible()
    assert errors.get_by_role("link").first.get_attribute("href") == "#id_from"
    assert page.locator("section.day").count() == 0


def test_filters_work_with_the_keyboard_only(page, plzen):
    page.goto("/")
    listed = page.locator("ul.dates h3 a")
    # Unfiltered, the course for another audience and the full dance evening are listed.
    assert listed.filter(has_text="Šikovné ruce").count() > 0
    assert page.locator(f'a[href="{plzen.full_dance.get_absolute_url()}"]').count() == 1

    page.keyboard.press("Tab")
    skip_link = assert_focus_visible(page)
    assert skip_link["tag"] == "a"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0, "the skip link stays off screen when focused"

    # The filters are folded under their heading until opened, as a keyboard opens them.
    assert not page.locator("#id_audience").is_visible()
    tab_to(page, "details.filter-box summary")
    page.keyboard.press("Enter")
    tab_to(page, "#id_audience")
    page.keyboard.type("sen")  # type-ahead picks "senioři", as a person typing would
    assert page.locator("#id_audience").input_value() == "seniori"
    tab_to(page, "#id_has_free_places")
    page.keyboard.press("Space")
    assert page.locator("#id_has_free_places").is_checked()
    tab_to(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    query = parse_qs(urlsplit(page.url).query)
    assert query["audience"] == ["seniori"]
    assert query["has_free_places"] == ["on"]
    titles = set(listed.all_inner_texts())
    assert {"Nedám se!", "Oldies Goldies"} <= titles
    assert "Šikovné ruce" not in titles
    assert page.locator(f'a[href="{plzen.full_dance.get_absolute_url()}"]').count() == 0
    assert page.locator(f'a[href="{plzen.free_dance.get_absolute_url()}"]').count() == 1
    # The form shows what was chosen, so the person knows why the list is shorter.
    assert page.locator("#id_audience").input_value() == "seniori"
    assert page.locator("#id_has_free_places").is_checked()
    assert_accessible(page)
