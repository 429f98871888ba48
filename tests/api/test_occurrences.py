"""Another system reads the programme's dates: the same dates and filters as the public page."""

from datetime import date, time, timedelta

import pytest

from events.models import Audience, Kind, Occurrence, Venue
from events.services import cancel_occurrence
from tests.queries import count_queries

from .conftest import czech

URL = "/api/v1/occurrences/"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [item["id"] for item in results(response)]


def first_weekday_in_months(months, weekday, after):
    day = after + timedelta(days=1)
    while not (day.month in months and day.weekday() == weekday):
        day += timedelta(days=1)
    return day


@pytest.fixture
def depo(db):
    return Venue.objects.create(name="DEPO2015", slug="depo2015", street="Presslova 14")


@pytest.fixture
def families(db):
    return Audience.objects.create(name="rodiny s dětmi a mládež", slug="rodiny", position=3)


def test_a_date_carries_what_a_consumer_needs(api, oldies_goldies, beseda):
    item = results(api.get(URL, {"series": oldies_goldies.pk}))[0]
    occurrence = oldies_goldies.occurrences.order_by("start").first()

    assert item["id"] == occurrence.pk
    assert item["series"] == oldies_goldies.pk
    assert item["series_slug"] == "oldies-goldies"
    assert item["title"] == "Oldies Goldies"
    assert item["kind"] == "dance"
    assert item["status"] == "scheduled"
    assert item["status_note"] == ""
    assert item["venue"] == beseda.pk
    assert item["capacity"] == 40
    assert item["seats_left"] == 40
    assert item["registration_state"] == "open"
    assert item["registration_open"] is True
    assert item["url"] == f"http://testserver/akce/oldies-goldies/{occurrence.pk}/"


def test_the_same_evening_is_at_six_in_winter_and_in_summer(api, oldies_goldies):
    today = date.today()
    winter = first_weekday_in_months({12, 1, 2}, 2, after=today)
    summer = first_weekday_in_months({6, 7, 8}, 2, after=today)

    [in_winter] = results(api.get(URL, {"series": oldies_goldies.pk, "from": winter, "to": winter}))
    [in_summer] = results(api.get(URL, {"series": oldies_goldies.pk, "from": summer, "to": summer}))

    assert in_winter["start"] == f"{winter}T18:00:00+01:00"
    assert in_winter["end"] == f"{winter}T21:00:00+01:00"
    assert in_summer["start"] == f"{summer}T18:00:00+02:00"


def test_a_cancelled_date_stays_listed_as_cancelled(api, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start").first()
    cancel_occurrence(occurrence, note="Sál je v opravě.")

    item = results(api.get(URL, {"series": oldies_goldies.pk}))[0]

    assert item["id"] == occurrence.pk
    assert item["status"] == "cancelled"
    assert item["status_note"] == "Sál je v opravě."
    assert item["registration_open"] is False


def test_a_date_moved_elsewhere_shows_and_filters_by_its_own_venue(api, oldies_goldies, beseda, depo):
    moved = oldies_goldies.occurrences.order_by("start").first()
    moved.venue = depo
    moved.save()

    assert ids(api.get(URL, {"venue": depo.pk})) == [moved.pk]
    assert ids(api.get(URL, {"venue": "depo2015"})) == [moved.pk]
    at_beseda = ids(api.get(URL, {"venue": beseda.slug, "series": oldies_goldies.pk}))
    assert moved.pk not in at_beseda and at_beseda
    assert results(api.get(URL, {"venue": depo.pk}))[0]["venue"] == depo.pk


def test_filters_by_audience_kind_and_series(api, make_series, oldies_goldies, nedam_se, families):
    puppets = make_series("Loutky pro rodiny", rule="", kind=Kind.FESTIVAL, audiences=[families])

    assert ids(api.get(URL, {"audience": families.pk})) == [puppets.occurrences.get().pk]
    assert ids(api.get(URL, {"audience": "rodiny"})) == [puppets.occurrences.get().pk]
    assert {item["series"] for item in results(api.get(URL, {"kind": "workshop"}))} == {nedam_se.pk}
    assert {item["series"] for item in results(api.get(URL, {"series": "nedam-se"}))} == {nedam_se.pk}
    seniors_only = {item["series"] for item in results(api.get(URL, {"audience": "seniori"}))}
    assert seniors_only == {oldies_goldies.pk, nedam_se.pk}


def test_from_and_to_limit_the_days(api, oldies_goldies):
    dates = list(oldies_goldies.occurrences.order_by("start"))
    second, third = dates[1], dates[2]
    day = second.start.date()

    listed = ids(api.get(URL, {"from": day, "to": day + timedelta(days=7)}))

    assert listed == [second.pk, third.pk]


def test_without_from_only_dates_that_have_not_ended_are_listed(api, oldies_goldies):
    last_week = oldies_goldies.occurrences.order_by("start").first()
    last_week.start -= timedelta(days=14)
    last_week.end -= timedelta(days=14)
    last_week.save()
    day = last_week.start.date()

    assert last_week.pk not in ids(api.get(URL, {"series": oldies_goldies.pk}))
    assert ids(api.get(URL, {"series": oldies_goldies.pk, "from": day, "to": day})) == [last_week.pk]


def test_has_free_places_leaves_out_full_dates(api, oldies_goldies):
    full, free = list(oldies_goldies.occurrences.order_by("start"))[:2]
    Occurrence.objects.filter(pk=full.pk).update(seats_taken=40)

    with_places = ids(api.get(URL, {"series": oldies_goldies.pk, "has_free_places": "1"}))
    everything = ids(api.get(URL, {"series": oldies_goldies.pk, "has_free_places": "0"}))

    assert full.pk not in with_places and free.pk in with_places
    assert full.pk in everything
    assert results(api.get(URL, {"series": oldies_goldies.pk}))[0]["seats_left"] == 0


def test_unpublished_series_dates_are_not_public(api, make_series, oldies_goldies):
    draft = make_series("Umííí", rule="", published=False)

    listed = {item["series"] for item in results(api.get(URL))}

    assert oldies_goldies.pk in listed and draft.pk not in listed
    assert api.get(f"{URL}{draft.occurrences.get().pk}/").status_code == 404


def test_one_date_by_its_id(api, oldies_goldies):
    occurrence = oldies_goldies.occurrences.order_by("start").last()

    response = api.get(f"{URL}{occurrence.pk}/")

    assert response.status_code == 200
    assert response.json()["id"] == occurrence.pk
    assert response.json()["start"].endswith(("+01:00", "+02:00"))


def test_the_list_is_paginated(api, oldies_goldies):
    body = api.get(URL).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == oldies_goldies.occurrences.count() > 50
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/occurrences/?page=2"
    assert api.get(body["next"]).json()["previous"] is not None


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"audience": "neznama"}, "For whom", "Unknown audience."),
        ({"kind": "piknik"}, "Kind", "Unknown kind of event."),
        ({"venue": "999999"}, "Venue", "Unknown venue."),
        ({"series": "neni-takova"}, "Event", "Unknown event."),
        ({"from": "2026-13-45"}, "From", "Enter a date as YYYY-MM-DD, for example 2026-12-24."),
        ({"has_free_places": "mozna"}, "Only with free places", "Use 1 for yes or 0 for no."),
    ],
)
def test_a_bad_filter_value_is_a_400_with_the_forms_message(api, seniors, query, field, message):
    response = api.get(URL, query)

    assert response.status_code == 400
    assert response.json() == {"code": "invalid_filter", "detail": f"{czech(field)}: {czech(message)}"}


def test_a_range_that_ends_before_it_begins_is_refused(api, db):
    response = api.get(URL, {"from": "2026-12-24", "to": "2026-12-01"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_filter", "detail": czech("The end of the range is before its beginning."),
    }


@pytest.mark.parametrize("query", [{"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "9999-12-31"}])
def test_dates_at_the_ends_of_the_calendar_are_a_400_not_a_crash(api, db, query):
    response = api.get(URL, query)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["code"] == "invalid_filter"


def test_filter_errors_read_in_czech(api, seniors, czech_catalogue):
    detail = api.get(URL, {"audience": "neznama"}).json()["detail"]

    assert "Unknown audience." not in detail
    assert detail.endswith(czech("Unknown audience."))


def test_a_unknown_date_is_a_404_with_code_and_detail(api, db):
    response = api.get(f"{URL}987654/")

    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail"}
    assert response.json()["code"] == "not_found"


def test_listing_dates_takes_the_same_queries_for_1_and_50_series(api, make_series, depo, families):
    make_series("Akce 0", rule="", starts_on=date.today() + timedelta(days=1))
    one = count_queries(api, URL)
    for number in range(1, 50):
        series = make_series(
            f"Akce {number}", rule="", starts_on=date.today() + timedelta(days=1 + number % 20),
            start_time=time(9 + number % 8, 0), audiences=[families] if number % 2 else None,
            **({"venue": depo} if number % 3 else {}),
        )
        if number % 5 == 0:
            series.occurrences.update(venue=depo)
    assert Occurrence.objects.count() == 50

    assert count_queries(api, URL) == one
    assert count_queries(api, URL + "?audience=rodiny&has_free_places=1") == one + 1
