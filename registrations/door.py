"""What the door needs: today's list for one date, read in a fixed number of queries."""

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from .models import Registration, Scan


def _admissions():
    return Scan.objects.filter(registration=OuterRef("pk"), status=Scan.Status.OK, undone_at__isnull=True)


def door_list(occurrence):
    """Every registration of the date with its admission, for the scanner to keep offline."""
    registrations = (
        Registration.objects.filter(occurrence=occurrence)
        .select_related("person")
        .annotate(admitted_at=Subquery(_admissions().values("scanned_at")[:1]))
        .order_by("person__name", "id")
    )
    return [
        {
            "code": registration.code,
            "name": registration.person.name if registration.person else "",
            "seats": registration.seats,
            "status": registration.status,
            "needs": registration.needs,
            "checked_in_at": timezone.localtime(registration.admitted_at).isoformat()
            if registration.admitted_at else None,
        }
        for registration in registrations
    ]


def door_counts(occurrence):
    """Seats checked in and seats registered (confirmed), for the live counter."""
    admitted = Scan.objects.filter(
        occurrence=occurrence, status=Scan.Status.OK, undone_at__isnull=True
    ).aggregate(seats=Sum("registration__seats"), tickets=Count("id"))
    registered = Registration.objects.filter(occurrence=occurrence).aggregate(
        seats=Sum("seats", filter=Q(status=Registration.Status.CONFIRMED)),
    )
    return {
        "checked_in_seats": admitted["seats"] or 0,
        "checked_in_tickets": admitted["tickets"] or 0,
        "registered_seats": registered["seats"] or 0,
    }
