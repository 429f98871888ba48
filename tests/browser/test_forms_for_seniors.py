"""The registration form and the ticket in real Chromium, as a senior on a phone or at a library PC meets them."""

import re

import pytest

from registrations.models import Registration
from tests.browser.accessibility import assert_accessible, focused_element

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_every_mistake_is_listed_at_the_top_with_the_focus_there_and_each_is_next_to_its_field(page, dance):
    page.set_viewport_size(PHONE)
    page.goto(f"/termin/{dance.pk}/prihlasit/")
    page.get_by_label("Telefon").fill("123")
    page.get_by_role("button", name="Přihlásit se").click()

    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading", name="Je potřeba opravit:").is_visible()
    assert focused_element(page)["tag"] == "div" and page.evaluate(
        "() => document.activeElement.classList.contains('error-summary')"
    ), "the focus moves to the summary without any script of ours"
    links = summary.get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["#id_name", "#id_phone", "#id_consent"]
    # Each field is described by its own message, read out when the field gets the focus.
    phone = page.get_by_label("Telefon")
    assert phone.get_attribute("aria-invalid") == "true"
    described = " ".join(
        page.locator(f"#{ref}").inner_text() for ref in phone.get_attribute("aria-describedby").split()
    )
    assert "Telefonní číslo není platné" in described
    assert_accessible(page)

    links.nth(1).click()
    assert page.evaluate("() => document.activeElement.id") == "id_phone"
    assert not Registration.objects.exists()


def test_a_mistyped_email_gets_a_suggestion_which_one_tick_takes(page, dance):
    page.goto(f"/termin/{dance.pk}/prihlasit/")
    page.get_by_label("Jméno a příjmení").fill("Jana Nováková")
    page.get_by_label("E-mail").fill("jana.novakova@seznma.cz")
    page.get_by_label("Souhlasím, aby odbor uchoval").check()
    page.get_by_role("button", name="Přihlásit se").click()

    assert page.get_by_text("Mysleli jste jana.novakova@seznam.cz?").first.is_visible()
    assert page.get_by_role("heading", name="Zkontrolujte prosím:").is_visible()
    assert not Registration.objects.exists()
    assert_accessible(page)

    page.get_by_label("Ano, použít jana.novakova@seznam.cz").check()
    page.get_by_role("button", name="Přihlásit se").click()
    page.wait_for_url(re.compile(r"/vstupenka/\w+/$"))
    assert Registration.objects.get().person.email == "jana.novakova@seznam.cz"


COUNT_PRINT_CALLS = "window.__printCalls = 0; window.print = () => { window.__printCalls += 1; };"


@pytest.fixture
def phone_only_ticket(dance):
    from registrations.services import register

    dance.series.price_note = "zdarma"
    dance.series.save()
    return register(dance, name="Marie Nováková", phone="777 123 456").registration


def test_with_only_a_phone_the_ticket_says_nothing_was_sent_and_the_code_fits_the_phone(page, phone_only_ticket):
    page.set_viewport_size(PHONE)
    page.goto(phone_only_ticket.get_absolute_url())
    assert page.get_by_text("Neuvedli jste e-mail, a tak jsme vám nic neposlali.").is_visible()
    code = page.locator(".ticket-code-large .ticket-code")
    assert code.inner_text().replace("\n", "") == phone_only_ticket.display_code
    assert float(code.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")) >= 26
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_print_the_ticket_opens_one_print_dialogue_on_a_one_page_ticket(page, phone_only_ticket):
    page.add_init_script(COUNT_PRINT_CALLS)
    page.goto(phone_only_ticket.get_absolute_url())
    page.get_by_role("link", name="Vytisknout vstupenku").click()
    page.wait_for_url(re.compile(r"/tisk/$"))
    page.wait_for_function("() => window.__printCalls === 1")
    assert_accessible(page)

    printed = page.locator("article.ticket-printed")
    for text in ("Cena", "zdarma", "378 033 351", "Přihlášku zrušte na adrese", "Bezbariérový přístup."):
        assert text in printed.inner_text(), text
    page.emulate_media(media="print")
    assert not page.locator(".print-bar").is_visible() and not page.locator(".site-footer").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the ticket fits on one A4 page"


def test_without_javascript_the_print_view_is_one_link_away(browser, live_server, phone_only_ticket):
    context = browser.new_context(locale="cs-CZ", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(phone_only_ticket.get_absolute_url())
    page.get_by_role("link", name="Vytisknout vstupenku").click()
    page.wait_for_url(re.compile(r"/tisk/$"))
    assert page.get_by_text("Ctrl+P").is_visible()
    assert page.locator("article.ticket-printed .ticket-qr svg").is_visible()
    context.close()
