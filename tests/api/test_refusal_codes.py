"""Every code a view can refuse with is in its operation's documented answer with that status.

The codes are read from the views' own source and what it calls (`api.refusal_codes`), not from
the `refusals(...)` the schema was built with: a view that starts calling another service, or a
service that gains a code nobody listed, turns this red.
"""

import inspect
import re

import pytest
from drf_spectacular.generators import SchemaGenerator

import api.refusal_codes
import awards.services
import drives.services
import events.services
import registrations.services
import volunteers.services
from api.refusal_codes import UnreadableRefusal, refusal_codes
from api.schema import refusals
from kernel.refusals import Refusal

from .test_schema import load_schema

SERVICE_MODULES = [registrations.services, drives.services, awards.services, events.services, volunteers.services]


def operations():
    """(path, method, the view's handler) for every operation the API serves."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if not path.startswith("/api/v1/"):
            continue  # the schema and its docs page
        handler = getattr(view, view.action, None) if getattr(view, "action", None) else getattr(view, method.lower())
        yield path, method.lower(), getattr(type(view), handler.__name__)


def documented(operation, status):
    answer = operation["responses"].get(str(status))
    return answer["description"] if answer else ""


def test_every_refusal_a_view_can_raise_is_documented_with_its_status(api, db):
    paths = load_schema(api)["paths"]
    checked = 0
    missing = []
    for path, method, handler in operations():
        operation = paths[path][method]
        for code, status in refusal_codes(handler).items():
            checked += 1
            if not re.search(rf"\b{re.escape(code)}\b", documented(operation, status)):
                missing.append(f"{method.upper()} {path}: {status} {code}")
    assert not missing, "undocumented refusals:\n" + "\n".join(missing)
    assert checked >= 40  # the reader still finds the services' refusals behind the views


def test_the_registration_refusals_are_the_ones_the_service_raises(api, db):
    operation = load_schema(api)["paths"]["/api/v1/registrations/"]["post"]

    for code in ["full", "closed", "not_yet", "cancelled", "past", "not_needed", "choose_person"]:
        assert code in documented(operation, 409)
    for code in ["unknown_occurrence", "invalid_name", "missing_contact", "too_many_seats", "invalid_idempotency_key"]:
        assert code in documented(operation, 400)
    assert "throttled" in documented(operation, 429)


@pytest.mark.parametrize("module", SERVICE_MODULES, ids=lambda module: module.__name__)
def test_every_refusal_of_the_services_has_a_code_the_reader_can_name(module):
    functions = [value for value in vars(module).values()
                 if inspect.isfunction(value) and value.__module__ == module.__name__]

    for function in functions:
        for code, status in refusal_codes(function).items():
            assert re.fullmatch(r"[a-z][a-z_]*", code), (function.__name__, code)
            assert 400 <= status < 600, (function.__name__, code, status)


def test_a_new_code_in_a_service_reaches_the_description(monkeypatch):
    monkeypatch.setattr(api.refusal_codes, "PROJECT_PACKAGES", {*api.refusal_codes.PROJECT_PACKAGES, "tests"})

    answer = refusals(409, "The date cannot be danced on.", a_service_with_a_new_refusal)

    assert "brand_new" in str(answer.description) and "full" in str(answer.description)
    assert "too_loud" not in str(answer.description)  # a 400, not a 409


def test_a_code_the_reader_cannot_name_is_an_error_not_a_silent_gap(monkeypatch):
    monkeypatch.setattr(api.refusal_codes, "PROJECT_PACKAGES", {*api.refusal_codes.PROJECT_PACKAGES, "tests"})

    with pytest.raises(UnreadableRefusal, match="a_service_with_a_computed_code"):
        refusal_codes(a_service_with_a_computed_code)


def a_service_with_a_new_refusal(occurrence, seats):
    if seats > 10:
        raise registrations.services.RegistrationError("too_loud", "Too many.")
    registrations.services._refuse("full")
    raise registrations.services.RegistrationError("brand_new", "A new rule.", 409)


def a_service_with_a_computed_code(kind):
    raise Refusal(f"{kind}_refused", "Refused.", 409)
