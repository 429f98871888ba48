"""Headers no browser sends — a lone surrogate, a character outside Latin-1, NUL — get a 4xx or the
page, never a 500.

A real server decodes headers as Latin-1, so these arrive only from an in-process client (the schema
fuzzer's found two); the code that reads them must not depend on which server is in front.
Requests go through werkzeug's client, which passes such text on as it is.
"""

import pytest
from werkzeug.test import Client

from config.wsgi import application

ODD_TEXTS = {"a lone surrogate": "\ud800", "a character outside Latin-1": "\u2713", "NUL": "\x00"}
HEADERS = [
    "Authorization", "Cookie", "Accept", "Accept-Language", "X-Forwarded-For", "Idempotency-Key",
    "If-None-Match", "If-Modified-Since", "User-Agent", "Referer", "X-CSRFToken", "Origin", "Content-Type",
]


def _ways(odd):
    """The header values that carry the odd text: alone, and after a scheme or a name where one is read."""
    return {
        "Authorization": [odd, f"Token {odd}", f"Token abc{odd}", f"Basic {odd}"],
        "Cookie": [f"sessionid={odd}abcdefghijklmnop", f"csrftoken={odd}", f"django_language={odd}"],
    }


def _requests(dance):
    occurrence = f"/akce/{dance.series.slug}/{dance.pk}/"
    return [
        ("GET", "/"), ("GET", occurrence), ("GET", "/feeds/program.ics"), ("GET", "/prihlaseni/"),
        ("POST", "/prihlaseni/"), ("POST", f"/termin/{dance.pk}/prihlasit/"),
        ("GET", "/api/v1/series/"), ("POST", "/api/v1/series/"), ("POST", "/api/v1/registrations/"),
        ("GET", "/api/v1/checkins/"), ("GET", "/health/"),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("odd", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
@pytest.mark.parametrize("header", HEADERS)
def test_an_odd_header_is_never_a_crash(dance, header, odd):
    client = Client(application)
    failures = []
    for value in _ways(odd).get(header, [odd, f"x{odd}y"]):
        for method, url in _requests(dance):
            answer = client.open(url, method=method, headers={header: value}, data=b"{}",
                                 content_type="application/json" if header != "Content-Type" else value)
            if answer.status_code >= 500:
                failures.append((method, url, repr(value), answer.status_code))
    assert not failures

