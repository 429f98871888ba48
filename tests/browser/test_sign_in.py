"""Every demo account of the README signs in through the page, does its main task and signs out.

The demo data and accounts come from `seed_demo`, run in the live server's database; the
password is the README's. No session is planted: the form is filled in as a person does.
"""

import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards.models import AwardRound, Phase, Score
from events.management.commands.seed_demo import DEMO_PASSWORD
from events.models import Series
from registrations.models import Scan
from registrations.services import register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)


def path_of(page):
    return urlparse(page.url).path


def assert_sign_out_is_visible(page):
    button = page.get_by_role("button", name="Odhlásit se")
    assert button.is_visible()
    box, viewport = button.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Odhlásit se").click()
    assert path_of(page) == "/prihlaseni/"
    assert page.get_by_text("Jste odhlášeni. Děkujeme.").is_visible()


# --- The main task of each role ---------------------------------------------------------------


def score_a_nomination(page, username):
    this_year = AwardRound.objects.get(phase=Phase.JUDGING)
    if path_of(page) == "/porota/":  # a juror of several rounds chooses this year's
        page.get_by_role("link", name=re.compile(str(this_year.year))).click()
    page.wait_for_url(re.compile(rf"/porota/rocnik/{this_year.pk}/$"))
    row = page.locator("tr.jury-todo").first
    nomination = row.get_attribute("data-nomination")
    row.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/porota/nominace/{nomination}/$"))
    for field in page.locator('input[type="number"]').all():
        field.fill("8")
    page.get_by_role("button", name="Uložit moje hodnocení").click()
    page.wait_for_url(re.compile(rf"/porota/rocnik/{this_year.pk}/$"))
    assert page.locator(f'tr[data-nomination="{nomination}"]').get_attribute("class") == "jury-row jury-done"
    assert Score.objects.filter(juror__username=username, nomination_id=nomination).count() == \
        this_year.criteria.count()


def open_a_dates_list(page, username):
    link = page.locator('a[href^="/sprava/termin/"]').first
    title = link.locator(".visually-hidden").inner_text().split(",")[0].lstrip(": ")
    link.click()
    page.wait_for_url(re.compile(r"/sprava/termin/\d+/$"))
    assert title in page.get_by_role("heading", level=1).inner_text()


def open_the_admin(page, username):
    page.get_by_role("link", name="Administrace").click()
    page.wait_for_url(re.compile(r"/admin/$"))  # the same sign-in opens the admin: one door
    page.locator('a[href="/admin/events/series/"]').first.wait_for()


def admit_a_ticket_at_the_door(page, username):
    page.set_viewport_size({"width": 412, "height": 900})  # the door is worked on a phone
    dance = Series.objects.get(slug="oldies-goldies").occurrences.filter(start__gte=timezone.now()) \
        .order_by("start").first()
    ticket = register(dance, name="Jana Nováková", phone="777123456", seats=1).registration
    page.goto(f"/scan/{dance.pk}/")
    page.get_by_label("Napište kód ze vstupenky").fill(ticket.display_code)
    page.get_by_role("button", name="Odbavit").click()
    page.locator("#door-answer").get_by_text("Vstup povolen").wait_for()
    assert Scan.objects.filter(registration=ticket, status="ok").count() == 1
    # Door mode has no site menu: "Konec" leads back to the site, where the account is.
    with page.expect_navigation():
        page.get_by_role("link", name="Konec").click()


ROLES = [
    # account, where it lands, its main task, a page that needs the account
    ("spravce", "/sprava/", open_the_admin, "/sprava/"),
    ("pracovnice", "/sprava/", open_a_dates_list, "/sprava/"),
    ("organizator", "/scan/", admit_a_ticket_at_the_door, "/scan/"),
    ("porotce", "/porota/", score_a_nomination, "/porota/"),
    ("porotce2", "/porota/", score_a_nomination, "/porota/"),
    ("porotce3", "/porota/", score_a_nomination, "/porota/"),
]


@pytest.mark.parametrize("username, landing, main_task, private_page", ROLES, ids=[role[0] for role in ROLES])
def test_a_demo_account_signs_in_works_and_signs_out(page, demo, username, landing, main_task, private_page):
    page.goto("/")
    page.get_by_role("link", name="Přihlášení pro pracovníky, organizátory a porotce").click()

    sign_in(page, username, DEMO_PASSWORD)

    assert path_of(page).startswith(landing), page.url
    assert_sign_out_is_visible(page)
    main_task(page, username)
    assert_sign_out_is_visible(page)

    sign_out(page)
    page.goto(private_page)
    assert path_of(page) == "/prihlaseni/", page.url
    assert page.get_by_role("heading", name="Přihlášení k účtu").is_visible()


def test_the_sign_in_and_password_pages_pass_axe_and_a_wrong_password_is_announced(page, demo):
    page.goto("/prihlaseni/")
    assert_accessible(page)

    page.get_by_label("Uživatelské jméno").fill("porotce")
    page.get_by_label("Heslo").fill("spatne-heslo")
    page.get_by_role("button", name="Přihlásit se", exact=True).click()
    assert page.get_by_role("alert").get_by_text("Uživatelské jméno nebo heslo nesouhlasí").is_visible()
    assert page.get_by_label("Uživatelské jméno").input_value() == "porotce"
    assert_accessible(page)

    page.get_by_role("link", name="Zapomněli jste heslo?").click()
    page.wait_for_url(re.compile(r"/prihlaseni/zapomenute-heslo/$"))
    assert_accessible(page)
    page.get_by_label("E-mail").fill("porotce@example.org")
    page.get_by_role("button", name="Poslat odkaz").click()
    page.wait_for_url(re.compile(r"/prihlaseni/zapomenute-heslo/odeslano/$"))
    assert_accessible(page)


def test_the_lockout_page_is_czech_and_accessible(page, demo):
    page.goto("/prihlaseni/")
    for _ in range(5):
        page.get_by_label("Uživatelské jméno").fill("porotce")
        page.get_by_label("Heslo").fill("spatne-heslo")
        page.get_by_role("button", name="Přihlásit se", exact=True).click()
        page.wait_for_load_state()
        if page.get_by_role("heading", name="Přihlašování je pozastaveno").is_visible():
            break

    assert page.get_by_role("alert").get_by_text("Zkuste to znovu za 15 minut").is_visible()
    assert_accessible(page)
