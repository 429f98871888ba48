"""An API client changing a schedule meets the same question as staff in the admin: dates with
someone's work in them are listed, and nothing changes until the client confirms."""

from datetime import timedelta

from django.utils import translation

from events.models import Occurrence
from tests.feeds.conftest import change_date

URL = "/api/v1/series/"


def _moved_by_hand(series):
    row = series.occurrences.order_by("start")[1]
    return change_date(row, start=row.start + timedelta(minutes=90), end=row.end + timedelta(minutes=90))


def test_a_new_start_time_over_a_date_moved_by_hand_is_refused_with_the_dates_listed(client_for, staff, oldies_goldies):
    moved = _moved_by_hand(oldies_goldies)

    with translation.override("cs"):
        response = client_for(staff).patch(
            f"{URL}{oldies_goldies.pk}/", {"start_time": "19:00"}, format="json", HTTP_ACCEPT_LANGUAGE="cs")

    assert response.status_code == 400
    first, *lines = response.json()["confirm_date_changes"]
    assert first.startswith("Změna se týká těchto termínů")
    assert any("přesunuto ručně" in line and "zůstane, jak je" in line for line in lines), lines
    oldies_goldies.refresh_from_db()
    assert oldies_goldies.start_time.hour == 18
    assert Occurrence.objects.get(pk=moved.pk).start == moved.start


def test_the_confirmed_change_keeps_the_date_moved_by_hand(client_for, staff, oldies_goldies):
    moved = _moved_by_hand(oldies_goldies)

    response = client_for(staff).patch(
        f"{URL}{oldies_goldies.pk}/", {"start_time": "19:00", "confirm_date_changes": True}, format="json")

    assert response.status_code == 200, response.content
    assert "confirm_date_changes" not in response.json()
    kept = Occurrence.objects.get(pk=moved.pk)
    assert (kept.start, kept.end) == (moved.start, moved.end)
    assert not kept.is_cancelled


def test_a_change_that_touches_no_hand_made_date_needs_no_confirmation(client_for, staff, oldies_goldies):
    response = client_for(staff).patch(f"{URL}{oldies_goldies.pk}/", {"start_time": "19:00"}, format="json")

    assert response.status_code == 200, response.content
