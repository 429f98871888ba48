"""Collection hours of charity drives no longer bury the programme (issue 14, item 1).

A day with open collection points gets one line that leads to the drives' page, where the
points open that day are listed; the printable month leaves them out unless asked for.
"""

import html
import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from drives import hours
from drives.models import Weekday
from events.models import Kind
from events.recurrence import PRAGUE
from tests.drives.conftest import CLOTHES, build_drive, create_martinska, create_serikova

pytestmark = pytest.mark.django_db

EVERY_DAY = list(Weekday)


def text_of(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def open_every_day(db):
    """Ukliď šatník! at the Magistrát 8–15 and at Šeříková 14–18, every day of the week."""
    return build_drive("Ukliď šatník!", needs=CLOTHES, points={
        create_martinska(): [(day, time(8, 0), time(15, 0)) for day in EVERY_DAY],
        create_serikova(): [(day, time(14, 0), time(18, 0)) for day in EVERY_DAY],
    })


def test_a_day_shows_one_line_for_its_collection_points_instead_of_a_card_for_each(
    client, open_every_day, oldies_goldies,
):
    page = text_of(client.get("/"))

    assert "Ukliď šatník! · Kulturní dům Šeříková" not in page
    assert "Bez přihlašování" not in page
    days = re.findall(r'<section class="day".*?</section>', page)
    today = timezone.localdate()
    # Today counts the points still open: at 16:00 the Šeříková is, the Magistrát (until 15:00) no longer.
    still_open_today = sum(timezone.localtime().time() < closing for closing in (time(15, 0), time(18, 0)))
    assert len(days) >= 28
    with_one_line = sum(day.count('class="collections-today"') == 1 for day in days)
    # After 18:00 today may still show a dance, but no collection point.
    assert with_one_line == len(days) or (not still_open_today and with_one_line == len(days) - 1)
    today_line = f'<a href="/sbirky/?den={today:%Y-%m-%d}#open-on-day">Sbírky: kde dnes odevzdat</a>'
    if still_open_today == 2:
        assert today_line + " (2 otevřená sběrná místa)" in page
    elif still_open_today == 1:
        assert today_line + " (1 otevřené sběrné místo)" in page
    else:
        assert today_line not in page
    tomorrow = today + timedelta(days=1)
    assert f'<a href="/sbirky/?den={tomorrow:%Y-%m-%d}#open-on-day">Sbírky: kde v tento den odevzdat</a>' in page
    assert page.count('class="date-card') == oldies_goldies.occurrences.filter(
        start__lt=timezone.now() + timedelta(days=32), end__gt=timezone.now()).count()


def test_asking_for_collection_drives_lists_every_collection_hour(client, open_every_day, oldies_goldies):
    page = text_of(client.get("/", {"kind": Kind.COLLECTION}))

    assert "Ukliď šatník! · Kulturní dům Šeříková" in page
    assert "collections-today" not in page and "Oldies Goldies" not in page


def test_the_drives_page_lists_the_points_open_on_the_day_chosen_in_the_programme(client, open_every_day):
    day = timezone.localdate() + timedelta(days=3)
    page = text_of(client.get("/sbirky/", {"den": day.isoformat()}))

    section = page.split('id="open-on-day"')[1].split("</section>")[0]
    assert day.strftime("%-d. ") in section
    assert section.index("8:00–15:00") < section.index("14:00–18:00")
    assert "Magistrát – Odbor sociálních služeb, Martinská 2" in section
    assert "Kulturní dům Šeříková, Šeříková 17" in section and "(bez bezbariérového přístupu)" in section
    assert f'href="{open_every_day.get_absolute_url()}#point-' in section


def test_a_day_nobody_collects_says_so(client, db):
    build_drive(needs=CLOTHES, points={create_martinska(): [(Weekday.MONDAY, time(8, 0), time(15, 0))]})
    day = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 + 1)  # a Tuesday
    page = text_of(client.get("/sbirky/", {"den": day.isoformat()}))
    assert "Ten den není otevřené žádné sběrné místo." in page


@pytest.mark.parametrize("value", ["zitra", "2026-02-30", "1900-01-01", "\x00"])
def test_a_wrong_day_on_the_drives_page_shows_today(client, open_every_day, value):
    page = text_of(client.get("/sbirky/", {"den": value}))
    assert "Kam dnes věci odevzdat" in page


def at_prague(hour, minute=0):
    return datetime.combine(timezone.localdate(), time(hour, minute), tzinfo=PRAGUE)


@pytest.mark.parametrize(("moment", "shown", "hidden"), [
    ((20, 30), "už zavřeno", "právě otevřeno"),
    ((10, 0), "právě otevřeno", "už zavřeno"),
])
def test_today_s_hours_read_after_closing_say_already_closed(client, open_every_day, monkeypatch,
                                                             moment, shown, hidden):
    real = hours.local_now
    monkeypatch.setattr(hours, "local_now", lambda now=None: real(now or at_prague(*moment)))

    detail = text_of(client.get(open_every_day.get_absolute_url()))
    magistrat = detail.split("Magistrát – Odbor sociálních služeb</h3>")[1].split("</li>")[0]
    assert "8:00–15:00" in magistrat and shown in magistrat and hidden not in magistrat

    listing = text_of(client.get("/sbirky/")).split('id="open-on-day"')[1].split("</section>")[0]
    first_line = listing.split("<li>")[1]
    assert "8:00–15:00" in first_line and shown in first_line


def test_the_printable_month_leaves_collection_hours_out_unless_asked(client, open_every_day, oldies_goldies):
    month = timezone.localdate().strftime("%Y-%m")  # the drive runs from 10 days ago for a month
    url = reverse("events:print_month")

    plain = text_of(client.get(url, {"month": month}))
    assert "Oldies Goldies" in plain and "Ukliď šatník!" not in plain
    assert "Kdy a kam nosit věci do sbírek: testserver/sbirky/" in plain
    assert '<input type="checkbox" name="collections"' in plain

    with_collections = text_of(client.get(url, {"month": month, "collections": "1"}))
    assert with_collections.count("Ukliď šatník! · Kulturní dům Šeříková") >= 20
    assert f"?month={month[:5]}" in with_collections and "&collections=1" in with_collections


def test_the_printable_month_refuses_a_wrong_choice_of_collections(client):
    response = client.get(reverse("events:print_month"), {"month": "2026-12", "collections": "asi"})
    assert response.status_code == 400
    assert "Použijte 1 pro ano, nebo 0 pro ne." in text_of(response)
