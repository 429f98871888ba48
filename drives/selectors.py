"""Read queries shared by the public pages, the staff pages and the API, each in a fixed number of queries."""

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from events.recurrence import PRAGUE

from .models import CollectionPoint, Distribution, Donation, Drive, HistoryEntry, Need, Pledge

# How many closed drives the public list still shows, newest first.
CLOSED_ON_LIST = 10


def points_for_page():
    """Collection points with everything their opening hours and 'accepts' need."""
    return CollectionPoint.objects.select_related("venue").prefetch_related("hours", "exceptions", "accepts")


def with_needs_and_points(drives):
    return drives.prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("priority", "position", "id")),
        Prefetch("points", queryset=points_for_page()),
    )


def running_drives():
    return with_needs_and_points(Drive.objects.filter(status=Drive.Status.RUNNING).order_by("ends_on", "title"))


def recently_closed_drives(limit=CLOSED_ON_LIST):
    drives = Drive.objects.filter(status=Drive.Status.CLOSED).order_by("-closed_at", "-ends_on", "title")[:limit]
    return drives.prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("priority", "position", "id")))


def public_drives(status=None):
    """Running and closed drives (a prepared one is not public yet), running first."""
    drives = Drive.objects.filter(status__in=[Drive.Status.RUNNING, Drive.Status.CLOSED])
    if status:
        drives = drives.filter(status=status)
    return with_needs_and_points(drives.order_by("-status", "ends_on", "title"))


def load_drive_page(drive):
    """The drive with its needs (most needed first) and points, ready for the page or the API."""
    return with_needs_and_points(Drive.objects.filter(pk=drive.pk)).get()


def distribution_totals(drive):
    totals = Distribution.objects.filter(drive=drive, voided_at__isnull=True).aggregate(
        households=Coalesce(Sum("households"), 0), people=Coalesce(Sum("people"), 0),
        items=Coalesce(Sum("items"), 0), entries=Count("id"),
    )
    return totals


def open_pledges(drive):
    return (
        Pledge.objects.filter(drive=drive, status=Pledge.Status.OPEN)
        .select_related("need", "point__venue").order_by("created_at", "id")
    )


def recent_donations(drive, *, point=None, limit=20):
    donations = Donation.objects.filter(drive=drive).select_related("need", "point__venue", "logged_by")
    if point is not None:
        donations = donations.filter(point=point)
    return donations.order_by("-received_at", "-id")[:limit]


def counted_donations(drive):
    return Donation.objects.filter(drive=drive, voided_at__isnull=True)


class Total(NamedTuple):
    day: date | None
    point_id: int
    point_name: str
    need: Need
    total: int

    @property
    def amount(self):
        return self.need.amount(self.total)


def totals_by_point(drive):
    """[Total] of what counts, by point and need (`day` is None)."""
    rows = (
        counted_donations(drive).values("point_id", "point__venue__name", "need_id")
        .annotate(total=Sum("quantity")).order_by("point__venue__name", "point_id", "need_id")
    )
    needs = {need.pk: need for need in drive.needs.all()}
    return [Total(None, row["point_id"], row["point__venue__name"], needs[row["need_id"]], row["total"])
            for row in rows]


def totals_by_day(drive):
    """[Total] of what counts, by day in Prague, point and need; newest day first."""
    rows = (
        counted_donations(drive).annotate(day=TruncDate("received_at", tzinfo=PRAGUE))
        .values("day", "point_id", "point__venue__name", "need_id").annotate(total=Sum("quantity"))
        .order_by("-day", "point__venue__name", "point_id", "need_id")
    )
    needs = {need.pk: need for need in drive.needs.all()}
    return [Total(row["day"], row["point_id"], row["point__venue__name"], needs[row["need_id"]], row["total"])
            for row in rows]


def distributions_of(drive):
    return Distribution.objects.filter(drive=drive).select_related("need", "point__venue", "recorded_by")


def history_of(drive):
    return HistoryEntry.objects.filter(drive=drive).select_related("by").order_by("-at", "-id")


def totals_from_history(drive):
    """{need id: received} recomputed from the history alone, to audit `Need.received`.

    Each donation entry says what counted before and after the change; the sum of the
    differences is what counts now.
    """
    totals = defaultdict(int)
    entries = HistoryEntry.objects.filter(drive=drive, action__startswith="donation_").order_by("at", "id")
    for entry in entries:
        for snapshot, sign in ((entry.before, -1), (entry.after, 1)):
            if snapshot and snapshot["counts"]:
                totals[snapshot["need"]] += sign * snapshot["quantity"]
    return {need: total for need, total in totals.items() if total}


def distribution_totals_from_history(drive):
    """{'households', 'people', 'items'} recomputed from the history alone."""
    totals = {"households": 0, "people": 0, "items": 0}
    entries = HistoryEntry.objects.filter(drive=drive, action__startswith="distribution_").order_by("at", "id")
    for entry in entries:
        for snapshot, sign in ((entry.before, -1), (entry.after, 1)):
            if snapshot and snapshot["counts"]:
                for name in totals:
                    totals[name] += sign * snapshot[name]
    return totals


def staff_drives(user):
    """The drives a user manages, with their needs and the number of open pledges."""
    from .roles import drives_managed_by

    return (
        drives_managed_by(user)
        .annotate(open_pledges=Count("pledges", filter=Q(pledges__status=Pledge.Status.OPEN)))
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("priority", "position", "id")))
        .order_by(STATUS_ORDER, "-starts_on", "title")
    )


# Running first, then the ones being prepared, then the closed ones.
STATUS_ORDER = Case(
    When(status=Drive.Status.RUNNING, then=Value(0)), When(status=Drive.Status.PREPARED, then=Value(1)),
    default=Value(2), output_field=IntegerField(),
)
