"""Read queries for attendance: who came to one date, and registrations against attendance over a period.

Every figure is counted by the database, one query per table however many dates and
registrations there are. None of them reads a person: people anonymised after their dates
count like everyone else.

What the figures mean (the statistics page says the same in words):
- a date counts when it is not cancelled, began within the period and has begun by now, and
  its series asks for registration (or it has registrations all the same);
- registered = places of confirmed registrations; came = those of them admitted at the door
  (a scan "ok" that was not undone); no-shows = registered places not admitted, on dates that
  are over (people may still arrive at a date that is running);
- cancelled and waiting are numbers of registrations (not places): cancelled ones, and those
  still on the waiting list, which never got a place.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from events.models import Occurrence
from events.recurrence import PRAGUE
from events.roles import series_managed_by
from events.selectors import local_day_start

from .models import Registration, admitted

# --- One date -------------------------------------------------------------------------------

def _admission_of_registration():
    # At most one per registration (the constraint one_admission_per_ticket), so the join adds no rows.
    return FilteredRelation("scans", condition=admitted("scans__"))


def registrations_with_attendance(occurrence):
    """Every registration of a date, with the person, who entered it and its admission, in the order they came.

    Each registration gets `admitted_at` (None if not admitted) and `admitted_by_first`,
    `admitted_by_last`, `admitted_by_username` of the one who let them in; all in one query.
    """
    return list(
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person", "entered_by")
        .annotate(admission=_admission_of_registration())
        .annotate(
            admitted_at=F("admission__scanned_at"),
            admitted_by_first=F("admission__by__first_name"),
            admitted_by_last=F("admission__by__last_name"),
            admitted_by_username=F("admission__by__username"),
        )
        .order_by("created_at", "id")
    )


def attendance_totals(registrations):
    """Places that came and places registered (confirmed), from registrations already read with their admission."""
    confirmed = [registration for registration in registrations if registration.is_confirmed]
    return {
        "came_seats": sum(r.seats for r in confirmed if getattr(r, "admitted_at", None) is not None),
        "came_registrations": sum(1 for r in confirmed if getattr(r, "admitted_at", None) is not None),
        "registered_seats": sum(r.seats for r in confirmed),
    }


# --- A period -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """Whole local days, both ends included."""

    first: date
    last: date

    @property
    def starts_at(self):
        return local_day_start(self.first)

    @property
    def ends_before(self):
        return local_day_start(self.last + timedelta(days=1))


def default_period(today=None):
    """The last twelve months up to today: from the first day of the month eleven months back."""
    today = today or timezone.localdate()
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return Period(date(year, month, 1), today)


@dataclass
class Line:
    """One row of a statistics table."""

    key: object
    label: str
    dates: int = 0
    registered: int = 0
    came: int = 0
    no_shows: int = 0
    cancelled: int = 0
    waiting: int = 0

    @property
    def rate(self):
        """Attendance in whole per cent (half up), or None when nobody was registered."""
        if not self.registered:
            return None
        return (self.came * 200 + self.registered) // (self.registered * 2)


MEASURES = ("dates", "registered", "came", "no_shows", "cancelled", "waiting")


def _measures(now):
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    admitted = Q(admission__id__isnull=False)
    return {
        "dates": Count("pk", distinct=True),
        "registered": Sum("registrations__seats", filter=confirmed, default=0),
        "came": Sum("registrations__seats", filter=confirmed & admitted, default=0),
        "no_shows": Sum("registrations__seats", filter=confirmed & ~admitted & Q(end__lte=now), default=0),
        "cancelled": Count("registrations", filter=Q(registrations__status=Registration.Status.CANCELLED)),
        "waiting": Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
    }


def counted_dates(user, period, *, now):
    """The dates the statistics count for this user: their series, held (begun, not cancelled), in the period."""
    has_registrations = Exists(Registration.objects.filter(occurrence=OuterRef("pk")))
    return Occurrence.objects.filter(
        Q(series__registration_required=True) | has_registrations,
        series__in=series_managed_by(user), status=Occurrence.Status.SCHEDULED,
        start__gte=period.starts_at, start__lt=period.ends_before, start__lte=now,
    )


def _joined(user, period, now):
    """Dates joined to their registrations and each registration's admission (one row per registration)."""
    return counted_dates(user, period, now=now).annotate(
        admission=FilteredRelation(
            "registrations__scans",
            condition=admitted("registrations__scans__"),
        )
    )


def _line(key, label, row):
    return Line(key=key, label=label, **{name: row[name] or 0 for name in MEASURES})


def totals(user, period, *, now=None):
    now = now or timezone.now()
    return _line(None, "", _joined(user, period, now).aggregate(**_measures(now)))


def by_series(user, period, *, now=None):
    now = now or timezone.now()
    rows = (
        _joined(user, period, now).values("series_id", "series__title")
        .annotate(**_measures(now)).order_by("series__title", "series_id")
    )
    return [_line(row["series_id"], row["series__title"], row) for row in rows]


def by_audience(user, period, *, now=None, no_audience=""):
    """One line per audience; a date of a series for two audiences counts in both, one for none in `no_audience`."""
    now = now or timezone.now()
    rows = (
        _joined(user, period, now).values("series__audiences__id", "series__audiences__name")
        .annotate(**_measures(now))
        .order_by(F("series__audiences__position").asc(nulls_last=True), "series__audiences__name")
    )
    return [
        _line(row["series__audiences__id"], row["series__audiences__name"] or no_audience, row) for row in rows
    ]


def months_of(period, now):
    """The first day of each month from the period's first to its last (or today's, if sooner)."""
    last = min(period.last, timezone.localdate(now))
    month = period.first.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month += timedelta(days=monthrange(month.year, month.month)[1])
    return months


def by_month(user, period, *, now=None):
    """One line per month of the period in Prague time, months without dates included (with zeros)."""
    now = now or timezone.now()
    rows = (
        _joined(user, period, now).annotate(month=TruncMonth("start", tzinfo=PRAGUE)).values("month")
        .annotate(**_measures(now)).order_by("month")
    )
    found = {_as_local_date(row["month"]): row for row in rows}
    lines = []
    for month in sorted(set(months_of(period, now)) | set(found)):
        row = found.get(month)
        lines.append(_line(month, month.strftime("%Y-%m"), row) if row else Line(key=month, label=f"{month:%Y-%m}"))
    return lines


def _as_local_date(moment):
    """TruncMonth gives an aware datetime (or, on some databases, a date): the month's first day in Prague."""
    if hasattr(moment, "tzinfo") and moment.tzinfo is not None:
        moment = moment.astimezone(PRAGUE)
    return date(moment.year, moment.month, 1)
