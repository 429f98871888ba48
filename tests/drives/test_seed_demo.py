"""Right after `make run` the four Plzeň drives are there, with points, hours and progress to show."""

from django.core.management import call_command

from drives.models import Distribution, Donation, Drive, HistoryEntry, Pledge
from drives.selectors import totals_from_history
from events.models import Kind, Series

DRIVES = {"Ukliď šatník!", "Nebuďme lhostejní", "Nový začátek", "Školní pomůcky pro rodiny v nouzi"}


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_seed_demo_adds_the_four_drives_once(db):
    seed()
    counts = [model.objects.count() for model in (Drive, Donation, Pledge, Distribution, HistoryEntry, Series)]
    seed()

    assert [model.objects.count() for model in (Drive, Donation, Pledge, Distribution, HistoryEntry, Series)] == counts
    assert set(Drive.objects.values_list("title", flat=True)) == DRIVES


def test_the_demo_drives_run_in_plzen_with_hours_and_something_to_show(db, client):
    seed()

    for drive in Drive.objects.prefetch_related("needs", "points__venue", "points__hours"):
        assert drive.is_running
        assert all(point.venue.city == "Plzeň" for point in drive.points.all())
        assert all(point.hours.all() for point in drive.points.all())
        assert 0 < drive.overall_percent < 100
        assert totals_from_history(drive) == {need.pk: need.received for need in drive.needs.all()}
        assert client.get(drive.get_absolute_url()).status_code == 200
    assert Series.objects.filter(kind=Kind.COLLECTION, published=True).count() >= 8
    assert Pledge.objects.filter(status="open").exists()
    assert Distribution.objects.filter(drive__slug__in=["novy-zacatek", "skolni-pomucky"]).count() == 3
