"""Right after `make run` the demo programme is there, with dates open for registration."""

from django.contrib.auth.models import User
from django.core.management import call_command

from events.models import Occurrence, Series
from events.roles import can_manage_series, is_department_staff

REAL_PROGRAMME = {
    "Senioři baví seniory", "Oldies Goldies", "Nedám se!", "Prostě pořád řídím", "Šikovné ruce", "Festival Umííí",
}


def test_seed_demo_loads_the_plzen_programme_once(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    counts = (Series.objects.count(), Occurrence.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (Series.objects.count(), Occurrence.objects.count(), User.objects.count()) == counts
    assert REAL_PROGRAMME <= set(Series.objects.values_list("title", flat=True))
    assert all(series.venue.city == "Plzeň" for series in Series.objects.select_related("venue"))


def test_several_upcoming_dates_are_open_with_free_places(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    upcoming = Occurrence.objects.upcoming().select_related("series")
    open_dates = [o for o in upcoming if o.registration_open() and o.has_free_places]
    assert len(open_dates) >= 5
    assert len({o.series_id for o in open_dates}) >= 3


def test_demo_accounts_have_their_roles(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    oldies = Series.objects.get(slug="oldies-goldies")
    nedam_se = Series.objects.get(slug="nedam-se")
    organizer = User.objects.get(username="organizator")
    assert can_manage_series(organizer, oldies) and not can_manage_series(organizer, nedam_se)
    assert is_department_staff(User.objects.get(username="pracovnice"))
    assert not is_department_staff(organizer)
    assert User.objects.get(username="spravce").check_password("spolu-demo-2026")
