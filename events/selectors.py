"""Read queries shared by the public pages, the feeds and the API."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Occurrence
from .recurrence import PRAGUE


def local_day_start(day):
    return datetime.combine(day, time.min).replace(tzinfo=PRAGUE)


def programme_occurrences(filters, *, now=None, include_cancelled=True):
    """Published dates matching the cleaned filters of `ProgrammeFilterForm`, in time order.

    Without a start of the range, only dates that have not ended yet are listed.
    """
    now = now or timezone.now()
    dates = Occurrence.objects.public().for_page()
    start, end = filters.get("from"), filters.get("to")
    if start:
        dates = dates.filter(end__gt=local_day_start(start))
    else:
        dates = dates.upcoming(now)
    if end:
        dates = dates.filter(start__lt=local_day_start(end + timedelta(days=1)))
    if filters.get("audience"):
        dates = dates.filter(series__audiences=filters["audience"])
    if filters.get("kind"):
        dates = dates.filter(series__kind=filters["kind"])
    if filters.get("venue"):
        venue = filters["venue"]
        dates = dates.filter(Q(venue=venue) | Q(venue__isnull=True, series__venue=venue))
    if filters.get("series"):
        dates = dates.filter(series=filters["series"])
    if filters.get("has_free_places"):
        dates = dates.scheduled().with_free_places()
    if not include_cancelled:
        dates = dates.scheduled()
    return dates.order_by("start", "id")


def upcoming_dates_of(series, *, now=None, limit=None):
    dates = series.occurrences.upcoming(now).select_related("venue").order_by("start")
    return dates[:limit] if limit else dates
