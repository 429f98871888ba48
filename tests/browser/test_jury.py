"""A juror scores a nomination in real Chromium and sees it marked done; the award's pages pass axe."""

import re

import pytest

from awards.models import Nomination, Phase, Score
from awards.services import move_phase
from tests.awards.conftest import *  # noqa: F403 (the award's fixtures: judging, vera, make_round, tomas, ...)
from tests.awards.conftest import cs
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_juror_scores_a_nomination_and_sees_it_marked_done(page, live_server, juror, staff, judging, vera,
                                                            pavel):
    sign_in(page, juror)
    page.goto("/porota/")
    page.wait_for_url(re.compile(rf"/porota/rocnik/{judging.pk}/$"))
    assert page.locator(f'tr[data-nomination="{vera.pk}"]').get_attribute("class") == "jury-row jury-todo"
    assert_accessible(page)

    page.get_by_role("link", name="Věra Šimková").click()
    page.wait_for_url(re.compile(rf"/porota/nominace/{vera.pk}/$"))
    assert page.get_by_text("pomáhá seniorům v Domově Sedlec").is_visible()
    assert_accessible(page)
    page.get_by_label("Přínos pro druhé").fill("9")
    page.get_by_label("Vytrvalost").fill("8")
    page.get_by_label("Inspirace").fill("10")
    page.get_by_role("button", name=cs("Save my scores")).click()

    page.wait_for_url(re.compile(rf"/porota/rocnik/{judging.pk}/$"))
    row = page.locator(f'tr[data-nomination="{vera.pk}"]')
    assert row.get_attribute("class") == "jury-row jury-done"
    assert "✔" in row.inner_text()
    assert page.get_by_role("status").filter(has_text="Věra Šimková").is_visible()
    assert sorted(Score.objects.filter(juror=juror, nomination=vera).values_list("value", flat=True)) == [8, 9, 10]
    assert_accessible(page)

    move_phase(judging, Phase.CLOSED, by=staff)
    page.goto(f"/porota/rocnik/{judging.pk}/vysledky/")
    assert page.get_by_role("heading", name="Dobrovolník v sociálních službách").is_visible()
    assert page.get_by_role("row", name=re.compile("Věra Šimková")).first.is_visible()
    assert_accessible(page)


def test_a_mistake_in_a_score_is_shown_next_to_the_field(page, live_server, juror, judging, vera):
    sign_in(page, juror)
    page.goto(f"/porota/nominace/{vera.pk}/")
    page.get_by_label("Přínos pro druhé").fill("12")
    page.get_by_role("button", name=cs("Save my scores")).click()
    assert page.get_by_role("alert").first.is_visible()
    assert not Score.objects.exists()
    assert_accessible(page)


def test_the_public_nomination_form_is_accessible_and_works(page, make_round):
    make_round(2026, phase=Phase.NOMINATIONS)
    page.goto("/andel/")
    assert_accessible(page)
    page.get_by_role("link", name=cs("Nominate a volunteer")).first.click()
    page.wait_for_url(re.compile(r"/andel/nominovat/$"))
    assert_accessible(page)

    page.get_by_label(cs("Name and surname of the person you nominate")).fill("Věra Šimková")
    page.get_by_label("Mladý dobrovolník").check()
    page.get_by_label(cs("What did they do?")).fill(
        "Paní Šimková už osm let každé úterý předčítá klientům domova a chodí s nimi ven."
    )
    page.get_by_label(cs("Your name and surname")).fill("Jana Dvořáková")
    page.get_by_label(cs("Your phone")).fill("777 123 456")
    page.get_by_label(cs("I agree that the department keeps my name and contact and the story to deal with this "
                         "nomination.")).check()
    page.get_by_role("button", name=cs("Send the nomination")).click()

    page.wait_for_url(re.compile(r"/andel/dekujeme/$"))
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.category.name) == ("Věra Šimková", "Mladý dobrovolník")
    assert_accessible(page)


def test_a_forgotten_field_in_the_nomination_is_explained(page, make_round):
    make_round(2026, phase=Phase.NOMINATIONS)
    page.goto("/andel/nominovat/")
    page.get_by_label(cs("Name and surname of the person you nominate")).fill("Věra Šimková")
    page.get_by_role("button", name=cs("Send the nomination")).click()
    summary = page.locator(".error-summary")
    assert summary.is_visible() and summary.get_by_role("heading", name="Je potřeba opravit:").is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert page.get_by_label(cs("Name and surname of the person you nominate")).input_value() == "Věra Šimková"
    assert not Nomination.objects.exists()
    assert_accessible(page)


def test_the_coordinators_and_the_volunteers_pages_pass_axe(page, live_server, staff, judging, vera, tomas,
                                                            cloakroom):
    from volunteers.services import sign_up

    sign_up(cloakroom, tomas)
    page.goto(tomas.get_absolute_url())
    assert_accessible(page)
    sign_in(page, staff)
    for address in (f"/sprava/andel/rocnik/{judging.pk}/", f"/sprava/andel/nominace/{vera.pk}/",
                    "/sprava/dobrovolnici/", f"/sprava/dobrovolnici/{tomas.pk}/", "/sprava/dobrovolnici/smeny/",
                    f"/sprava/dobrovolnici/smeny/{cloakroom.pk}/", "/sprava/dobrovolnici/smeny/nova/",
                    "/sprava/dobrovolnici/hodiny/"):
        page.goto(address)
        assert_accessible(page)
