"""Several workers log donations at the same moment: the totals stay exact, and closing never loses one."""

import threading

import pytest
from django.db import connection

from drives import services
from drives.models import Donation, Need
from drives.selectors import totals_from_history

from .conftest import need_of, point_at

WORKERS = 16


def all_at_once(jobs):
    """Run the callables in threads released together; return (results, errors)."""
    start = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            start.wait()
            results.append(job())
        except services.DrivesError as error:
            errors.append(error)
        except Exception as error:  # anything else would reach a person as a 500
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def logging_jobs(drive, venue, staff, count):
    coats, point = need_of(drive, "Zimní bundy"), point_at(drive, venue)
    return [lambda quantity=quantity: services.log_donation(coats, point=point, quantity=quantity, by=staff)
            for quantity in range(1, count + 1)]


def assert_exact(drive):
    coats = Need.objects.get(drive=drive, name="Zimní bundy")
    counted = sum(Donation.objects.filter(need=coats, voided_at__isnull=True).values_list("quantity", flat=True))
    assert coats.received == counted
    assert totals_from_history(drive).get(coats.pk, 0) == counted
    return counted


@pytest.mark.django_db(transaction=True)
def test_parallel_donations_on_postgresql_keep_the_total_exact(requires_postgresql, uklid_satnik, martinska, staff):
    results, errors = all_at_once(logging_jobs(uklid_satnik, martinska, staff, WORKERS))

    assert errors == [] and len(results) == WORKERS
    assert assert_exact(uklid_satnik) == WORKERS * (WORKERS + 1) // 2


@pytest.mark.django_db(transaction=True)
def test_closing_while_workers_log_on_postgresql_counts_each_donation_or_refuses_it(requires_postgresql,
                                                                                   uklid_satnik, martinska, staff):
    jobs = logging_jobs(uklid_satnik, martinska, staff, WORKERS)
    jobs.insert(WORKERS // 2, lambda: services.close_drive(uklid_satnik, by=staff))

    results, errors = all_at_once(jobs)

    assert all(isinstance(error, services.DrivesError) and error.code == "drive_closed" for error in errors)
    assert len(results) + len(errors) == WORKERS + 1
    logged = [result for result in results if isinstance(result, Donation)]
    assert Donation.objects.count() == len(logged)
    assert assert_exact(uklid_satnik) == sum(donation.quantity for donation in logged)


@pytest.mark.django_db(transaction=True)
def test_parallel_corrections_and_voids_on_postgresql_keep_the_total_exact(requires_postgresql, uklid_satnik,
                                                                           martinska, staff):
    donations, _errors = all_at_once(logging_jobs(uklid_satnik, martinska, staff, WORKERS))
    jobs = [lambda donation=donation: services.correct_donation(donation, by=staff, quantity=donation.quantity + 1)
            for donation in donations[::2]]
    jobs += [lambda donation=donation: services.void_donation(donation, by=staff) for donation in donations[1::2]]

    _results, errors = all_at_once(jobs)

    assert errors == []
    assert assert_exact(uklid_satnik) == sum(donation.quantity + 1 for donation in donations[::2])


@pytest.mark.django_db(transaction=True)
def test_parallel_donations_on_sqlite_wait_instead_of_failing(uklid_satnik, martinska, staff):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass covers the embedded default")

    results, errors = all_at_once(logging_jobs(uklid_satnik, martinska, staff, 8))

    assert [str(error) for error in errors] == []  # no "database is locked" reaches anyone
    assert assert_exact(uklid_satnik) == 36
