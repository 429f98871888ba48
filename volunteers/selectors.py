"""Read queries shared by the register's pages, each in a fixed number of queries."""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Assignment, Shift, Volunteer

# How far ahead volunteers see open shifts on their page.
OPEN_SHIFTS_DAYS = 90


def find_volunteers(*, query="", skill=None, available="", include_inactive=False):
    volunteers = Volunteer.objects.all() if include_inactive else Volunteer.objects.active()
    query = " ".join((query or "").split())
    if query:
        volunteers = volunteers.filter(Q(name__icontains=query) | Q(email__icontains=query)
                                       | Q(phone__contains=query.replace(" ", "")))
    if skill is not None:
        volunteers = volunteers.filter(skills=skill)
    if available in Volunteer.AVAILABILITY_FIELDS:
        volunteers = volunteers.filter(**{available: True})
    year = timezone.localdate().year
    return (
        volunteers.prefetch_related("skills", "checks")
        .annotate(hours_this_year=Sum("assignments__hours", filter=Q(
            assignments__attended=True, assignments__shift__starts_at__year=year)))
        .order_by("name", "pk")
    )


def staff_shifts(*, past=False, now=None):
    """Upcoming shifts (or the past 60 days' with the attendance still to mark) for the staff list."""
    now = now or timezone.now()
    shifts = Shift.objects.for_list().annotate(
        unmarked=Count("assignments", filter=Q(assignments__status__in=Assignment.LIVE,
                                              assignments__attended__isnull=True)),
    )
    if past:
        return shifts.filter(starts_at__lte=now, starts_at__gt=now - timedelta(days=60)).order_by("-starts_at", "pk")
    return shifts.filter(starts_at__gt=now).order_by("starts_at", "pk")


def shift_assignments(shift):
    return shift.assignments.select_related("volunteer").order_by("status", "created_at", "pk")


def open_shifts_for(volunteer, *, now=None):
    """Upcoming shifts with a free place that the volunteer is not on yet."""
    now = now or timezone.now()
    mine = Assignment.objects.live().filter(volunteer=volunteer, shift=OuterRef("pk"))
    return (
        Shift.objects.for_list().filter(starts_at__gt=now, starts_at__lt=now + timedelta(days=OPEN_SHIFTS_DAYS))
        .exclude(occurrence__status="cancelled")
        .filter(places_taken__lt=F("places_needed")).exclude(Exists(mine)).order_by("starts_at", "pk")
    )


def assignments_of(volunteer, *, upcoming=True, now=None):
    now = now or timezone.now()
    assignments = Assignment.objects.filter(volunteer=volunteer).select_related(
        "shift__occurrence__series", "shift__occurrence__venue", "shift__occurrence__series__venue"
    )
    if upcoming:
        return assignments.live().filter(shift__ends_at__gt=now).order_by("shift__starts_at", "pk")
    return assignments.filter(shift__starts_at__lte=now).order_by("-shift__starts_at", "-pk")


def hours_by_year(volunteer):
    """[(year, hours, shifts came, no-shows)] for one volunteer, newest year first."""
    rows = (
        Assignment.objects.filter(volunteer=volunteer, attended__isnull=False)
        .annotate(year=ExtractYear("shift__starts_at")).values("year")
        .annotate(hours=Sum("hours", filter=Q(attended=True)), came=Count("pk", filter=Q(attended=True)),
                  missed=Count("pk", filter=Q(attended=False)))
        .order_by("-year")
    )
    return list(rows)


def hours_table(year):
    """Hours per volunteer in a year: the volunteers who left stay in, anonymised."""
    return list(
        Assignment.objects.filter(attended__isnull=False, shift__starts_at__year=year)
        .values("volunteer_id", "volunteer__name", "volunteer__anonymised_at")
        .annotate(hours=Sum("hours", filter=Q(attended=True)), came=Count("pk", filter=Q(attended=True)),
                  missed=Count("pk", filter=Q(attended=False)))
        .order_by("-hours", "volunteer__name", "volunteer_id")
    )


def years_with_hours():
    years = (
        Assignment.objects.filter(attended__isnull=False).annotate(year=ExtractYear("shift__starts_at"))
        .values_list("year", flat=True).distinct()
    )
    return sorted(set(years), reverse=True)
