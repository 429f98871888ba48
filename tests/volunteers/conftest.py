"""The volunteer register: volunteers, the next dance evening and its shifts."""

import unicodedata
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from volunteers.models import Shift, Volunteer


def cs(message, context=None):
    """The Czech text a person sees for an English msgid (the msgid itself until it is translated)."""
    with translation.override("cs"):
        if context:
            return str(translation.pgettext(context, message))
        return str(translation.gettext(message))


def address_of(name):
    """jana.novakova@example.org for Jana Nováková."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().split()) + "@example.org"


@pytest.fixture
def make_volunteer(db):
    def make(name="Tomáš Veselý", *, email=None, phone="", **fields):
        if email is None:
            email = address_of(name)
        return Volunteer.objects.create(name=name, email=email, phone=phone, consent_at=timezone.now(), **fields)

    return make


@pytest.fixture
def tomas(make_volunteer):
    return make_volunteer("Tomáš Veselý", phone="+420603111222")


@pytest.fixture
def lenka(make_volunteer):
    return make_volunteer("Lenka Horáková")


@pytest.fixture
def dance(oldies_goldies):
    """The next Oldies Goldies evening (Wednesday 18:00–21:00)."""
    return oldies_goldies.occurrences.order_by("start").first()


@pytest.fixture
def make_shift(db, staff):
    def make(occurrence, role="Šatna", *, start_offset=timedelta(minutes=-30), length=timedelta(hours=4),
             places_needed=2, **fields):
        starts_at = occurrence.start + start_offset
        return Shift.objects.create(occurrence=occurrence, role=role, starts_at=starts_at,
                                    ends_at=starts_at + length, places_needed=places_needed, created_by=staff,
                                    **fields)

    return make


@pytest.fixture
def cloakroom(make_shift, dance):
    """Šatna at the next dance evening, 17:30–21:30, two people needed."""
    return make_shift(dance, "Šatna")
