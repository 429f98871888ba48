"""'Dnes: 8:00–15:00' read at 20:30 says 'už zavřeno' on the staff's pages as on the public ones:
one rule (drives.hours.state_at), so the office never tells a caller to come with their bags tonight."""

import html
import re
from datetime import datetime, time

import pytest
from django.utils import timezone

from drives import hours
from drives.models import Weekday
from events.recurrence import PRAGUE

from .conftest import CLOTHES, build_drive, create_martinska, czech, point_at

pytestmark = pytest.mark.django_db

ALREADY_CLOSED, OPEN_NOW = "already closed", "open now"


@pytest.fixture
def open_every_day(db):
    """Ukliď šatník! with the Magistrát open 8:00–15:00 every day of the week."""
    martinska = create_martinska()
    drive = build_drive(needs=CLOTHES, points={martinska: [(day, time(8, 0), time(15, 0)) for day in Weekday]})
    return drive, point_at(drive, martinska)


@pytest.fixture
def at(monkeypatch):
    """Set Prague's clock to hour:minute today."""
    real = hours.local_now

    def set_clock(hour, minute=0):
        moment = datetime.combine(timezone.localdate(), time(hour, minute), tzinfo=PRAGUE)
        monkeypatch.setattr(hours, "local_now", lambda now=None: real(now or moment))

    return set_clock


def text_of(response):
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"\s+", " ", response.content.decode())))


@pytest.mark.parametrize(("hour", "shown", "hidden"), [
    (20, ALREADY_CLOSED, OPEN_NOW), (10, OPEN_NOW, ALREADY_CLOSED), (7, None, None),
])
def test_the_staff_overview_and_the_point_page_say_whether_today_s_hours_are_over(
        client, staff, open_every_day, at, hour, shown, hidden):
    drive, point = open_every_day
    client.force_login(staff)
    at(hour, 30)

    for url in (f"/sprava/sbirky/{drive.slug}/", f"/sprava/sbirky/{drive.slug}/misto/{point.pk}/"):
        line = text_of(client.get(url)).split(czech("Today:"), 1)[1][:60]
        assert line.startswith(" 8:00–15:00"), (url, line)
        if shown:
            assert czech(shown) in line and czech(hidden) not in line, (url, line)
        else:  # before opening: neither
            assert czech(ALREADY_CLOSED) not in line and czech(OPEN_NOW) not in line, (url, line)


def test_the_staff_and_the_public_page_say_the_same_after_closing(client, staff, open_every_day, at):
    drive, _point = open_every_day
    at(20, 30)
    public = text_of(client.get(drive.get_absolute_url()))
    client.force_login(staff)
    office = text_of(client.get(f"/sprava/sbirky/{drive.slug}/"))
    assert f"8:00–15:00 · {czech(ALREADY_CLOSED)}" in public
    assert f"8:00–15:00 · {czech(ALREADY_CLOSED)}" in office


def test_a_drive_not_started_yet_says_neither(client, staff, open_every_day, at):
    drive, point = open_every_day
    drive.status = drive.Status.PREPARED
    drive.save()
    client.force_login(staff)
    at(20, 30)
    line = text_of(client.get(f"/sprava/sbirky/{drive.slug}/misto/{point.pk}/")).split(czech("Today:"), 1)[1][:60]
    assert czech(ALREADY_CLOSED) not in line and czech(OPEN_NOW) not in line
