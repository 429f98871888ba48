"""Shared personas and a small programme, so tests read like a story of a user."""

import os
from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import Group, User

from events.models import Audience, Kind, Series, Venue
from events.roles import DEPARTMENT_STAFF, ORGANIZERS
from events.services import series_changed, validate_schedule

REQUIRE_SERVICES = os.environ.get("SPOLU_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason):
    """A missing service skips on a laptop, and fails in CI where it must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (SPOLU_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def make_user(username, *, group=None, **extra):
    user = User.objects.create_user(username, password="heslo-pro-testy", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff(db):
    return make_user("pracovnice", group=DEPARTMENT_STAFF, is_staff=True, first_name="Jana", last_name="Nováková")


@pytest.fixture
def organizer_a(db):
    return make_user("organizator_a", group=ORGANIZERS, is_staff=True, first_name="Petr")


@pytest.fixture
def organizer_b(db):
    return make_user("organizator_b", group=ORGANIZERS, is_staff=True, first_name="Eva")


@pytest.fixture
def juror(db):
    return make_user("porotkyne", first_name="Marie")


@pytest.fixture
def stranger(db):
    return make_user("cizinec")


@pytest.fixture
def seniors(db):
    return Audience.objects.get_or_create(slug="seniori", defaults={"name": "senioři", "position": 1})[0]


@pytest.fixture
def disabled(db):
    return Audience.objects.get_or_create(
        slug="zdravotne-postizeni", defaults={"name": "zdravotně postižení", "position": 2}
    )[0]


@pytest.fixture
def beseda(db):
    return Venue.objects.create(
        name="Měšťanská beseda", slug="mestanska-beseda", street="Kopeckého sady 13", postal_code="301 00",
        latitude="49.745300", longitude="13.377600", step_free_access=True, hearing_loop=True,
        accessible_toilet=True, transport_stop="Náměstí Republiky (tram 1, 2, 4)",
        parking="Parkoviště u Jízdecké ulice",
    )


@pytest.fixture
def make_series(db, beseda, seniors):
    """Create a series through the same validation and sync that staff use."""

    def make(title="Oldies Goldies", *, rule="FREQ=WEEKLY;BYDAY=WE", starts_on=None, start_time=time(18, 0),
             duration=timedelta(hours=3), kind=Kind.DANCE, audiences=None, organizers=(), **fields):
        starts_on = starts_on or _next_weekday(date.today(), 2)
        rule = validate_schedule(recurrence=rule, starts_on=starts_on, start_time=start_time, duration=duration)
        series = Series.objects.create(
            title=title, slug=fields.pop("slug", None) or _slug(title), kind=kind, venue=fields.pop("venue", beseda),
            starts_on=starts_on, start_time=start_time, duration=duration, recurrence=rule,
            **{"capacity": 40, **fields},
        )
        series.audiences.set(audiences if audiences is not None else [seniors])
        series.organizers.set(organizers)
        series_changed(series)
        return series

    return make


@pytest.fixture
def oldies_goldies(make_series, organizer_a):
    return make_series("Oldies Goldies", organizers=[organizer_a])


@pytest.fixture
def nedam_se(make_series, organizer_b):
    return make_series(
        "Nedám se!", rule="FREQ=MONTHLY;BYDAY=-1TU", starts_on=_last_weekday_of_next_month(1),
        start_time=time(10, 0), duration=timedelta(hours=2), kind=Kind.WORKSHOP, capacity=20,
        organizers=[organizer_b],
    )


@pytest.fixture
def dance(oldies_goldies):
    """The next Oldies Goldies evening, open for registration, 40 places, organized by organizer A."""
    return oldies_goldies.occurrences.order_by("start").first()


@pytest.fixture
def small_workshop(make_series):
    """Šikovné ruce with 3 places and at most 2 per registration, in two days."""
    series = make_series(
        "Šikovné ruce", rule="", starts_on=date.today() + timedelta(days=2), start_time=time(14, 0),
        duration=timedelta(hours=2), capacity=3, max_seats_per_registration=2,
    )
    return series.occurrences.get()


def _slug(title):
    from django.utils.text import slugify

    return slugify(title) or "akce"


def _next_weekday(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


def _last_weekday_of_next_month(weekday):
    today = date.today()
    first_of_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    first_after = date(first_of_next.year + first_of_next.month // 12, first_of_next.month % 12 + 1, 1)
    day = first_after - timedelta(days=1)
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def jana(dance, django_capture_on_commit_callbacks):
    """The senior of the stories: Jana Nováková, registered for the next dance evening with her phone
    (777 123 456) and e-mail (jana@seznam.cz); returns her registration.

    Her ticket e-mail has gone out already, so a test sees only the e-mails its own story causes.
    """
    from django.core import mail

    from registrations.services import register

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(dance, name="Jana Nováková", phone="777 123 456", email="jana@seznam.cz").registration
    mail.outbox.clear()
    return registration


@pytest.fixture
def requires_postgresql(db):
    """Concurrency proofs need real row locks; the PostgreSQL pass of .ci/run runs them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of .ci/run (set DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a freshly deployed site does."""
    from django.core.cache import cache

    cache.clear()
    yield
