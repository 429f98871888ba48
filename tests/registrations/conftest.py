from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from events.models import Occurrence


@pytest.fixture
def dance(oldies_goldies):
    """The next Oldies Goldies evening, open for registration, 40 places."""
    return oldies_goldies.occurrences.order_by("start").first()


@pytest.fixture
def small_workshop(make_series):
    """Šikovné ruce with 3 places and at most 2 per registration, in two days."""
    series = make_series(
        "Šikovné ruce", rule="", starts_on=timezone.localdate() + timedelta(days=2), start_time=time(14, 0),
        duration=timedelta(hours=2), capacity=3, max_seats_per_registration=2,
    )
    return series.occurrences.get()


def set_seats_taken(occurrence, seats):
    Occurrence.objects.filter(pk=occurrence.pk).update(seats_taken=seats)
    occurrence.refresh_from_db()


def in_days(days):
    return date.today() + timedelta(days=days)
