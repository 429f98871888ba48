"""Schemathesis throws generated requests at every documented operation: none may crash the API.

Requests go through the WSGI app in this process, so the test database serves them; it must be a
transactional one, because Django closes its connection at the end of every request. The schemas
are loaded when the module is collected (the schema view needs no database): the lazy
`schemathesis.pytest.from_fixture` breaks on pytest 9.2, which no longer has `Node._nodeid`.
"""

import os
from urllib.parse import unquote

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.middleware import IMPOSSIBLE_IN_PATH
from config.wsgi import application

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Writes anyone may make: registering, and cancelling with the ticket code.
PUBLIC_WRITES = {("POST", "/api/v1/registrations/"), ("POST", "/api/v1/registrations/{code}/cancel/")}
# Nominating a volunteer for the Anděl award is public too (awards).
PUBLIC_WRITES |= {("POST", "/api/v1/award/nominations/")}
# Pledging to a running charity drive is public too (drives).
PUBLIC_WRITES |= {("POST", "/api/v1/drives/{slug}/pledges/")}
# The same requests on every run, so a run that passes on this code always passes on it; a new kind of crash is
# hunted with SPOLU_FUZZ_EXPLORE=1 (fresh random requests, and as many as it says when it is a number).
EXPLORE = os.environ.get("SPOLU_FUZZ_EXPLORE", "")
BOUNDED = settings(
    max_examples=int(EXPLORE) if EXPLORE.isdigit() and int(EXPLORE) > 1 else 25, derandomize=not EXPLORE,
    deadline=None, database=None, suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Signed in, malformed bodies only meet DRF's parsing, which the anonymous run already covers;
# valid-looking ones reach the schedule checks in events.services, where a crash could hide.
valid_looking = schemathesis.openapi.from_wsgi(
    "/api/schema/", application,
    config=SchemathesisConfig.from_dict(
        {"generation": {"mode": "positive"}, "phases": {"coverage": {"enabled": False}}}
    ),
)


@pytest.fixture
def generous_limits(settings):
    """429 is documented; a high limit lets the generated registrations reach the service instead.

    Set once per operation, in a fixture: hypothesis runs the test body once per generated request
    (hundreds for one operation), and every setting changed there wraps Django's settings once more,
    until reading one overflows the stack.
    """
    settings.SPOLU_REGISTRATION_THROTTLE = "100000/hour"
    settings.SPOLU_PLEDGE_THROTTLE = "100000/hour"


@schema.parametrize()
@BOUNDED
@pytest.mark.django_db(transaction=True)
def test_no_generated_request_crashes_the_api(case, oldies_goldies, nedam_se, generous_limits):
    response = case.call()

    case.validate_response(
        response,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
    operation = (case.operation.method.upper(), case.operation.path)
    if case.method.upper() in WRITES and case.method.upper() == operation[0] and operation not in PUBLIC_WRITES:
        # Anonymous: every documented write except the public ones is refused before anything else is looked at,
        # except an address with a control character, which no resource has (404 before any view).
        impossible_path = any(IMPOSSIBLE_IN_PATH.search(unquote(str(value)))
                              for value in (case.path_parameters or {}).values())
        expected = (401, 403, 404) if impossible_path else (401, 403)
        assert response.status_code in expected, (case.method, case.path, response.status_code)


@valid_looking.include(path_regex="^/api/v1/series/", method=["POST", "PUT", "PATCH"]).parametrize()
@BOUNDED
@pytest.mark.django_db(transaction=True)
def test_no_generated_change_by_staff_crashes_the_api(case, staff, oldies_goldies):
    token = Token.objects.get_or_create(user=staff)[0]
    # Point at rows that exist, or nearly every request would stop at "no such venue".
    if "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = str(oldies_goldies.pk)
    if isinstance(case.body, dict):
        existing = {
            "venue": oldies_goldies.venue_id,
            "audiences": list(oldies_goldies.audiences.values_list("pk", flat=True)),
            "organizers": [staff.pk],
        }
        case.body.update({name: value for name, value in existing.items() if name in case.body})

    response = case.call(headers={"Authorization": f"Token {token.key}"})

    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code != 401, response.text
