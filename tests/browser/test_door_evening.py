"""An Oldies Goldies evening at the door, on a 390×844 phone in real Chromium with a fake camera.

The volunteer holds a ticket in front of the camera and it stays green; the camera and the
answer share one screen, also at 200 % text size; a walk-in is admitted after the start;
a name is found without accents; with no network a held ticket is queued once, times are
in Prague and another date's ticket is named as such; another series' ticket shows no name.
"""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence
from registrations import qr
from registrations.door import check_in, door_search
from registrations.models import Registration, Scan
from registrations.services import cancel, register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.test_door_scanner import camera_browser, write_y4m  # noqa: F401 - a fixture, reused

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def door_page(launch, live_server, user, *, video, timezone_id="Europe/Prague"):
    browser = launch(video)
    context = browser.new_context(locale="cs-CZ", base_url=live_server.url, viewport=PHONE, timezone_id=timezone_id)
    context.set_default_timeout(10_000)
    return browser, sign_in(context.new_page(), user)


def camera_showing(tmp_path, code):
    video = tmp_path / f"{code}.y4m"
    write_y4m(video, qr.png(code))
    return video


def assert_on_screen(page, selector):
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["height"] > 40 and box["width"] > 200, f"{selector} is too small: {box}"
    assert box["x"] >= 0 and box["y"] >= 0, f"{selector} starts off screen: {box}"
    assert box["x"] + box["width"] <= PHONE["width"] + 0.5, f"{selector} sticks out to the right: {box}"
    assert box["y"] + box["height"] <= PHONE["height"] + 0.5, f"{selector} is below the fold: {box}"
    return box


def test_a_ticket_held_to_the_camera_stays_green_on_one_screen(camera_browser, live_server, oldies_goldies,  # noqa: F811
                                                                 organizer_a, tmp_path):
    dance = oldies_goldies.occurrences.order_by("start").first()
    ticket = register(dance, name="Jana Nováková", phone="777123456", seats=2).registration
    karel = register(dance, name="Karel Dvořák", phone="777654321", seats=1).registration
    browser, page = door_page(camera_browser, live_server, organizer_a, video=camera_showing(tmp_path, ticket.code))
    page.goto(f"/scan/{dance.pk}/")

    answer = page.locator("#door-answer")
    answer.locator(".door-message", has_text="Vstup povolen").wait_for(timeout=15_000)
    assert "Jana Nováková" in answer.inner_text() and "2 osoby" in answer.inner_text()
    # Door mode: no site menu, a small way out, the counter, and camera and answer together.
    assert page.locator(".site-header, nav").count() == 0
    assert page.get_by_role("link", name="Konec").is_visible()
    assert " ".join(page.locator("#door-counter").inner_text().split()) == "uvnitř 2 / přihlášeno 3 Uloženo"
    camera, verdict = assert_on_screen(page, "#door-video"), assert_on_screen(page, "#door-answer")
    assert camera["y"] + camera["height"] <= verdict["y"] + 1  # side by side on the screen, not overlapping
    assert_accessible(page)

    # Ten seconds in front of the camera: still green, one admission, one stored scan, and the undo stays.
    page.wait_for_timeout(10_000)
    assert "door-ok" in answer.get_attribute("class")
    assert answer.get_by_role("button", name="Vrátit odbavení").is_visible()
    assert list(Scan.objects.filter(registration=ticket).values_list("status", flat=True)) == ["ok"]

    # 200 % text size (Chromium's own setting, WCAG 1.4.4): the verdict and the counter are twice as
    # big, wrapping where they must; the camera gives way, both still on the screen, the verdict whole.
    door_texts = [".door-message", ".door-name", ".door-seats", ".door-count", "#door-inside", ".door-end"]
    before = font_sizes(page, door_texts)
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) >= 36")
    after = font_sizes(page, door_texts)
    assert all(after[text] >= 1.95 * before[text] for text in door_texts), f"at 200 %: {before} → {after}"
    camera, verdict = assert_on_screen(page, "#door-video"), assert_on_screen(page, "#door-answer")
    assert camera["y"] + camera["height"] <= verdict["y"] + 1
    assert_readable_in(page, "#door-answer", [".door-message", ".door-name"])
    assert_readable_in(page, "#door-counter", [".door-count", "#door-inside", "#door-registered"])

    # The next ticket (typed here, the camera still on Jana's) replaces the undo: one button, for Karel.
    typed = page.get_by_label("Napište kód ze vstupenky")
    typed.fill(karel.display_code)
    page.get_by_role("button", name="Odbavit").click()
    answer.get_by_text("Karel Dvořák").wait_for()
    assert "door-ok" in answer.get_attribute("class") and "Jana" not in answer.inner_text()
    assert answer.get_by_role("button", name="Vrátit odbavení").count() == 1
    answer.get_by_role("button", name="Vrátit odbavení").click()
    answer.get_by_text("Odbavení vráceno").wait_for()
    assert not Scan.objects.filter(registration=karel, status="ok", undone_at__isnull=True).exists()
    assert Scan.objects.filter(registration=ticket, status="ok", undone_at__isnull=True).count() == 1
    page.wait_for_timeout(1_000)  # Jana's ticket, still held to the camera, is not read again by itself
    assert "Odbavení vráceno" in answer.inner_text()

    # The ticket shown again later (typed here): orange, with the Prague time and who admitted it.
    admitted_at = timezone.localtime(Scan.objects.get(registration=ticket).scanned_at).strftime("%H:%M")
    typed.fill(ticket.display_code)
    page.get_by_role("button", name="Odbavit").click()
    answer.get_by_text(f"Už uvnitř od {admitted_at}, odbavil(a) Petr").wait_for()
    assert "door-already_checked_in" in answer.get_attribute("class")
    assert answer.get_by_role("button", name="Vrátit odbavení").count() == 0
    assert Scan.objects.filter(registration=ticket, status="ok").count() == 1
    browser.close()


def font_sizes(page, selectors):
    return {selector: page.locator(selector).first.evaluate("(node) => parseFloat(getComputedStyle(node).fontSize)")
            for selector in selectors}


def assert_readable_in(page, box_selector, selectors):
    """Each text inside the box shows whole: within the box, within the screen, nothing cut off at the side."""
    box = page.locator(box_selector).bounding_box()
    for selector in selectors:
        text = page.locator(f"{box_selector} {selector}").first
        part = text.bounding_box()
        assert part is not None, f"{selector} is not shown"
        assert box["x"] - 0.5 <= part["x"] and part["x"] + part["width"] <= box["x"] + box["width"] + 0.5, (
            f"{selector} sticks out of {box_selector}: {part} in {box}")
        assert box["y"] - 0.5 <= part["y"] and part["y"] + part["height"] <= box["y"] + box["height"] + 0.5, (
            f"{selector} is cut off in {box_selector}: {part} in {box}")
        assert part["y"] + part["height"] <= PHONE["height"] + 0.5, f"{selector} is below the fold: {part}"
        assert text.evaluate("(node) => node.scrollWidth <= node.clientWidth + 1"), f"{selector} overflows sideways"


def test_offline_a_held_ticket_is_queued_once_and_times_are_in_prague(camera_browser, live_server,  # noqa: F811
                                                                       oldies_goldies, organizer_a, tmp_path):
    dance, next_week = oldies_goldies.occurrences.order_by("start")[:2]
    ticket = register(dance, name="Jana Nováková", phone="777123456").registration
    earlier = register(dance, name="Karel Dvořák", phone="777654321").registration
    check_in(dance, code=earlier.code, nonce="earlier", by=organizer_a)
    other_date = register(next_week, name="Eva Malá", phone="601222333").registration
    # A phone set to UTC, as some are: the door still says Prague time.
    browser, page = door_page(camera_browser, live_server, organizer_a, video=camera_showing(tmp_path, ticket.code),
                              timezone_id="UTC")
    # No network for scans: every POST to the check-in API fails as in a hall without signal.
    def check_in_api(url):
        return "/api/v1/checkins/" in url

    page.route(check_in_api, lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.goto(f"/scan/{dance.pk}/")

    answer = page.locator("#door-answer")
    answer.get_by_text("Vstup povolen").wait_for(timeout=15_000)
    assert "offline — uloží se později" in answer.inner_text()
    page.wait_for_timeout(5_000)  # held in front of the camera
    queue_key = f"spolu-door-queue-{dance.pk}"
    queued = page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).length", queue_key)
    assert queued == 1
    assert "door-ok" in answer.get_attribute("class")

    typed = page.get_by_label("Napište kód ze vstupenky")
    typed.fill(earlier.code)
    page.get_by_role("button", name="Odbavit").click()
    when = timezone.localtime(Scan.objects.get(nonce="earlier").scanned_at).strftime("%H:%M")
    answer.get_by_text(f"Už uvnitř od {when}, odbavil(a) Petr").wait_for()

    typed.fill(other_date.display_code)
    page.get_by_role("button", name="Odbavit").click()
    start = timezone.localtime(next_week.start)
    answer.get_by_text(f"Vstupenka na jiný termín: {start.day}. {start.month}. {start.year} 18:00").wait_for()
    assert "door-wrong_occurrence" in answer.get_attribute("class")

    page.unroute(check_in_api)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("(key) => JSON.parse(localStorage.getItem(key) || '[]').length === 0", arg=queue_key)
    admission = Scan.objects.get(registration=ticket)
    assert admission.status == "ok" and admission.offline
    assert Scan.objects.filter(offline=True).count() == 3  # the held ticket once, and the two typed
    browser.close()


def test_a_ticket_of_another_series_shows_its_date_and_no_name(camera_browser, live_server, oldies_goldies,  # noqa: F811
                                                              nedam_se, organizer_a, tmp_path):
    dance = oldies_goldies.occurrences.order_by("start").first()
    workshop = nedam_se.occurrences.order_by("start").first()
    stranger_ticket = register(workshop, name="Božena Tajná", phone="602111222", needs_hearing=True,
                               source=Registration.Source.STAFF).registration
    browser, page = door_page(camera_browser, live_server, organizer_a,
                              video=camera_showing(tmp_path, stranger_ticket.code))
    page.goto(f"/scan/{dance.pk}/")

    answer = page.locator("#door-answer")
    start = timezone.localtime(workshop.start)
    answer.get_by_text(f"Vstupenka na jiný termín: {start.day}. {start.month}. {start.year} 10:00").wait_for(
        timeout=15_000)
    shown = page.locator("body").inner_text()
    assert "Božena" not in shown and "Tajná" not in shown and "Nedám se" not in shown
    assert stranger_ticket.display_code not in shown and "sluch" not in shown
    (scan,) = Scan.objects.filter(occurrence=dance)
    assert scan.registration is None and scan.code == "" and "Tajná" not in str(scan.answer)
    browser.close()


@pytest.fixture
def tonight(make_series, organizer_a):
    """An Oldies Goldies evening that started twenty minutes ago, with 2 places, both taken."""
    series = make_series("Oldies Goldies dnes", rule="", starts_on=date.today() + timedelta(days=1),
                         start_time=time(18, 0), duration=timedelta(hours=3), capacity=2, organizers=[organizer_a])
    evening = series.occurrences.get()
    register(evening, name="Jana Nováková", phone="777123456", seats=2)
    # The evening began twenty minutes ago (moved by hand, so that the test runs at any hour).
    started = timezone.now() - timedelta(minutes=20)
    Occurrence.objects.filter(pk=evening.pk).update(start=started, end=started + timedelta(hours=3))
    evening.refresh_from_db()
    return evening


def test_a_walk_in_after_the_start_is_registered_and_admitted_in_one_step(page, live_server, tonight, organizer_a):
    page.set_viewport_size(PHONE)
    sign_in(page, organizer_a).goto(f"/scan/{tonight.pk}/")
    page.get_by_text("Zapsat příchozího u vchodu").click()
    page.get_by_label("Jméno a příjmení").fill("Marie Svobodová")
    page.get_by_label("Místa").fill("2")
    page.get_by_role("button", name="Zapsat a pustit dovnitř").click()

    answer = page.locator("#door-answer")
    answer.get_by_text("Vstup povolen").wait_for()
    assert "Marie Svobodová" in answer.inner_text() and "2 osoby" in answer.inner_text()
    assert " ".join(page.locator("#door-counter").inner_text().split()) == "uvnitř 2 / přihlášeno 4 Uloženo"
    walk_in = Registration.objects.get(person__name="Marie Svobodová")
    assert walk_in.walk_in and walk_in.above_capacity and walk_in.is_confirmed and walk_in.person.phone == ""
    assert walk_in.scans.get().status == "ok"


def test_a_name_is_found_without_accents_and_admitted_with_one_tap(page, live_server, dance, organizer_a):
    pokorny = register(dance, name="Jiří Pokorný", phone="777123456").registration
    hledana = register(dance, name="Alena Hledaná", phone="608999111").registration
    check_in(dance, code=hledana.code, nonce="hledana", by=organizer_a)
    gone = register(dance, name="Jan Pokorný", phone="777000111").registration
    cancel(gone)
    svoboda = register(dance, name="Petr Svoboda", phone="603444555").registration
    page.set_viewport_size(PHONE)
    sign_in(page, organizer_a).goto(f"/scan/{dance.pk}/")
    page.wait_for_function("(key) => localStorage.getItem(key) !== null", arg=f"spolu-door-list-{dance.pk}")

    search = page.get_by_label("Najít jméno v dnešním seznamu")
    search.fill("POKORNY")
    page.get_by_role("button", name="Najít").click()
    found = page.locator("#door-found")
    found.wait_for()
    assert found.get_by_role("listitem").count() == 2
    assert "zrušeno" in found.get_by_role("listitem").filter(has_text="Jan Pokorný").inner_text()
    jiri = found.get_by_role("listitem").filter(has_text="Jiří Pokorný")
    assert "přihlášen" in jiri.inner_text()
    jiri.get_by_role("button", name="Pustit dovnitř: Jiří Pokorný").click()
    page.locator("#door-answer").get_by_text("Vstup povolen").wait_for()
    found.get_by_text("uvnitř od").wait_for()  # the result now says she is inside
    assert pokorny.scans.get().status == "ok"
    assert "?q=" not in page.url  # found on the phone: no reload, the camera keeps running

    search.fill("hledana")
    page.get_by_role("button", name="Najít").click()
    assert "uvnitř od" in page.locator("#door-found").inner_text()
    search.fill("9111")  # the phone's last digits
    page.get_by_role("button", name="Najít").click()
    assert page.locator("#door-found").get_by_role("listitem").all_inner_texts()[0].startswith("Alena Hledaná")
    assert_accessible(page)

    # No signal in the hall: the search still works, and the tap is queued.
    page.context.set_offline(True)
    search.fill("svoboda")
    page.get_by_role("button", name="Najít").click()
    page.get_by_role("button", name="Pustit dovnitř: Petr Svoboda").click()
    answer = page.locator("#door-answer")
    answer.get_by_text("Petr Svoboda").wait_for()  # not the answer about Jiří still on the screen
    answer.get_by_text("offline — uloží se později").wait_for()
    assert "Vstup povolen" in answer.inner_text()
    assert not svoboda.scans.exists()


def test_offline_the_phone_finds_by_phone_digits_whom_the_server_finds(page, live_server, dance, organizer_a):
    """Typed digits are the phone's last digits: two people sharing the last four are told apart
    by a fifth digit or the whole number, on the phone with no signal as on the server."""
    jiri = register(dance, name="Jiří Pokorný", phone="777123456").registration
    register(dance, name="Karel Dvořák", phone="602003456")
    register(dance, name="Eva Malá", phone="601222333")
    page.set_viewport_size(PHONE)
    sign_in(page, organizer_a).goto(f"/scan/{dance.pk}/")
    page.wait_for_function("(key) => localStorage.getItem(key) !== null", arg=f"spolu-door-list-{dance.pk}")
    page.context.set_offline(True)

    search = page.get_by_label("Najít jméno v dnešním seznamu")
    results = page.locator("#door-results")
    expected = {
        "456": ["Jiří Pokorný", "Karel Dvořák"], "3456": ["Jiří Pokorný", "Karel Dvořák"],
        "23456": ["Jiří Pokorný"], "777 123 456": ["Jiří Pokorný"], "+420 777 123 456": ["Jiří Pokorný"],
        "603456": [], "00420 777 123 456": [], jiri.code[:5]: ["Jiří Pokorný"],
    }
    for typed, names in expected.items():
        assert [found.person.name for found in door_search(dance, typed)] == names, typed  # the server's answer
        results.evaluate("(box) => { box.innerHTML = ''; }")
        search.fill(typed)
        page.get_by_role("button", name="Najít").click()
        results.locator("ul, p").first.wait_for()
        shown = [line.split(" · ")[0] for line in results.get_by_role("listitem").all_inner_texts()]
        assert shown == names, f"{typed!r} found {shown} on the phone"


def test_door_mode_fits_the_phone_without_a_camera_too(page, live_server, dance, organizer_a):
    """No camera (or refused): the answer fills the screen and the note says what to do instead."""
    page.set_viewport_size(PHONE)
    sign_in(page, organizer_a).goto(f"/scan/{dance.pk}/")
    page.get_by_text("Kamera není k dispozici").wait_for()
    assert_on_screen(page, "#door-answer")
    assert page.locator("#door-offline").is_hidden()  # nothing saved yet: no badge
    assert_accessible(page)


