"""The subscribe boxes in real Chromium: checked by axe-core and reachable by keyboard.

Uses the browser fixtures of tests/browser (Chromium and axe-core); without them it skips on
a laptop and fails in CI, as those tests do.
"""

import pytest

from tests.browser.accessibility import assert_accessible, tab_to
from tests.browser.conftest import _django_orm_beside_playwright, browser, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_my_events_with_the_calendar_address_and_the_renew_button_is_accessible(page, marie):  # noqa: F811
    page.goto(f"/moje-akce/{marie.token}/")

    assert_accessible(page)
    tab_to(page, "#subscribe-url")
    assert page.locator("#subscribe-url").input_value().endswith(f"/feeds/me/{marie.feed_token}.ics")
    old_token = marie.token
    tab_to(page, "form[action$='/obnovit/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    marie.refresh_from_db()
    assert marie.token != old_token
    assert page.url.endswith(f"/moje-akce/{marie.token}/")
    assert page.locator("#subscribe-url").input_value().endswith(f"/feeds/me/{marie.feed_token}.ics")
    assert page.get_by_role("status").get_by_text("Vaše soukromá adresa je nová").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("address", ["/", "/?kind=dance", "/akce/oldies-goldies/"])
def test_the_public_subscribe_box_is_accessible_and_opens_by_keyboard(page, oldies_goldies, address):  # noqa: F811
    page.goto(address)

    tab_to(page, "#subscribe-google summary")
    page.keyboard.press("Enter")
    assert page.locator("#subscribe-google").get_attribute("open") is not None
    assert_accessible(page)
    assert page.locator("a[href^='webcal://']").count() == 1
