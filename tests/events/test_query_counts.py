"""Every public list of dates costs the same number of queries for one series as for fifty.

Each test measures a page with a small programme, adds many more series (each with several
dates inside the page's 31-day window, one of them moved to another venue and one cancelled,
so every relation a date card follows is exercised), measures again and compares.
"""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from events.models import Occurrence, Venue

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


def count_queries(client, url):
    client.get(url)  # Warm-up: one-time work (such as loading translations) is not what is compared.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return captured, response


def assert_same_count(one, many, label):
    """Equal counts, or a failure that lists both sets of queries so the extra ones stand out."""
    if len(one) != len(many):
        listing = "\n".join(
            [f"--- {label} with 1 series: {len(one)} queries"]
            + [query["sql"] for query in one.captured_queries]
            + [f"--- {label} with {MANY} series: {len(many)} queries"]
            + [query["sql"] for query in many.captured_queries]
        )
        pytest.fail(f"{label} runs more queries with more series (N+1?)\n{listing}")


def test_programme_page_costs_the_same_for_one_series_or_fifty(client, add_series):
    add_series(0)
    one, page = count_queries(client, "/")
    assert page.content.decode().count('class="date-card') == DATES_PER_SERIES

    for number in range(1, MANY):
        add_series(number)
    many, page = count_queries(client, "/")

    html = page.content.decode()
    assert html.count('class="date-card') == MANY * DATES_PER_SERIES
    assert "Šikovné ruce 49" in html
    assert "DEPO2015" in html
    assert_same_count(one, many, "The programme page")


def test_series_page_costs_the_same_for_one_date_or_twelve_among_fifty_series(client, add_series):
    few = add_series(0)
    one, page = count_queries(client, few.get_absolute_url())
    assert page.content.decode().count('class="date-card') == DATES_PER_SERIES

    for number in range(1, MANY - 1):
        add_series(number)
    weekly = add_series(MANY - 1, rule=f"FREQ=WEEKLY;BYDAY={weekday_code(MANY - 1)}")
    many, page = count_queries(client, weekly.get_absolute_url())

    html = page.content.decode()
    assert html.count('class="date-card') == 12  # the page shows the next twelve dates
    assert "DEPO2015" in html
    assert_same_count(one, many, "The series page")


def test_occurrences_api_costs_the_same_for_one_series_or_fifty(client, add_series):
    try:
        resolve(OCCURRENCES_API)
    except Resolver404:
        pytest.skip(f"{OCCURRENCES_API} is not routed yet (api/urls.py); counting starts once it is")
    add_series(0)
    one, response = count_queries(client, OCCURRENCES_API)
    dates_of_one = results_of(response.json())

    for number in range(1, MANY):
        add_series(number)
    many, response = count_queries(client, OCCURRENCES_API)

    dates_of_many = results_of(response.json())
    assert len(dates_of_many) > len(dates_of_one) >= 1
    assert_same_count(one, many, f"GET {OCCURRENCES_API}")


def results_of(body):
    """The list of dates, whether or not the endpoint pages them."""
    return body["results"] if isinstance(body, dict) else body
