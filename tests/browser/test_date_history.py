"""A date's history in Chromium: staff cancel someone by the keyboard-reachable buttons, and the date's
page then says who did it, whom it moved up, and passes axe, on a desktop and on a phone."""

import pytest

from registrations.services import register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def full_workshop(small_workshop):
    """Šikovné ruce (3 places), full, with Cyril waiting."""
    register(small_workshop, name="Anna Malá", phone="601000001", seats=2)
    register(small_workshop, name="Božena Velká", phone="601000002")
    register(small_workshop, name="Cyril Dlouhý", phone="601000003")
    return small_workshop


def test_a_cancellation_by_staff_appears_in_the_date_s_history_with_the_move_up(page, staff, full_workshop):
    sign_in(page, staff, next=f"/sprava/termin/{full_workshop.pk}/")
    history = page.locator("section[aria-labelledby=history-heading]")
    assert "Termín ani jeho přihlášky zatím nikdo neměnil." in history.inner_text()

    page.get_by_role("link", name="Zrušit přihlášku: Božena Velká…").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ano, zrušit přihlášku: Božena Velká").click()

    lines = history.locator("li").all_inner_texts()
    assert len(lines) == 2
    assert lines[0].endswith("· automaticky · posunul(a) z čekací listiny: Cyril Dlouhý · čekací listina → potvrzeno")
    assert lines[1].endswith("· Jana Nováková · zrušil(a) přihlášku: Božena Velká · potvrzeno → zrušeno")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert history.locator("li").first.bounding_box()["width"] <= PHONE["width"]
