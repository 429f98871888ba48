"""django-q2 jobs: thin wrappers that load rows by id and call services or queue messages.

E-mails themselves are built in messages.py and sent by the outbox (messaging), once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from messaging import outbox

from . import services
from .models import Registration


def send_reminders(now=None):
    """Remind everyone confirmed for tomorrow, once: the row is claimed with its message in one transaction."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, reminded_at__isnull=True,
        occurrence__start__date=tomorrow, occurrence__status="scheduled",
    ).exclude(person__email="").values_list("pk", flat=True)
    queued = 0
    for registration_id in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(reminded_at=now)
            if claimed and outbox.queue("registrations.messages.reminder_email", registration_id,
                                        dedupe_key=f"registrations.reminder:{registration_id}"):
                queued += 1
    return queued


def notify_change(occurrence_id, change):
    """Tell everyone registered for a date that it was moved or cancelled: one message each."""
    with transaction.atomic():
        registrations = list(
            Registration.objects.live().filter(occurrence_id=occurrence_id).exclude(person__email="")
            .exclude(person__isnull=True).values_list("pk", flat=True)
        )
        for registration_id in registrations:
            outbox.queue("registrations.messages.change_email", registration_id, change)
    return len(registrations)


def promote_after_more_places(occurrence_id):
    from events.models import Occurrence

    occurrence = Occurrence.objects.filter(pk=occurrence_id).first()
    return len(services.promote_waiting_list(occurrence)) if occurrence else 0


def anonymise_past_attendees(now=None):
    days = settings.SPOLU_ANONYMISE_AFTER_DAYS
    return services.anonymise_people(before=(now or timezone.now()) - timedelta(days=days))
