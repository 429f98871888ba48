"""Every list page and endpoint of drives costs the same number of queries for one item as for many."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from drives.models import (
    Distribution,
    Donation,
    Drive,
    HistoryEntry,
    Need,
    OpeningException,
    OpeningHours,
    Pledge,
    Unit,
)
from events.models import Venue
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
MANY = 15


@pytest.fixture
def add_drive(today, staff):
    """Drive number `n` written straight to the tables: needs, points with hours and exceptions, rows of all kinds."""

    def add(n, *, status=Drive.Status.RUNNING):
        drive = Drive.objects.create(
            title=f"Sbírka {n}", slug=f"sbirka-{n}", status=status, hands_out=True,
            starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=20), closed_at=timezone.now()
            if status == Drive.Status.CLOSED else None,
        )
        drive.organizers.add(staff)
        return add_parts(drive, [0])

    def add_parts(drive, parts):
        n = drive.slug.removeprefix("sbirka-")
        for part in parts:
            needs = [Need.objects.create(drive=drive, name=f"Věc {part}-{i}", unit=unit, target=10 + i, received=i)
                     for i, unit in enumerate((Unit.PIECE, Unit.CZK, Unit.BAG))]
            venue = Venue.objects.create(name=f"Místo {n}-{part}", slug=f"misto-{n}-{part}", street="Americká 1")
            point = drive.points.create(venue=venue)
            point.accepts.set(needs[:2])
            OpeningHours.objects.create(point=point, weekday=today.weekday(), opens=time(8), closes=time(12))
            OpeningHours.objects.create(point=point, weekday=(today.weekday() + 1) % 7, opens=time(13),
                                        closes=time(17))
            OpeningException.objects.create(point=point, date=today + timedelta(days=2), note="svátek")
            for need in needs:
                Donation.objects.create(drive=drive, need=need, point=point, quantity=2, logged_by=staff)
                Pledge.objects.create(drive=drive, need=need, point=point, quantity=1, name="Jana")
            Distribution.objects.create(drive=drive, handed_out_on=today, households=2, people=3, items=4,
                                        point=point, need=needs[0], recorded_by=staff)
            HistoryEntry.objects.create(drive=drive, action="donation_logged", by=staff, by_name="Jana",
                                        after={"quantity": 2})
        return drive

    add.parts = add_parts
    return add


def grow_drive_zero(add_drive):
    return lambda: add_drive.parts(Drive.objects.get(slug="sbirka-0"), range(1, MANY))


def compare(client, url, grow):
    few = count_queries(client, url, warm_up=True)
    grow()
    many = count_queries(client, url, warm_up=True)
    assert many == few, f"{url}: {few} queries for one, {many} for many"
    return few


def test_the_public_list_of_drives(client, add_drive):
    add_drive(0)
    add_drive(100, status=Drive.Status.CLOSED)

    def grow():
        for n in range(1, MANY):
            add_drive(n)
            add_drive(100 + n, status=Drive.Status.CLOSED)

    compare(client, "/sbirky/", grow)


def test_the_page_of_one_drive_with_many_needs_and_points(client, add_drive):
    add_drive(0)
    compare(client, "/sbirky/sbirka-0/", grow_drive_zero(add_drive))


def test_the_staff_list_of_drives(client, staff, add_drive):
    client.force_login(staff)
    add_drive(0)
    compare(client, "/sprava/sbirky/", lambda: [add_drive(n) for n in range(1, MANY)])


@pytest.mark.parametrize("page", ["", "rozdano/", "historie/", "hodiny/"])
def test_the_staff_pages_of_a_drive_with_many_rows(client, staff, add_drive, page):
    client.force_login(staff)
    add_drive(0)
    compare(client, f"/sprava/sbirky/sbirka-0/{page}", grow_drive_zero(add_drive))


def test_the_logging_page_of_a_point_with_many_needs_and_donations(client, staff, add_drive):
    client.force_login(staff)
    drive = add_drive(0)
    point = drive.points.get()

    def grow():
        for i in range(MANY):
            need = Need.objects.create(drive=drive, name=f"Další {i}", unit=Unit.PIECE, target=5)
            point.accepts.add(need)
            Donation.objects.create(drive=drive, need=need, point=point, quantity=1, logged_by=staff)

    compare(client, f"/sprava/sbirky/sbirka-0/misto/{point.pk}/", grow)


@pytest.mark.parametrize("url", ["/api/v1/drives/", "/api/v1/drives/?status=running", "/api/v1/drives/sbirka-0/"])
def test_the_api_reads_drives_in_a_fixed_number_of_queries(client, add_drive, url):
    add_drive(0)

    def grow():
        grow_drive_zero(add_drive)()
        for n in range(1, MANY):
            add_drive(n)

    compare(client, url, grow)


def test_the_api_list_of_donations(client, staff, add_drive):
    client.force_login(staff)
    add_drive(0)
    compare(client, "/api/v1/drives/sbirka-0/donations/", grow_drive_zero(add_drive))
