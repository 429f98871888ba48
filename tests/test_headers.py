"""What the headers promise: private pages are kept by no cache, the public cache cannot be flooded,
TRACE is refused, and a Content-Security-Policy forbids inline script and style.
"""

import random
import re
import string
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from awards.models import Nomination
from tests.awards.conftest import *  # noqa: F403 (judging, nominate_directly, make_volunteer, ...)

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def private_pages(jana, make_volunteer, judging, nominate_directly):
    """Every page opened by a ticket code or a private token, as its holder opens it."""
    code, token = jana.code, jana.person.token
    volunteer = make_volunteer("Tomáš Veselý")
    nomination = nominate_directly(judging, "Věra Šimková", nominee_email="vera.simkova@example.org")
    Nomination.objects.filter(pk=nomination.pk).update(informed_at=timezone.now())
    return [
        ("get", f"/vstupenka/{code}/"), ("get", f"/vstupenka/{code}/qr.svg"), ("get", f"/vstupenka/{code}/qr.png"),
        ("get", f"/vstupenka/{code}/termin.ics"), ("get", f"/vstupenka/{code}/zrusit/"),
        ("get", f"/moje-akce/{token}/"), ("get", f"/termin/{jana.occurrence_id}/prihlasit/"),
        ("get", f"/termin/{jana.occurrence_id}/poslat-vstupenku/"),
        ("post", f"/termin/{jana.occurrence_id}/poslat-vstupenku/"),
        ("get", f"/dobrovolnik/{volunteer.token}/"), ("get", f"/andel/nominace/{nomination.nominee_token}/"),
        # A calendar address that no longer works says so, and that answer is not kept either.
        ("get", "/feeds/me/neexistuje.ics"),
    ]


def test_no_cache_keeps_a_ticket_my_events_or_another_private_page(client, private_pages):
    for method, url in private_pages:
        response = getattr(client, method)(url, {"name": "Jana Nováková", "email": "jana@seznam.cz"}
                                           if method == "post" else None)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        assert {"private", "no-store"} <= cache_control(response), (url, response.get("Cache-Control"))
        assert "public" not in cache_control(response), url


def test_a_new_private_address_is_not_kept_by_a_cache(client, jana):
    response = client.post(f"/moje-akce/{jana.person.token}/obnovit/")

    assert response.status_code == 302
    assert {"private", "no-store"} <= cache_control(response)


def test_the_api_answers_about_a_ticket_are_not_kept(jana):
    api = APIClient()
    for response in (api.get(f"/api/v1/registrations/{jana.code}/"),
                     api.post(f"/api/v1/registrations/{jana.code}/cancel/")):
        assert response.status_code == 200
        assert {"private", "no-store"} <= cache_control(response)


def test_the_personal_calendar_is_private_and_revalidated(client, jana):
    """A calendar app keeps its copy and asks again with If-None-Match: `no-cache`, never a shared cache."""
    url = f"/feeds/me/{jana.person.feed_token}.ics"

    response = client.get(url)

    assert response.status_code == 200
    assert cache_control(response) == {"private", "no-cache"}
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert cache_control(again) == {"private", "no-cache"}


def test_public_pages_may_still_be_cached_by_browsers_and_proxies(client, dance):
    response = client.get("/feeds/program.ics")

    assert "public" in cache_control(response)


# --- the public page cache --------------------------------------------------------------------


class StoredKeys:
    """The cache as events.cache and the API's list use it, noting every key they store (any backend)."""

    def __init__(self):
        self.keys = set()

    def __getattr__(self, name):
        return getattr(cache, name)

    def set(self, key, *args, **kwargs):
        self.keys.add(key)
        return cache.set(key, *args, **kwargs)


@pytest.fixture(autouse=True)
def stored(monkeypatch):
    keys = StoredKeys()
    monkeypatch.setattr("events.cache.cache", keys)
    monkeypatch.setattr("api.events.cache", keys)
    return keys


@pytest.fixture
def public_entries(stored):
    return lambda: [key for key in stored.keys if key.startswith("public-page:")]


def junk():
    return "".join(random.choices(string.ascii_lowercase, k=8))


@pytest.mark.parametrize("url", ["/", "/program/tisk/", "/akce/oldies-goldies/", "/api/v1/occurrences/"])
def test_unknown_query_parameters_do_not_fill_the_public_cache(client, dance, url, public_entries):
    first = client.get(url)
    assert first.status_code == 200
    assert len(public_entries()) == 1

    for _ in range(100):
        response = client.get(url, {junk(): junk(), "x": junk()})
        assert response.status_code == 200
        assert response.content == first.content

    assert len(public_entries()) == 1


def test_the_same_filter_written_differently_is_one_entry(client, dance, seniors, public_entries):
    client.get("/", {"audience": "seniori"})
    client.get("/?kind=&audience=seniori&utm_source=newsletter")
    client.get("/?audience=nekdo&audience=seniori")

    assert len(public_entries()) == 1


def test_known_filters_still_make_their_own_pages(client, dance, seniors, public_entries):
    everyone = client.get("/")
    for_seniors = client.get("/", {"audience": "seniori", "x": "1"})

    assert len(public_entries()) == 2
    assert everyone.content != for_seniors.content
    assert "x=1" not in for_seniors.content.decode()


def test_the_programme_links_carry_only_the_known_filters(client, dance):
    page = client.get("/", {"audience": "seniori", "tracking": "abc"}).content.decode()

    assert "tracking" not in page and "abc" not in page


# --- methods ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
def test_trace_is_refused_everywhere(client, jana, method):
    for url in ("/", f"/vstupenka/{jana.code}/", "/api/v1/occurrences/", "/admin/", "/static/css/spolu.css"):
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert "Jana" not in response.content.decode()


# --- Content-Security-Policy ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/", "/prihlaseni/", "/api/docs/", "/admin/login/?next=/admin/", "/neexistuje/"])
def test_every_page_forbids_inline_script_and_style(client, url):
    policy = directives(client.get(url))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"


def test_no_web_template_has_inline_script_style_or_event_handler():
    """E-mails are not web pages: their inline styles stay."""
    templates = [path for path in ROOT.glob("**/templates/**/*.html")
                 if ".venv" not in path.parts and "node_modules" not in path.parts and "email" not in path.parts]
    assert len(templates) > 50
    offending = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in templates
                 for match in INLINE.finditer(path.read_text())]
    assert not offending, offending
