"""Staff move one date in the admin: what they type is what is stored, in Prague time.

Both doors are checked: the page of the date itself and the table of upcoming dates on the
series' page. A late evening workshop (22:00–23:30) is moved to 21:30–23:30, once on a winter
date and once on a summer date, and must not come back as 21:30–23:00.
"""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Occurrence
from events.recurrence import to_local
from tests.events.test_admin import change_url, form_data, refused

pytestmark = pytest.mark.django_db

END_AFTER_START = "Konec musí být až po začátku."


@pytest.fixture
def late_workshop(make_series, organizer_a):
    """Nedám se! on the last Tuesday of every month, 22:00–23:30: winter and summer dates in its table."""
    today = date.today()
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)  # the next month, its last Tuesday
    last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    while last.weekday() != 1:
        last -= timedelta(days=1)
    return make_series(
        "Nedám se!", rule="FREQ=MONTHLY;BYDAY=-1TU", starts_on=last, start_time=time(22, 0),
        duration=timedelta(hours=1, minutes=30), organizers=[organizer_a],
    )


def in_season(series, season):
    """The first of the series' next 20 dates (those in its table) in winter or summer time."""
    offset = timedelta(hours=1 if season == "winter" else 2)
    rows = list(series.occurrences.upcoming().order_by("start")[:20])
    return next(row for row in rows if to_local(row.start) - row.start.replace(tzinfo=None) == offset)


def date_url(occurrence):
    return reverse("admin:events_occurrence_change", args=[occurrence.pk])


def typed(occurrence, clock):
    """What staff type into the date-and-time box for this date's day at `clock` (HH:MM)."""
    return f"{to_local(occurrence.start).date().isoformat()}T{clock}"


def local_times(occurrence):
    occurrence.refresh_from_db()
    return to_local(occurrence.start).strftime("%H:%M"), to_local(occurrence.end).strftime("%H:%M")


def post_on_date_page(client, occurrence, **values):
    page = client.get(date_url(occurrence))
    return client.post(date_url(occurrence), form_data(page, **values))


def post_in_series_table(client, occurrence, **values):
    page = client.get(change_url(occurrence.series))
    (row,) = [
        index for index, form in enumerate(page.context["inline_admin_formsets"][1].formset.forms)
        if form.instance.pk == occurrence.pk
    ]
    return client.post(change_url(occurrence.series), form_data(
        page, **{f"occurrences-{row}-{name}": value for name, value in values.items()}
    ))


DOORS = [pytest.param(post_on_date_page, id="page of the date"), pytest.param(post_in_series_table, id="series table")]
SEASONS = ["winter", "summer"]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("season", SEASONS)
@pytest.mark.parametrize("post", DOORS)
def test_the_start_and_end_typed_are_what_is_stored_in_prague_time(staff_client, late_workshop, post, season):
    occurrence = in_season(late_workshop, season)
    assert local_times(occurrence) == ("22:00", "23:30")

    response = post(staff_client, occurrence, start=typed(occurrence, "21:30"), end=typed(occurrence, "23:30"))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert local_times(occurrence) == ("21:30", "23:30")
    assert occurrence.modified


@pytest.mark.parametrize("post", DOORS)
def test_both_pages_show_the_times_in_prague_in_one_box_each(staff_client, late_workshop, post):
    for season in SEASONS:
        occurrence = in_season(late_workshop, season)
        page = staff_client.get(date_url(occurrence) if post is post_on_date_page else change_url(late_workshop))

        content = page.content.decode()
        assert f'type="datetime-local" name="{"" if post is post_on_date_page else "occurrences-"}' in content
        assert f'value="{typed(occurrence, "22:00")}"' in content
        assert f'value="{typed(occurrence, "23:30")}"' in content


@pytest.mark.parametrize("post", DOORS)
def test_a_new_start_after_the_end_shown_is_refused_beside_the_end_in_czech(staff_client, late_workshop, post):
    occurrence = in_season(late_workshop, "winter")
    Occurrence.objects.filter(pk=occurrence.pk).update(end=occurrence.start + timedelta(minutes=30))  # 22:00–22:30
    before = local_times(occurrence)

    with translation.override("cs"):
        response = post(staff_client, occurrence, start=typed(occurrence, "23:00"), end=typed(occurrence, "22:30"))

    errors, inline_errors = refused(response)
    end_errors = errors.get("end") if post is post_on_date_page else [
        message for form_errors in inline_errors["occurrences"] for message in form_errors.get("end", [])
    ]
    assert list(end_errors) == [END_AFTER_START]
    assert local_times(occurrence) == before


@pytest.mark.parametrize("post", DOORS)
def test_an_empty_end_keeps_the_length_of_the_date(staff_client, late_workshop, post):
    occurrence = in_season(late_workshop, "summer")

    response = post(staff_client, occurrence, start=typed(occurrence, "19:00"), end="")

    assert response.status_code == 302
    assert local_times(occurrence) == ("19:00", "20:30")


def test_a_date_moved_across_midnight_ends_where_typed(staff_client, late_workshop):
    occurrence = in_season(late_workshop, "winter")
    next_day = (to_local(occurrence.start).date() + timedelta(days=1)).isoformat()

    response = post_on_date_page(staff_client, occurrence, start=typed(occurrence, "22:30"), end=f"{next_day}T00:45")

    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.end - occurrence.start == timedelta(hours=2, minutes=15)
