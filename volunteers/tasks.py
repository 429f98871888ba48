"""django-q2 jobs: thin wrappers that load rows by id and call services or send e-mail.

The daily jobs (scheduled after migrate, see receivers.py) can run twice without harm.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from messaging import outbox

from . import services
from .models import Assignment


def advance_award_rounds(now=None):
    return services.advance_rounds(now=now)


def anonymise_old_nominations(now=None):
    now = now or timezone.now()
    return services.anonymise_nominations(before=now - timedelta(days=services.nominations_kept_days()), now=now)


def send_shift_reminders(now=None):
    """Two days before a shift, ask each volunteer on it to confirm; once, even if the job runs twice.

    The row is claimed (reminded_at set) in the transaction that queues its message.
    """
    now = now or timezone.now()
    day = timezone.localdate(now) + timedelta(days=services.REMINDER_DAYS_BEFORE)
    due = (
        Assignment.objects.live().filter(reminded_at__isnull=True, shift__starts_at__date=day)
        .exclude(volunteer__email="").exclude(shift__occurrence__status="cancelled")
        .values_list("pk", flat=True)
    )
    queued = 0
    for assignment_id in list(due):
        with transaction.atomic():
            if Assignment.objects.filter(pk=assignment_id, reminded_at__isnull=True).update(reminded_at=now):
                outbox.queue("volunteers.messages.shift_reminder", assignment_id,
                             dedupe_key=f"volunteers.shift_reminder:{assignment_id}")
                queued += 1
    return queued
