"""Series through the API: everyone reads the programme, department staff write it."""

from datetime import date, time, timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Occurrence, OccurrenceChange, Series
from tests.queries import count_queries

from .conftest import czech

URL = "/api/v1/series/"


def next_weekday(weekday, after=None):
    day = (after or date.today()) + timedelta(days=1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.fixture
def dance_evening(beseda, seniors):
    """What a booking system would send to add the Thursday dance evenings."""
    return {
        "title": "Taneční odpoledne",
        "kind": "dance",
        "venue": beseda.pk,
        "audiences": [seniors.pk],
        "capacity": 60,
        "starts_on": next_weekday(3).isoformat(),
        "start_time": "15:00",
        "duration_minutes": 150,
        "recurrence": "FREQ=WEEKLY;BYDAY=TH",
        "price_note": "zdarma",
    }


def test_anyone_reads_a_series_with_its_schedule(api, oldies_goldies, beseda, seniors):
    response = api.get(f"{URL}{oldies_goldies.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Oldies Goldies"
    assert body["slug"] == "oldies-goldies"
    assert body["kind"] == "dance"
    assert body["venue"] == beseda.pk
    assert body["audiences"] == [seniors.pk]
    assert body["capacity"] == 40
    assert body["recurrence"] == "FREQ=WEEKLY;BYDAY=WE"
    assert body["starts_on"] == oldies_goldies.starts_on.isoformat()
    assert body["start_time"] == "18:00:00"
    assert body["duration_minutes"] == 180
    assert body["excluded_dates"] == []
    assert body["url"] == "http://testserver/akce/oldies-goldies/"
    assert "organizers" not in body


def test_the_list_is_paginated_and_hides_unpublished_series_from_the_public(
    api, client_for, make_series, oldies_goldies, nedam_se, staff, organizer_a, organizer_b, stranger
):
    draft = make_series("Umííí", rule="", published=False, organizers=[organizer_a])

    def titles(client):
        body = client.get(URL).json()
        assert set(body) == {"count", "next", "previous", "results"}
        return [item["title"] for item in body["results"]]

    assert titles(api) == ["Nedám se!", "Oldies Goldies"]
    assert titles(client_for(stranger)) == ["Nedám se!", "Oldies Goldies"]
    assert titles(client_for(organizer_b)) == ["Nedám se!", "Oldies Goldies"]
    assert titles(client_for(organizer_a)) == ["Nedám se!", "Oldies Goldies", "Umííí"]
    assert titles(client_for(staff)) == ["Nedám se!", "Oldies Goldies", "Umííí"]
    assert api.get(f"{URL}{draft.pk}/").status_code == 404


def test_staff_see_who_organizes_a_series(client_for, oldies_goldies, staff, organizer_a):
    body = client_for(staff).get(f"{URL}{oldies_goldies.pk}/").json()

    assert body["organizers"] == [organizer_a.pk]


def test_staff_add_a_weekly_series_and_its_dates_appear_in_the_programme(client_for, staff, dance_evening):
    response = client_for(staff).post(URL, dance_evening, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "tanecni-odpoledne"
    assert body["duration_minutes"] == 150
    series = Series.objects.get(pk=body["id"])
    first = date.fromisoformat(dance_evening["starts_on"])

    dates = APIClient().get("/api/v1/occurrences/", {"series": series.pk}).json()
    assert dates["count"] == series.occurrences.count() > 50
    assert dates["results"][0]["start"].startswith(f"{first}T15:00:00+0")
    assert dates["results"][1]["start"].startswith(f"{first + timedelta(days=7)}T15:00:00+0")
    assert dates["results"][0]["end"].startswith(f"{first}T17:30:00+0")


def test_excluded_dates_have_no_date_in_the_programme(client_for, staff, dance_evening):
    first = date.fromisoformat(dance_evening["starts_on"])
    holiday = first + timedelta(days=14)

    response = client_for(staff).post(
        URL, {**dance_evening, "excluded_dates": [holiday.isoformat()]}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["excluded_dates"] == [holiday.isoformat()]
    days = {o.start.date() for o in Occurrence.objects.filter(series_id=response.json()["id"])}
    assert first + timedelta(days=7) in days and holiday not in days


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"recurrence": "FREQ=MINUTELY"}, "recurrence"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}, "recurrence"),
        ({"recurrence": "FREQ=WEEKLY;BYDAY=MO"}, "recurrence"),  # the first date is a Thursday
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -60}, "duration_minutes"),
        ({"duration_minutes": 15 * 24 * 60}, "duration_minutes"),
        ({"recurrence": "FREQ=DAILY", "duration_minutes": 24 * 60}, "duration_minutes"),
        # Every Sunday at 2:30 meets a night when the clocks skip or repeat that time.
        ({"recurrence": "FREQ=WEEKLY;BYDAY=SU", "starts_on": next_weekday(6).isoformat(), "start_time": "02:30"},
         "start_time"),
        ({"capacity": 0}, "capacity"),
        ({"venue": 999999}, "venue"),
        ({"kind": "piknik"}, "kind"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
    ],
)
def test_an_invalid_series_is_a_400_and_creates_nothing(client_for, staff, dance_evening, change, field):
    response = client_for(staff).post(URL, {**dance_evening, **change}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Series.objects.count() == 0
    assert Occurrence.objects.count() == 0


def test_the_schedule_error_is_the_services_czech_message(client_for, staff, dance_evening):
    minutely = client_for(staff).post(URL, {**dance_evening, "recurrence": "FREQ=MINUTELY"}, format="json")
    too_long = client_for(staff).post(URL, {**dance_evening, "duration_minutes": 15 * 24 * 60}, format="json")

    assert minutely.json() == {
        "recurrence": [czech("An event can repeat at most daily; more frequent repetition is not possible.")]
    }
    assert too_long.json() == {"duration_minutes": [czech("One date can last at most 14 days.")]}


def test_a_short_name_already_in_use_is_refused(client_for, staff, dance_evening, oldies_goldies):
    response = client_for(staff).post(URL, {**dance_evening, "slug": "oldies-goldies"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"slug": [czech("Another series already uses this short name.")]}


def test_a_second_series_with_the_same_title_gets_its_own_short_name(client_for, staff, dance_evening):
    client = client_for(staff)
    first = client.post(URL, dance_evening, format="json").json()
    second = client.post(URL, dance_evening, format="json").json()

    assert (first["slug"], second["slug"]) == ("tanecni-odpoledne", "tanecni-odpoledne-2")


def test_anonymous_cannot_write(api, oldies_goldies, dance_evening):
    assert api.post(URL, dance_evening, format="json").status_code == 401
    response = api.patch(f"{URL}{oldies_goldies.pk}/", {"capacity": 10}, format="json")

    assert response.status_code == 401
    assert set(response.json()) == {"code", "detail"}
    assert response.json()["code"] == "not_authenticated"
    assert Series.objects.get().capacity == 40


@pytest.mark.parametrize("persona", ["stranger", "organizer_a"])
def test_only_department_staff_add_a_series(client_for, request, dance_evening, persona, oldies_goldies):
    response = client_for(request.getfixturevalue(persona)).post(URL, dance_evening, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_department_staff", "detail": czech("Only department staff can add a series."),
    }
    assert Series.objects.count() == 1


def test_an_organizer_cannot_change_another_organizers_series(client_for, oldies_goldies, organizer_b):
    response = client_for(organizer_b).patch(f"{URL}{oldies_goldies.pk}/", {"capacity": 10}, format="json")

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_your_series", "detail": czech("You can change only a series you organize."),
    }
    assert Series.objects.get(pk=oldies_goldies.pk).capacity == 40


def test_a_stranger_cannot_change_a_series(client_for, oldies_goldies, stranger):
    response = client_for(stranger).patch(f"{URL}{oldies_goldies.pk}/", {"capacity": 10}, format="json")

    assert response.status_code == 403


def test_the_organizer_changes_places_and_every_future_date_follows(client_for, oldies_goldies, organizer_a):
    response = client_for(organizer_a).patch(f"{URL}{oldies_goldies.pk}/", {"capacity": 25}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 25
    assert set(oldies_goldies.occurrences.values_list("capacity", flat=True)) == {25}
    dates = APIClient().get("/api/v1/occurrences/", {"series": oldies_goldies.pk}).json()["results"]
    assert {item["seats_left"] for item in dates} == {25}


def test_an_organizer_cannot_hand_the_series_to_someone_else(client_for, oldies_goldies, organizer_a, organizer_b):
    response = client_for(organizer_a).patch(
        f"{URL}{oldies_goldies.pk}/", {"organizers": [organizer_b.pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "organizers": [czech("Only department staff can change who organizes a series.")]
    }
    assert list(oldies_goldies.organizers.all()) == [organizer_a]


def test_staff_change_the_schedule_and_the_dates_move(client_for, staff, oldies_goldies):
    thursday = oldies_goldies.starts_on + timedelta(days=1)

    response = client_for(staff).patch(
        f"{URL}{oldies_goldies.pk}/",
        {"recurrence": "FREQ=WEEKLY;BYDAY=TH", "starts_on": thursday.isoformat(), "duration_minutes": 120},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert {o.start.date().weekday() for o in oldies_goldies.occurrences.all()} == {3}
    assert {o.end - o.start for o in oldies_goldies.occurrences.all()} == {timedelta(hours=2)}


def test_a_bad_change_leaves_the_series_and_its_dates_alone(client_for, staff, oldies_goldies):
    before = list(oldies_goldies.occurrences.values_list("pk", "start", "end"))

    response = client_for(staff).patch(
        f"{URL}{oldies_goldies.pk}/", {"recurrence": "FREQ=MINUTELY", "title": "Jiný název"}, format="json"
    )

    assert response.status_code == 400
    oldies_goldies.refresh_from_db()
    assert (oldies_goldies.title, oldies_goldies.recurrence) == ("Oldies Goldies", "FREQ=WEEKLY;BYDAY=WE")
    assert list(oldies_goldies.occurrences.values_list("pk", "start", "end")) == before


def test_staff_can_set_and_clear_excluded_dates(client_for, staff, oldies_goldies):
    skipped = oldies_goldies.starts_on + timedelta(days=7)
    client = client_for(staff)

    client.patch(f"{URL}{oldies_goldies.pk}/", {"excluded_dates": [skipped.isoformat()]}, format="json")
    assert skipped not in {o.start.date() for o in oldies_goldies.occurrences.all()}

    response = client.patch(f"{URL}{oldies_goldies.pk}/", {"excluded_dates": []}, format="json")
    assert response.json()["excluded_dates"] == []
    assert skipped in {o.start.date() for o in oldies_goldies.occurrences.all()}


def test_a_token_lets_another_system_write(staff, dance_evening):
    token = Token.objects.create(user=staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post(URL, dance_evening, format="json")

    assert response.status_code == 201, response.content
    assert Series.objects.filter(title="Taneční odpoledne").exists()


def test_a_wrong_token_is_a_401(api, oldies_goldies):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert api.get(URL).status_code == 401


def test_listing_series_takes_the_same_queries_for_1_and_50(api, client_for, make_series, staff, organizer_a):
    make_series("Akce 0", rule="", organizers=[organizer_a])
    staff_client = client_for(staff)
    anonymous_one, staff_one = count_queries(api, URL), count_queries(staff_client, URL)
    for number in range(1, 50):
        series = make_series(
            f"Akce {number}", rule="", starts_on=date.today() + timedelta(days=1 + number % 20),
            start_time=time(9 + number % 8, 0), organizers=[organizer_a] if number % 2 else [],
        )
        series.excluded_dates.create(date=date.today() + timedelta(days=100))
    assert Series.objects.count() == 50

    assert count_queries(api, URL) == anonymous_one
    assert count_queries(staff_client, URL) == staff_one


def test_a_change_through_the_api_names_who_made_it_in_the_dates_history(client_for, oldies_goldies, organizer_a):
    dates = set(oldies_goldies.occurrences.values_list("pk", flat=True))

    response = client_for(organizer_a).patch(f"{URL}{oldies_goldies.pk}/", {"capacity": 25}, format="json")

    assert response.status_code == 200, response.content
    changes = OccurrenceChange.objects.filter(occurrence__series=oldies_goldies)
    assert set(changes.values_list("occurrence", flat=True)) == dates
    assert set(changes.values_list("by", "by_name")) == {(organizer_a.pk, organizer_a.get_full_name())}
