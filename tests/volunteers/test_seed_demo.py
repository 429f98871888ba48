"""`manage.py seed_demo` adds volunteers and shifts at the next dance evenings."""

from django.contrib.auth.models import User
from django.core.management import call_command

from volunteers.models import Shift, Volunteer


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_has_volunteers_on_shifts(db):
    seed()
    assert Volunteer.objects.count() >= 5 and Shift.objects.filter(occurrence__series__slug="oldies-goldies").exists()
    assert Shift.objects.filter(assignments__isnull=False).exists()


def test_seeding_twice_adds_nothing(db):
    seed()
    counts = (Volunteer.objects.count(), Shift.objects.count())
    seed()
    assert (Volunteer.objects.count(), Shift.objects.count()) == counts


def test_the_demo_pages_open(client, db):
    seed()
    client.force_login(User.objects.get(username="pracovnice"))
    assert client.get("/sprava/dobrovolnici/").status_code == 200
    assert client.get("/sprava/dobrovolnici/smeny/").status_code == 200
