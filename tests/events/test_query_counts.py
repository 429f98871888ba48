"""Every public list of dates costs the same number of queries for one series as for fifty.

Each test measures a page with a small programme, adds many more series (each with several
dates inside the page's 31-day window, one of them moved to another venue and one cancelled,
so every relation a date card follows is exercised), measures again and compares.
"""

from datetime import date, time, timedelta

import pytest
from django.urls import Resolver404, resolve

from events.models import Occurrence, Venue
from tests.queries import assert_same_count, count_queries

MANY = 50
DATES_PER_SERIES = 3
OCCURRENCES_API = "/api/v1/occurrences/"


@pytest.fixture
def depo(db):
    return Venue.objects.create(
        name="DEPO2015", slug="depo2015", street="Presslova 14", step_free_access=True,
    )


@pytest.fixture
def add_series(make_series, seniors, disabled, depo):
    """Add series number `number`: weekly, DATES_PER_SERIES dates, all within the next 31 days."""

    def add(number, *, rule=None):
        series = make_series(
            f"Šikovné ruce {number}", slug=f"sikovne-ruce-{number}",
            rule=rule or f"FREQ=WEEKLY;BYDAY={weekday_code(number)};COUNT={DATES_PER_SERIES}",
            starts_on=next_weekday(number % 7), start_time=time(9 + number % 8, 0),
            audiences=[seniors, disabled] if number % 2 else [seniors],
        )
        first, second = series.occurrences.order_by("start")[:2]
        Occurrence.objects.filter(pk=first.pk).update(venue=depo, modified=True)
        Occurrence.objects.filter(pk=second.pk).update(
            status=Occurrence.Status.CANCELLED, status_note="Lektorka onemocněla.",
        )
        return series

    return add


def weekday_code(number):
    return ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[number % 7]


def next_weekday(weekday):
    today = date.today()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_programme_page_costs_the_same_for_one_series_or_fifty(client, add_series):
    add_series(0)
    one = count_queries(client, "/", warm_up=True)
    page = one.response
    assert page.content.decode().count('class="date-card') == DATES_PER_SERIES

    for number in range(1, MANY):
        add_series(number)
    many = count_queries(client, "/", warm_up=True)
    page = many.response

    html = page.content.decode()
    assert html.count('class="date-card') == MANY * DATES_PER_SERIES
    assert "Šikovné ruce 49" in html
    assert "DEPO2015" in html
    assert_same_count(one, many, "The programme page", rows=("1 series", f"{MANY} series"))


def test_series_page_costs_the_same_for_one_date_or_twelve_among_fifty_series(client, add_series):
    few = add_series(0)
    one = count_queries(client, few.get_absolute_url(), warm_up=True)
    page = one.response
    assert page.content.decode().count('class="date-card') == DATES_PER_SERIES

    for number in range(1, MANY - 1):
        add_series(number)
    weekly = add_series(MANY - 1, rule=f"FREQ=WEEKLY;BYDAY={weekday_code(MANY - 1)}")
    many = count_queries(client, weekly.get_absolute_url(), warm_up=True)
    page = many.response

    html = page.content.decode()
    assert html.count('class="date-card') == 12  # the page shows the next twelve dates
    assert "DEPO2015" in html
    assert_same_count(one, many, "The series page", rows=("1 series", f"{MANY} series"))


def test_occurrences_api_costs_the_same_for_one_series_or_fifty(client, add_series):
    try:
        resolve(OCCURRENCES_API)
    except Resolver404:
        pytest.skip(f"{OCCURRENCES_API} is not routed yet (api/urls.py); counting starts once it is")
    add_series(0)
    one = count_queries(client, OCCURRENCES_API, warm_up=True)
    response = one.response
    dates_of_one = results_of(response.json())

    for number in range(1, MANY):
        add_series(number)
    many = count_queries(client, OCCURRENCES_API, warm_up=True)
    response = many.response

    dates_of_many = results_of(response.json())
    assert len(dates_of_many) > len(dates_of_one) >= 1
    assert_same_count(one, many, f"GET {OCCURRENCES_API}", rows=("1 series", f"{MANY} series"))


def results_of(body):
    """The list of dates, whether or not the endpoint pages them."""
    return body["results"] if isinstance(body, dict) else body
