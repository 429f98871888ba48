"""A small programme to register for, made the way staff make it (validation, then the dates)."""

from datetime import date, time, timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from events.models import Audience, Kind, Occurrence, Series, Venue
from events.roles import DEPARTMENT_STAFF
from events.services import series_changed, validate_schedule

# Dates start at least this many days ahead: the reminder job (dates tomorrow) must not mail anyone.
FIRST_DATE_AFTER_DAYS = 3


def next_weekday(weekday, after_days=FIRST_DATE_AFTER_DAYS):
    day = date.today() + timedelta(days=after_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def make_series(title, slug, *, rule, starts_on, start_time, duration=timedelta(hours=2), kind=Kind.DANCE,
                capacity=30, sync=True, venue=None, audience=None):
    rule = validate_schedule(recurrence=rule, starts_on=starts_on, start_time=start_time, duration=duration)
    series = Series.objects.create(
        title=title, slug=slug, kind=kind, venue=venue or Venue.objects.get(slug="mestanska-beseda"),
        starts_on=starts_on, start_time=start_time, duration=duration, recurrence=rule, capacity=capacity,
        max_seats_per_registration=2, waiting_list=True,
    )
    series.audiences.set([audience or Audience.objects.get(slug="seniori")])
    if sync:
        series_changed(series)
    return series


@transaction.atomic
def seed():
    """Returns the ids of the dates open for registration and a department staff member's API token."""
    Venue.objects.create(
        name="Měšťanská beseda", slug="mestanska-beseda", street="Kopeckého sady 13", postal_code="301 00",
        step_free_access=True, hearing_loop=True, accessible_toilet=True,
    )
    Audience.objects.get_or_create(slug="seniori", defaults={"name": "senioři", "position": 1})
    make_series("Oldies Goldies", "oldies-goldies", rule="FREQ=WEEKLY;BYDAY=WE", starts_on=next_weekday(2),
                start_time=time(18, 0), duration=timedelta(hours=3), capacity=40)
    make_series("Nedám se!", "nedam-se", rule="FREQ=WEEKLY;BYDAY=TH", starts_on=next_weekday(3),
                start_time=time(10, 0), kind=Kind.WORKSHOP, capacity=20)
    make_series("Prostě pořád řídím", "proste-porad-ridim", rule="FREQ=WEEKLY;BYDAY=MO", starts_on=next_weekday(0),
                start_time=time(9, 0), kind=Kind.COURSE, capacity=25)
    make_series("Šikovné ruce", "sikovne-ruce", rule="", starts_on=date.today() + timedelta(days=5),
                start_time=time(14, 0), kind=Kind.WORKSHOP, capacity=8)

    staff = User.objects.create_user("pracovnice", password="heslo-pro-faults", is_staff=True,
                                     first_name="Jana", last_name="Nováková")
    staff.groups.add(Group.objects.get(name=DEPARTMENT_STAFF))
    token = Token.objects.create(user=staff)

    now = timezone.now()
    open_dates = [
        occurrence.pk for occurrence in Occurrence.objects.select_related("series").order_by("start", "pk")
        if occurrence.registration_state(now) == "open"
    ]
    if len(open_dates) < 3:
        raise RuntimeError(f"the seeded programme has only {len(open_dates)} dates open for registration")
    return open_dates, token.key
