"""One way to count a page's SQL queries, for the tests that a list costs the same for one row as for many.

`count_queries(client, url)` asks for the page and returns the number of queries it ran, as an int
that also carries the queries (`sql`) and the `response`; `assert_same_count` fails with both
lists of queries side by side, so the extra ones (an N+1) stand out.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


class Queries(int):
    """The number of queries, comparable as a number, with what was run and answered."""

    def __new__(cls, captured, response):
        counted = super().__new__(cls, len(captured))
        counted.sql = [query["sql"] for query in captured.captured_queries]
        counted.response = response
        return counted


def count_queries(client, url, data=None, *, method="get", warm_up=False, status=200, **headers):
    """The queries one request to `url` runs (a GET unless `method` says); `warm_up` first asks once
    uncounted (translations, sessions).

    The answer must be `status` (or one of them): an error page costs other queries than the page.
    """
    send = getattr(client, method)
    if warm_up:
        send(url, data, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data, **headers)
    expected = status if isinstance(status, tuple) else (status,)
    assert response.status_code in expected, (url, response.status_code, response.content[:500])
    return Queries(captured, response)


def assert_same_count(one, many, label, *, rows=("1", "many")):
    """Equal counts, or a failure listing both sets of queries."""
    if one != many:
        listing = "\n".join(
            [f"--- {label} with {rows[0]}: {int(one)} queries", *one.sql,
             f"--- {label} with {rows[1]}: {int(many)} queries", *many.sql]
        )
        pytest.fail(f"{label} runs more queries with more rows (N+1?)\n{listing}")
