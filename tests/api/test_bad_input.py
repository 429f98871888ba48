"""Whatever arrives, broken or hostile, gets a Czech 4xx and saves nothing; a database outage is a Czech 503.

Each kind of bad body is sent to every write the schema documents, by a signed-in member of staff
(so the body is read, not refused at the door) and anonymously.
"""

import io
import json
import re

import pytest
from django.apps import apps
from django.db import OperationalError
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api import parsers
from registrations.services import register
from tests.drives.conftest import build_uklid_satnik, create_martinska, create_serikova

from .conftest import czech

pytestmark = pytest.mark.django_db

CZECH_LETTERS = re.compile("[áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]")
# Czech messages without a letter that English lacks.
CZECH_WITHOUT_DIACRITICS = {"Nenalezeno."}
ENGLISH = re.compile(r"\b(the|this|field|must|not|invalid|error|expected|ensure|parse|request|JSON parse)\b", re.I)


def _writes():
    """Every documented write that takes a body (cancelling by code takes none and reads none)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path) for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "put", "patch") and "requestBody" in operation
    )


WRITES = _writes()
NESTED_ARRAYS = "[" * 1100 + "]" * 1100
NESTED_OBJECTS = '{"a":' * 1100 + "1" + "}" * 1100
BAD_BODIES = {
    "nested arrays (~1,100 levels, 2 kB)": (NESTED_ARRAYS, "application/json"),
    "nested objects": (NESTED_OBJECTS, "application/json"),
    "33 levels": ('{"name": ' + "[" * 33 + "]" * 33 + "}", "application/json"),
    "broken JSON": ('{"name": "Jana', "application/json"),
    "not UTF-8": (b'{"name": "Jana \xff\xfe"}', "application/json"),
    "a lone surrogate": ('{"name": "Jana \\ud800"}', "application/json"),
    "a surrogate in a key": ('{"\\udfff": 1}', "application/json"),
    "NUL": ('{"name": "Jana\\u0000", "code": "\\u0000", "nonce": "x\\u0000"}', "application/json"),
    "NaN": ('{"seats": NaN}', "application/json"),
    "a number of 5,000 digits": ('{"seats": ' + "9" * 5000 + "}", "application/json"),
    "a list instead of an object": ("[1, 2]", "application/json"),
    "objects where texts belong": ('{"name": {"a": 1}, "title": [1], "code": [1], "nonce": {}}', "application/json"),
    # Django reads an unknown charset as UTF-8; the body must still be refused for what it says.
    "unknown charset": ('{"name": "", "title": ""}', "application/json; charset=nonsense"),
    "a decompressing charset": ('{"name": "Jana"}', "application/json; charset=bz2_codec"),
    "plain text": ("Jana Nováková", "text/plain"),
    "no media type at all": ("Jana", "nonsense"),
    "multipart without a boundary": ("--x\r\nJana", "multipart/form-data"),
    "multipart cut short": ('--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n',
                            "multipart/form-data; boundary=xyz"),
    "an empty content type with a body": ('{"name": "Jana"}', ""),
    "over the size limit": (json.dumps({"name": "J" * (300 * 1024)}), "application/json"),
}


@pytest.fixture
def staff_api(staff):
    staff.is_superuser = True
    staff.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    return client


@pytest.fixture
def path_values(dance, organizer_a):
    drive = build_uklid_satnik(create_martinska(), create_serikova(), organizer_a)
    code = register(dance, name="Jana Nováková", phone="777 123 456").registration.code
    return {"{slug}": drive.slug, "{code}": code, "{id}": str(dance.series_id)}


def filled(path, values):
    for name, value in values.items():
        path = path.replace(name, value)
    return path


def saved_rows():
    """How many rows each table holds (sessions and sign-in counters aside)."""
    skip = {"sessions", "axes", "authtoken", "django_q"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models() if model._meta.app_label not in skip and model._meta.managed
    }


def texts(data):
    """Every text a person could read in an answer: the values, not the codes or field names."""
    if isinstance(data, dict):
        return [text for key, value in data.items() if key != "code" for text in texts(value)]
    if isinstance(data, list):
        return [text for item in data for text in texts(item)]
    return [data] if isinstance(data, str) else []


def assert_czech_refusal(response, context):
    assert 400 <= response.status_code < 500, (context, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), (context, response["Content-Type"])
    messages = texts(response.json())
    assert messages, (context, response.json())
    for message in messages:
        assert CZECH_LETTERS.search(message) or message in CZECH_WITHOUT_DIACRITICS, (context, message)
        assert not ENGLISH.search(message), (context, message)


@pytest.mark.parametrize("kind", BAD_BODIES)
def test_every_write_refuses_each_kind_of_bad_body_in_czech_and_saves_nothing(kind, staff_api, api, path_values):
    body, content_type = BAD_BODIES[kind]
    before = saved_rows()

    for method, path in WRITES:
        url = filled(path, path_values)
        for who, client in (("staff", staff_api), ("anonymous", api)):
            response = client.generic(method, url, body, content_type=content_type)
            assert_czech_refusal(response, (kind, who, method, url))

    assert saved_rows() == before


def test_deep_nesting_is_refused_as_such_before_parsing(api, dance):
    response = api.post("/api/v1/registrations/", NESTED_ARRAYS, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "too_deep",
        "detail": czech("The JSON nests more than %(depth)s levels deep; no request needs that.") % {"depth": 32},
    }


def test_a_body_over_the_limit_is_413_before_it_is_read(api, dance):
    response = api.post("/api/v1/registrations/", BAD_BODIES["over the size limit"][0], content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {
        "code": "too_large",
        "detail": czech("The request body is too large; at most %(limit)s kB is accepted.") % {"limit": 256},
    }


def test_the_parser_itself_stops_reading_at_the_limit(settings):
    """A stream longer than it said (chunked, or a lying Content-Length) is cut at the limit, not read whole."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    stream = io.BytesIO(b'{"name": "' + b"J" * 10_000_000 + b'"}')

    with pytest.raises(parsers.BodyTooLarge):
        parsers.SafeJSONParser().parse(stream, "application/json", {})
    assert stream.tell() == 1025


def test_brackets_inside_texts_do_not_count_as_nesting(api, dance):
    name = "Jana [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{ \\\" ]]]"
    response = api.post("/api/v1/registrations/", {"occurrence": dance.pk, "name": name, "phone": "777 123 456"},
                        format="json")

    assert response.status_code == 201, response.content


def test_broken_json_says_where(api, dance):
    response = api.post("/api/v1/registrations/", '{"name": "Jana",\n "seats": }', content_type="application/json")

    assert response.json()["detail"] == czech(
        "The request body is not valid JSON (line %(line)s, column %(column)s)."
    ) % {"line": 2, "column": 11}


def test_drf_messages_that_reach_people_are_czech(staff_api, dance):
    too_many = {"occurrence": dance.pk, "scans": [{"code": "A", "nonce": str(n)} for n in range(501)]}

    response = staff_api.post("/api/v1/checkins/sync/", too_many, format="json")

    assert response.status_code == 400
    assert response.json() == {"scans": {"non_field_errors": ["Toto pole může mít nejvýše 500 položek."]}}
    response = staff_api.post("/api/v1/registrations/", {"occurrence": dance.pk, "name": ["Jana"]}, format="json")
    assert response.json()["name"] == ["Toto není platný text."]
    response = staff_api.post("/api/v1/registrations/", {}, format="json")
    assert_czech_refusal(response, "no data")


# --- a database that is down ---------------------------------------------------------------


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does while PostgreSQL restarts."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_the_api_answers_a_czech_503_while_the_database_is_down(api, dance, database_down):
    for response in (
        api.get("/api/v1/occurrences/"),
        api.post("/api/v1/registrations/", {"occurrence": dance.pk, "name": "Jana", "phone": "777 123 456"},
                 format="json"),
    ):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "30"
        assert response.json() == {"code": "unavailable", "detail": czech(
            "The service is briefly unavailable. Please try again in a minute; nothing you sent was saved."
        )}


def test_the_site_shows_a_czech_503_page_while_the_database_is_down(dance, database_down):
    client = Client(raise_request_exception=False)

    response = client.get(dance.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Stránky jsou na chvíli nedostupné" in response.content.decode()


def test_any_other_crash_of_the_api_is_json_not_an_html_page(api, monkeypatch):
    from api import events

    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(events.VenueViewSet, "list", crash)
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/v1/venues/")

    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error", "detail": czech("Something went wrong on our side. Please try again later."),
    }


# --- paths and methods ----------------------------------------------------------------------

TOKEN_PATHS = [
    "/moje-akce/{bad}/", "/moje-akce/{bad}/obnovit/", "/feeds/me/{bad}.ics", "/vstupenka/{bad}/",
    "/vstupenka/{bad}/qr.svg", "/vstupenka/{bad}/qr.png", "/vstupenka/{bad}/termin.ics",
    "/vstupenka/{bad}/zrusit/", "/dobrovolnik/{bad}/", "/andel/nominace/{bad}/", "/jazyk/{bad}/",
    "/akce/{bad}/", "/sbirky/{bad}/", "/prihlaseni/nove-heslo/{bad}/{bad}/",
]
API_TOKEN_PATHS = ["/api/v1/registrations/{bad}/", "/api/v1/registrations/{bad}/cancel/", "/api/v1/drives/{bad}/",
                   "/api/v1/series/{bad}/", "/api/v1/occurrences/{bad}/"]
IMPOSSIBLE = ["%00", "abc%00def", "%01", "%1F", "%7F", "%C2%85", "%0A", "%0D"]


@pytest.mark.parametrize("bad", IMPOSSIBLE)
def test_impossible_characters_in_any_path_token_are_a_czech_404(client, bad):
    for path in TOKEN_PATHS:
        for method in ("get", "post"):
            response = getattr(client, method)(path.format(bad=bad))
            assert response.status_code == 404, (path, bad, method, response.status_code)
            assert "Tuto stránku jsme nenašli" in response.content.decode(), (path, bad)


@pytest.mark.parametrize("bad", IMPOSSIBLE)
def test_impossible_characters_in_api_paths_are_a_czech_json_404(api, bad):
    for path in API_TOKEN_PATHS:
        response = api.get(path.format(bad=bad))
        assert response.status_code == 404, (path, bad)
        assert response.json() == {"code": "not_found", "detail": "Nenalezeno."}


def test_odd_but_possible_tokens_are_a_plain_404(client):
    for token in ("x" * 5000, "%C3%A1%C4%8D", "%F0%9F%98%80", "%FF", "..%2F..", "'%20OR%201=1"):
        for path in TOKEN_PATHS:
            # An unknown language goes back in Czech; a wrong password link says it no longer works.
            expected = {"/jazyk/": {302, 404}, "/prihlaseni/": {200, 404}}.get(path[:path.index("/", 1) + 1], {404})
            assert client.post(path.format(bad=token)).status_code in expected, (path, token)


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT", "PROPFIND", "DEBUG"])
def test_trace_and_other_odd_methods_are_refused(client, api, method):
    for path in ("/", "/vstupenka/ABC/", "/prihlaseni/", "/admin/"):
        response = client.generic(method, path)
        assert response.status_code == 405, (method, path)
        assert response["Allow"] == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
        assert "není povolena" in response.content.decode()
    response = api.generic(method, "/api/v1/occurrences/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_form_over_the_limit_is_a_czech_page(client, dance):
    response = client.post(f"/termin/{dance.pk}/prihlasit/", {"name": "J" * (300 * 1024), "phone": "777 123 456"})

    assert response.status_code == 413
    assert "Najednou bylo odesláno příliš mnoho" in response.content.decode()


def test_a_broken_form_body_is_a_czech_page_not_a_500(client, dance):
    client.raise_request_exception = False
    url = f"/termin/{dance.pk}/prihlasit/"
    for content_type in ("multipart/form-data", "multipart/form-data; boundary=xyz",
                         "application/x-www-form-urlencoded; charset=nonsense"):
        response = client.generic("POST", url, b"--xyz\r\ngarbage\xff", content_type=content_type)
        assert 400 <= response.status_code < 500, (content_type, response.status_code)


def test_a_body_of_an_unknown_kind_is_refused_in_czech_without_repeating_its_type(client, czech_catalogue):
    answer = client.post("/api/v1/registrations/", "Jana", content_type="text/x-\u2713")

    assert answer.status_code == 415
    assert answer.json() == {"code": "unsupported_media_type", "detail": czech(
        "This kind of body cannot be read. Send JSON in UTF-8 (application/json).")}
