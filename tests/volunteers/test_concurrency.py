"""Things that happen at the same moment: the last place on a shift, two overlapping sign-ups.

On PostgreSQL the threads really run in parallel against row locks; on SQLite the IMMEDIATE
transactions queue them, and nobody sees "database is locked".
"""

import threading

import pytest
from django.db import connection

from volunteers.models import Assignment, Shift
from volunteers.services import VolunteersError, sign_up

VOLUNTEERS = 12


def all_at_once(jobs, refusal_class=VolunteersError):
    """Run the jobs in threads released together: (what they returned, their refusals, anything else raised)."""
    start = threading.Barrier(len(jobs))
    outcomes, refusals, errors = [], [], []

    def run(job):
        try:
            start.wait()
            outcomes.append(job())
        except refusal_class as refusal:
            refusals.append(refusal)
        except Exception as error:  # anything else would reach a person as a 500
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, refusals, errors


@pytest.fixture
def last_place(make_shift, dance, make_volunteer):
    """A cloakroom shift with one place left, and a dozen volunteers who all want it."""
    shift = make_shift(dance, "Šatna", places_needed=1)
    return shift, [make_volunteer(f"Dobrovolník {number}") for number in range(VOLUNTEERS)]


def the_last_place_is_taken_once(last_place):
    shift, volunteers = last_place
    outcomes, refusals, errors = all_at_once([lambda v=v: sign_up(shift, v) for v in volunteers])
    assert errors == []
    assert len(outcomes) == 1
    assert [refusal.code for refusal in refusals] == ["shift_full"] * (VOLUNTEERS - 1)
    assert Assignment.objects.filter(shift=shift).count() == 1
    assert Shift.objects.get(pk=shift.pk).places_taken == 1


def one_volunteer_cannot_take_two_overlapping_shifts_at_once(make_shift, dance, tomas):
    from datetime import timedelta

    first = make_shift(dance, "Šatna")
    second = make_shift(dance, "Pokladna", start_offset=timedelta(hours=1))
    outcomes, refusals, errors = all_at_once([lambda: sign_up(first, tomas), lambda: sign_up(second, tomas)])
    assert errors == []
    assert len(outcomes) == 1 and [refusal.code for refusal in refusals] == ["overlap"]
    assert Assignment.objects.filter(volunteer=tomas).count() == 1


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_two_volunteers_never_share_the_last_place(requires_postgresql, last_place):
    the_last_place_is_taken_once(last_place)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_overlapping_sign_ups_at_once_take_one_shift(requires_postgresql, make_shift, dance, tomas):
    one_volunteer_cannot_take_two_overlapping_shifts_at_once(make_shift, dance, tomas)


@pytest.fixture
def sqlite_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the embedded default")


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_last_place_waits_instead_of_failing(sqlite_only, last_place):
    the_last_place_is_taken_once(last_place)


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_overlapping_sign_ups_at_once_take_one_shift(sqlite_only, make_shift, dance, tomas):
    one_volunteer_cannot_take_two_overlapping_shifts_at_once(make_shift, dance, tomas)
