"""How the feed answers over HTTP: content type, ETag, 304, wrong filters, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils.http import http_date

from events.models import Kind
from registrations.services import register
from tests.queries import count_queries

from .conftest import FEED, change_date, parse


def test_the_feed_is_a_calendar_with_etag_and_last_modified(client, oldies_goldies):
    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    newest = max(oldies_goldies.updated_at, oldies_goldies.venue.updated_at)
    assert response["Last-Modified"] == http_date(int(newest.timestamp()))


def test_a_calendar_asking_again_with_the_etag_gets_304_and_no_body(client, oldies_goldies):
    etag = client.get(FEED)["ETag"]

    response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_works_too(client, oldies_goldies):
    last_modified = client.get(FEED)["Last-Modified"]

    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_registration_does_not_change_the_etag_but_a_moved_date_does(client, oldies_goldies):
    first = oldies_goldies.occurrences.order_by("start")[0]
    etag = client.get(FEED)["ETag"]

    register(first, name="Jan Novák", phone="777 111 222")
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304

    change_date(first, start=first.start + timedelta(hours=1))
    response = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_cancelled_date_reaches_the_feed_at_once(client, oldies_goldies):
    from events.services import cancel_occurrence

    client.get(FEED)
    cancel_occurrence(oldies_goldies.occurrences.order_by("start")[0])

    assert b"EXDATE" in client.get(FEED).content


@pytest.mark.parametrize(
    "query",
    ["audience=nikdo", "kind=opera", "venue=neznamo", "series=neni-takova-akce", "venue=99999", "audience=%00"],
)
def test_an_unknown_filter_value_gets_400_with_a_short_message(client, oldies_goldies, query):
    response = client.get(f"{FEED}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert 0 < len(response.content) < 300


def test_an_unpublished_series_is_an_unknown_filter(client, make_series):
    make_series("Příprava festivalu", published=False)

    assert client.get(f"{FEED}?series=priprava-festivalu").status_code == 400


@pytest.mark.parametrize("path", [FEED, f"{FEED}?audience=seniori&kind=dance&venue=mestanska-beseda"])
def test_the_feed_is_built_from_the_same_number_of_queries_for_one_series_or_many(client, make_series, path):
    first = make_series("Oldies Goldies")
    change_date(first.occurrences.order_by("start")[0], start=first.occurrences.order_by("start")[0].start
                + timedelta(hours=1))
    one = count_queries(client, path, status=(200, 304))
    for number in range(6):
        series = make_series(f"Taneční odpoledne {number}", kind=Kind.DANCE)
        dates = list(series.occurrences.order_by("start")[:2])
        change_date(dates[0], start=dates[0].start + timedelta(hours=1))
        change_date(dates[1], status="cancelled")

    many = count_queries(client, path, status=(200, 304))

    assert many == one
    assert len(parse(client.get(path)).walk("VEVENT")) == 1 + 1 + 6 * 2


def test_a_304_costs_one_query(client, oldies_goldies):
    etag = client.get(FEED)["ETag"]

    assert count_queries(client, FEED, status=(200, 304), HTTP_IF_NONE_MATCH=etag) == 1
