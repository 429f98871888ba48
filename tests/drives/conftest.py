"""Drives as the department runs them: Ukliď šatník! with two collection points in Plzeň, and its staff.

`uklid_satnik` runs from ten days ago for another month; the Magistrát point is open on weekdays
8:00–17:00 and Šeříková on Tuesdays and Saturdays. Organizer A organizes it; organizer B organizes
`nebudme_lhostejni` (money and food), so each is the other's stranger.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation

from drives import services
from drives.models import Drive, Need, Unit, Weekday
from events.models import Venue


def czech(message, **values):
    """The Czech text a person sees for an English msgid (the msgid itself until it is translated)."""
    with translation.override("cs"):
        text = str(translation.gettext(message))
    return text % values if values else text


def in_czech(function, *args, **kwargs):
    with translation.override("cs"):
        return str(function(*args, **kwargs))


@pytest.fixture
def today():
    return timezone.localdate()


def create_martinska():
    return Venue.objects.create(
        name="Magistrát – Odbor sociálních služeb", slug="martinska-2", street="Martinská 2", postal_code="301 00",
        latitude="49.746480", longitude="13.379300", step_free_access=True, transport_stop="Náměstí Republiky",
    )


def create_serikova():
    return Venue.objects.create(
        name="Kulturní dům Šeříková", slug="kd-serikova", street="Šeříková 17", postal_code="301 00",
        transport_stop="Šeříková (trolejbus 13, 16)",
    )


@pytest.fixture
def martinska(db):
    return create_martinska()


@pytest.fixture
def serikova(db):
    return create_serikova()


@pytest.fixture
def make_drive(db):
    return build_drive


def build_drive(title="Ukliď šatník!", *, slug=None, needs=(), points=None, status=Drive.Status.RUNNING,
                starts_on=None, ends_on=None, organizers=(), hands_out=False, kind=Drive.Kind.ITEMS):
    """A drive with needs [(name, unit, target, priority)] and points {venue: [(weekday, opens, closes)]}."""
    today = timezone.localdate()
    drive = Drive.objects.create(
        title=title, slug=slug or "uklid-satnik", kind=kind, hands_out=hands_out,
        starts_on=starts_on or today - timedelta(days=10), ends_on=ends_on or today + timedelta(days=30),
        description="Čisté a nepoškozené oblečení pro lidi v nouzi.",
    )
    drive.organizers.set(organizers)
    for position, (name, unit, target, priority) in enumerate(needs):
        Need.objects.create(drive=drive, name=name, unit=unit, target=target, priority=priority,
                            position=position)
    for position, (venue, slots) in enumerate((points or {}).items()):
        point = drive.points.create(venue=venue, position=position)
        for weekday, opens, closes in slots:
            services.add_opening_hours(point, weekday=weekday, opens=opens, closes=closes, by=None)
    if status != Drive.Status.PREPARED:
        services.open_drive(drive, by=None)
    if status == Drive.Status.CLOSED:
        services.close_drive(drive, by=None)
    drive.refresh_from_db()
    return drive


WEEKDAYS = [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY]
CLOTHES = [
    ("Zimní bundy", Unit.PIECE, 100, Need.Priority.URGENT),
    ("Dětské oblečení", Unit.BAG, 40, Need.Priority.NEEDED),
    ("Deky", Unit.PIECE, 20, Need.Priority.WELCOME),
]


@pytest.fixture
def uklid_satnik(make_drive, martinska, serikova, organizer_a):
    return build_uklid_satnik(martinska, serikova, organizer_a)


def build_uklid_satnik(martinska, serikova, organizer):
    return build_drive(
        "Ukliď šatník!", needs=CLOTHES, organizers=[organizer],
        points={
            martinska: [(day, time(8, 0), time(17, 0)) for day in WEEKDAYS],
            serikova: [(Weekday.TUESDAY, time(14, 0), time(18, 0)), (Weekday.SATURDAY, time(9, 0), time(12, 0))],
        },
    )


@pytest.fixture
def nebudme_lhostejni(make_drive, martinska, organizer_b):
    return build_nebudme_lhostejni(martinska, organizer_b)


def build_nebudme_lhostejni(martinska, organizer):
    return build_drive(
        "Nebuďme lhostejní", slug="nebudme-lhostejni", kind=Drive.Kind.BOTH, organizers=[organizer],
        needs=[("Peníze na potraviny", Unit.CZK, 100_000, Need.Priority.URGENT),
               ("Trvanlivé potraviny", Unit.BOX, 50, Need.Priority.NEEDED)],
        points={martinska: [(day, time(8, 0), time(15, 0)) for day in WEEKDAYS[:4]]},
    )


def need_of(drive, name):
    return drive.needs.get(name=name)


def point_at(drive, venue):
    return drive.points.get(venue=venue)
