"""The office's pages in Chromium: a date's list shows its actions without scrolling sideways, the staff
pages fit a phone, "message everyone" passes axe, and the Czech admin's series and date pages too."""

import pytest

from registrations.services import register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in
from tests.drives.conftest import build_uklid_satnik, create_martinska, create_serikova

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def busy_workshop(small_workshop):
    """Šikovné ruce, full, with long names and e-mails, people with needs, and two waiting."""
    for index in range(2):
        register(small_workshop, name=f"Bohumila Dlouhojmenná-Přehnaná {index}",
                 email=f"bohumila.dlouhojmenna{index}@seznam.cz", phone="777123456", needs_wheelchair=True,
                 needs_hearing=True, needs_note="Potřebuje místo u dveří, špatně slyší na levé ucho")
    register(small_workshop, name="Eva Svobodová", phone="601000001")
    for index in range(2):
        register(small_workshop, name=f"Čekající Novotná {index}", phone=f"60100001{index}")
    return small_workshop


def overflowing(page):
    """Elements whose box goes past the right edge of the screen or of a scrolling table box."""
    return page.evaluate("""() => {
        const found = [];
        for (const box of document.querySelectorAll('.table-scroll')) {
            if (box.scrollWidth > box.clientWidth + 1) found.push('a table scrolls sideways: ' + box.scrollWidth);
        }
        const width = document.documentElement.scrollWidth;
        if (width > window.innerWidth) found.push('the page scrolls sideways: ' + width);
        return found;
    }""")


def test_the_actions_of_a_dates_list_are_in_view_on_a_1280_screen(page, staff, busy_workshop):
    page.set_viewport_size(DESKTOP)
    sign_in(page, staff, next=f"/sprava/termin/{busy_workshop.pk}/")
    actions = page.locator("td.row-actions a, td.row-actions button")
    assert actions.count() >= 10
    for index in range(actions.count()):
        box = actions.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], actions.nth(index).inner_text()
    assert page.get_by_role("link", name="Zrušit přihlášku: Eva Svobodová…").is_visible()
    assert page.get_by_role("button", name="Posunout z čekací listiny: Čekající Novotná 0").is_visible()
    assert overflowing(page) == []


@pytest.fixture
def busy_drive(organizer_a, staff):
    """Ukliď šatník! with donations at both points over several days, named donors and open pledges."""
    from datetime import timedelta

    from django.utils import timezone

    from drives.services import log_donation, make_pledge

    drive = build_uklid_satnik(martinska := create_martinska(), serikova := create_serikova(), organizer_a)
    points = {point.venue_id: point for point in drive.points.all()}
    for days_ago, (need, venue) in enumerate([(need, venue) for need in drive.needs.all()
                                              for venue in (martinska, serikova)]):
        log_donation(need, point=points[venue.pk], quantity=3 + days_ago, by=staff,
                     donor_name="Bohumila Dlouhojmenná-Přehnaná" if days_ago % 2 else "",
                     received_at=timezone.now() - timedelta(days=days_ago))
    for need in drive.needs.all():
        make_pledge(need, quantity=2, point=points[serikova.pk], name="Jaroslava Nejdelšíjménová-Zapomnětlivá",
                    note="Přinesu v sobotu dopoledne, pokud nebude pršet")
    return drive


def test_the_office_pages_fit_a_phone(page, staff, busy_workshop, busy_drive):
    page.set_viewport_size(PHONE)
    sign_in(page, staff)
    for url in ("/sprava/", f"/sprava/termin/{busy_workshop.pk}/", "/sprava/sbirky/",
                f"/sprava/sbirky/{busy_drive.slug}/", f"/sprava/termin/{busy_workshop.pk}/zprava/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert overflowing(page) == [], url
    page.goto(f"/sprava/termin/{busy_workshop.pk}/")
    cancel = page.get_by_role("link", name="Zrušit přihlášku: Eva Svobodová…")
    box = cancel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_a_message_to_everyone_is_written_and_its_call_list_ticked_by_keyboard_and_axe_finds_nothing(
        page, staff, busy_workshop):
    sign_in(page, staff, next=f"/sprava/termin/{busy_workshop.pk}/")
    page.get_by_role("link", name="Napsat zprávu všem na tomto termínu").click()
    assert_accessible(page)
    page.get_by_label("Předmět").fill("Změna místnosti")
    page.get_by_label("Text zprávy").fill("Sejdeme se ve velkém sále v přízemí.")
    page.get_by_role("button", name="Odeslat zprávu").click()
    page.get_by_role("heading", name="Zpráva: Změna místnosti").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Zavoláno: Eva Svobodová").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "voláno" in page.locator("#calls-heading + p + p + table").inner_text()
    assert page.get_by_role("button", name="Vrátit odškrtnutí: Eva Svobodová").is_visible()
    page.goto(f"/sprava/termin/{busy_workshop.pk}/")
    assert "Změna místnosti" in page.locator("section[aria-labelledby=messages-heading]").inner_text()


# --- The Czech admin: the series and its dates ---------------------------------------------------


def assert_admin_page_accessible(page, no_csp_violations):
    """axe on an admin page. The page itself must keep the Content-Security-Policy; axe, run afterwards,
    injects a style of its own to measure colours there, which the policy reports: that one is cleared."""
    assert no_csp_violations.found() == []
    assert_accessible(page)
    no_csp_violations.found()  # lets the reports of axe's own style arrive before clearing them
    no_csp_violations.clear()


def test_the_series_page_in_the_admin_passes_axe_with_the_preview_beside_the_rule(
        page, staff, organizer_a, oldies_goldies, no_csp_violations):
    sign_in(page, staff, next=f"/admin/events/series/{oldies_goldies.pk}/change/")
    assert_admin_page_accessible(page, no_csp_violations)
    body = page.locator("body").inner_text()
    for english in ("Series", "Sequence", "Choose organizátoři", "Model name"):
        assert english not in body
    rule, preview = page.locator(".schedule-rule").bounding_box(), page.locator(".schedule-preview-box").bounding_box()
    assert preview["x"] >= rule["x"] + rule["width"] - 1  # to the right of the choices
    assert preview["y"] < rule["y"] + rule["height"]  # and level with them, not at the bottom of the form

    page.locator('input[name="weekdays"][value="TH"]').check()
    page.get_by_role("button", name="Zobrazit náhled").click()
    page.locator("#schedule-preview").wait_for()
    assert "čt " in page.locator("#schedule-preview").inner_text()
    assert page.locator("#schedule-preview").bounding_box()["x"] >= rule["x"] + rule["width"] - 1
    assert_admin_page_accessible(page, no_csp_violations)


def test_the_date_page_in_the_admin_passes_axe_and_speaks_czech(page, staff, dance, no_csp_violations):
    sign_in(page, staff, next=f"/admin/events/occurrence/{dance.pk}/change/")
    assert_admin_page_accessible(page, no_csp_violations)
    body = page.locator("body").inner_text()
    assert "Akce:" in body and "Series" not in body and "Sequence" not in body
