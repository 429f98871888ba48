"""A scan at the door stays within six SQL queries, whatever it answers.

Counted on the check-in endpoint the scanner page calls (POST /api/v1/checkins/), signed in as
the page is: with the session cookie and the CSRF token. The savepoints of the test's own
transaction are left out (on the site they are the BEGIN/COMMIT of one atomic block).
bench/checkin_rush.py prints the same count next to its timings.
"""

import uuid

import pytest
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registrations.models import Registration, Scan
from registrations.services import register

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 6
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


@pytest.fixture
def ticket(dance):
    return register(dance, name="Jana Nováková", phone="777123456", seats=2, needs_hearing=True).registration


def door_phone(user):
    """A client signed in as the scanner page is: session cookie, CSRF cookie and header."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    client.credentials(HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret))
    return client


def api_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def scan_counted(client, occurrence, code):
    # Asked once per database connection, the first time a JSON column is used (SQLite): not per scan.
    connection.features.supports_json_field  # noqa: B018
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/v1/checkins/", {"occurrence": occurrence.pk, "code": code,
                                                      "nonce": uuid.uuid4().hex}, format="json")
    assert response.status_code == 200, response.content
    statements = [query["sql"] for query in captured if not query["sql"].startswith(TRANSACTION_CONTROL)]
    return response.json()["status"], statements


@pytest.fixture(params=["session", "token"])
def scanner(request, organizer_a):
    return door_phone(organizer_a) if request.param == "session" else api_client(organizer_a)


def test_an_admission_takes_at_most_six_queries(scanner, dance, ticket):
    status, statements = scan_counted(scanner, dance, ticket.code)
    assert status == "ok"
    assert len(statements) <= QUERY_LIMIT, "\n".join(statements)


def test_a_repeat_takes_at_most_six_queries(scanner, dance, ticket):
    scan_counted(scanner, dance, ticket.code)
    status, statements = scan_counted(scanner, dance, ticket.code)
    assert status == "already_checked_in"
    assert len(statements) <= QUERY_LIMIT, "\n".join(statements)
    assert Scan.objects.filter(status=Scan.Status.OK).count() == 1


def test_an_unknown_code_takes_at_most_six_queries(scanner, dance, ticket):
    status, statements = scan_counted(scanner, dance, "ABCDEFGHJKMNPQRSTVWX")
    assert status == "unknown"
    assert len(statements) <= QUERY_LIMIT, "\n".join(statements)


def test_a_ticket_of_another_date_takes_at_most_six_queries(scanner, dance, oldies_goldies):
    next_week = oldies_goldies.occurrences.order_by("start")[1]
    other = register(next_week, name="Karel Čermák", phone="777123457", source=Registration.Source.STAFF).registration
    status, statements = scan_counted(scanner, dance, other.code)
    assert status == "wrong_occurrence"
    assert len(statements) <= QUERY_LIMIT, "\n".join(statements)


def test_a_ticket_of_another_series_takes_at_most_six_queries(scanner, dance, nedam_se):
    workshop = nedam_se.occurrences.order_by("start").first()
    other = register(workshop, name="Olga Jiná", phone="777123458", source=Registration.Source.STAFF).registration
    status, statements = scan_counted(scanner, dance, other.code)
    assert status == "wrong_occurrence"
    assert len(statements) <= QUERY_LIMIT, "\n".join(statements)
