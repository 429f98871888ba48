"""The door keeps working when the hall has no signal, and nothing scanned is lost."""

import pytest

from registrations.models import Scan
from registrations.services import register
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_offline_scans_are_decided_on_the_phone_and_saved_when_the_network_returns(
    page, live_server, oldies_goldies, organizer_a
):
    dance = oldies_goldies.occurrences.order_by("start").first()
    ticket = register(dance, name="Jana Nováková", phone="777123456", seats=2).registration
    sign_in(page, organizer_a).goto(f"/scan/{dance.pk}/")
    # The page keeps today's list on the phone before the doors open.
    # Predicates as functions: a bare expression would be eval()'d in the page, which its CSP refuses.
    page.wait_for_function("(key) => localStorage.getItem(key) !== null", arg=f"spolu-door-list-{dance.pk}")

    page.context.set_offline(True)
    page.get_by_label("Napište kód ze vstupenky").fill(ticket.display_code)
    page.get_by_role("button", name="Odbavit").click()
    answer = page.locator("#door-answer")
    answer.get_by_text("Vstup povolen").wait_for()
    assert "offline — uloží se později" in answer.inner_text()
    assert "Jana Nováková" in answer.inner_text()
    assert "door-ok" in answer.get_attribute("class")  # green, as when online
    assert not Scan.objects.exists()

    # The same ticket again, still offline: the phone remembers it let her in.
    page.get_by_label("Napište kód ze vstupenky").fill(ticket.code)
    page.get_by_role("button", name="Odbavit").click()
    answer.get_by_text("Už uvnitř od").wait_for()
    assert "odbavil(a) Petr" in answer.inner_text()
    assert "door-already_checked_in" in answer.get_attribute("class")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("(key) => JSON.parse(localStorage.getItem(key) || '[]').length === 0",
                           arg=f"spolu-door-queue-{dance.pk}")
    admission = Scan.objects.get(status="ok")
    assert admission.offline and admission.registration == ticket
    assert Scan.objects.filter(status="already_checked_in").count() == 1  # the second scan, answered in order
