"""Many people press "Přihlásit se" at the same moment: nobody is overbooked, nobody sees an error."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from registrations.models import Registration
from registrations.services import RegistrationError, register

CAPACITY = 10
PEOPLE = 24


def register_all_at_once(occurrence, people, seats=1):
    start = threading.Barrier(people)
    outcomes, errors = [], []

    def one(index):
        try:
            start.wait()
            outcomes.append(register(occurrence, name=f"Senior {index}", phone=f"60{index:07d}", seats=seats))
        except RegistrationError as error:
            errors.append(error)
        except Exception as error:  # anything else would reach the person as a 500
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(index,)) for index in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, errors


@pytest.fixture
def rush(make_series):
    series = make_series("Oldies Goldies – silvestr", rule="", starts_on=timezone.localdate() + timedelta(days=3),
                         start_time=time(18, 0), capacity=CAPACITY, max_seats_per_registration=2)
    return series.occurrences.get()


def assert_exactly_full(occurrence, outcomes, errors, seats=1):
    assert errors == []
    confirmed = Registration.objects.filter(occurrence=occurrence, status="confirmed")
    assert sum(r.seats for r in confirmed) == CAPACITY
    assert Registration.objects.filter(occurrence=occurrence, status="waitlisted").count() == PEOPLE - CAPACITY // seats
    occurrence.refresh_from_db()
    assert occurrence.seats_taken == CAPACITY


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_on_postgresql_confirm_exactly_the_capacity(requires_postgresql, rush):
    outcomes, errors = register_all_at_once(rush, PEOPLE)
    assert len(outcomes) == PEOPLE
    assert_exactly_full(rush, outcomes, errors)


@pytest.mark.django_db(transaction=True)
def test_parallel_pairs_on_postgresql_never_split_the_last_places(requires_postgresql, rush):
    outcomes, errors = register_all_at_once(rush, PEOPLE, seats=2)
    assert_exactly_full(rush, outcomes, errors, seats=2)


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_on_sqlite_wait_instead_of_failing(rush):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the embedded default")
    outcomes, errors = register_all_at_once(rush, PEOPLE)
    assert [str(error) for error in errors] == []  # no "database is locked" reaches anyone
    assert_exactly_full(rush, outcomes, errors)


def same_details_at_once(occurrence, people, **details):
    start = threading.Barrier(people)
    outcomes, errors = [], []

    def one(secret):
        try:
            start.wait()
            outcomes.append(register(occurrence, request_secret=secret, **details))
        except Exception as error:  # a 500 for somebody
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(secret,)) for secret in [f"browser-{index % 4}"
                                                                          for index in range(people)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, errors


@pytest.mark.django_db(transaction=True)
def test_the_same_details_sent_at_once_from_four_browsers_make_four_registrations(rush):
    """Double clicks in four browsers: one registration per browser, no error, never one person twice on a date."""
    outcomes, errors = same_details_at_once(rush, 12, name="Jana Nováková", phone="777123456")
    assert errors == []
    registrations = Registration.objects.filter(occurrence=rush)
    assert registrations.count() == 4 and len({registration.person_id for registration in registrations}) == 4
    assert sum(outcome.created for outcome in outcomes) == 4 and len(outcomes) == 12
    rush.refresh_from_db()
    assert rush.seats_taken == 4
