"""Read queries for the staff pages, each in a fixed number of queries however many rows there are."""

import re
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from events.models import Occurrence
from events.roles import is_department_staff, series_managed_by
from events.selectors import local_day_start

from .models import Person, Registration

SEARCH_LIMIT = 20
SEARCH_MIN_LENGTH = 2
# The select of dates on the phone form: far enough ahead for any call, short enough to scroll.
OFFERED_DAYS = 90

WAITING = Q(registrations__status=Registration.Status.WAITLISTED)


def managed_dates(user):
    return Occurrence.objects.filter(series__in=series_managed_by(user))


def staff_dates(user, *, now=None):
    """Today's and later dates of the series the user manages, with the waiting list counted."""
    today = local_day_start(timezone.localdate(now or timezone.now()))
    return (
        managed_dates(user).filter(end__gt=today)
        .select_related("series", "series__venue", "venue")
        .annotate(waiting_count=Count("registrations", filter=WAITING),
                  waiting_seats=Sum("registrations__seats", filter=WAITING, default=0))
        .order_by("start", "id")
    )


def dates_offered_for_registration(user, *, now=None, also=None):
    """Dates a person who phones in can be registered for: not started, not cancelled, with registration.

    `also` is a date to offer even when it lies further ahead (the one staff came from).
    """
    now = now or timezone.now()
    offered = Q(start__lt=now + timedelta(days=OFFERED_DAYS))
    if also:
        offered |= Q(pk=also)
    return (
        managed_dates(user).scheduled().filter(start__gt=now, series__registration_required=True)
        .filter(offered).select_related("series").order_by("series__title", "start", "id")
    )


def registrations_of(occurrence):
    """Every registration of a date, with the person and who entered it, in the order they came."""
    return list(
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person", "entered_by").order_by("created_at", "id")
    )


def people_findable_by(user):
    """Staff find anyone; an organizer finds only people who registered for their own series."""
    people = Person.objects.filter(anonymised_at__isnull=True)
    if is_department_staff(user):
        return people
    return people.filter(
        pk__in=Registration.objects.filter(occurrence__series__in=series_managed_by(user)).values("person_id")
    )


def search_people(user, text, *, limit=SEARCH_LIMIT):
    """People whose name has every typed word, or whose e-mail or phone contains what was typed.

    Phones are stored as +420 and nine digits, so only the typed digits are compared:
    "777 123", "+420 777 123" and "00420777123" all find +420777123456.
    Returns at most `limit` + 1 people, so the caller can tell there are more.
    """
    text = " ".join((text or "").split())
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    name_match = Q()
    for word in text.split():
        name_match &= Q(name__icontains=word)
    match = name_match | Q(email__icontains=text)
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        digits = digits[2:]
    if len(digits) >= 3:
        match |= Q(phone__contains=digits)
    return list(people_findable_by(user).filter(match).order_by("name", "pk")[: limit + 1])
