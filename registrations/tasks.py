"""django-q2 jobs: thin wrappers that load rows by id and call services or queue messages.

E-mails themselves are built in messages.py and sent by the outbox (messaging), once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.runner import run_job
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
    queued = []

    def remind(registration_id):
        claimed = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(reminded_at=now)
        if claimed and outbox.queue("registrations.messages.reminder_email", registration_id,
                                    dedupe_key=f"registrations.reminder:{registration_id}"):
            queued.append(registration_id)

    run_job("registrations.tasks.send_reminders", list(due), remind,
            lambda registration_id: _("registration #%(id)s") % {"id": registration_id},
            label=_("Remind tomorrow's dates"))
    return len(queued)


def notify_change(occurrence_id, change, before=None):
    """Tell everyone registered for a date that it was moved or cancelled: one message each.

    `before`: for a move, the date's old start and end (ISO text), so the e-mail can say both times.
    """
    args = (change, before) if before else (change,)
    with transaction.atomic():
        registrations = list(
            Registration.objects.live().filter(occurrence_id=occurrence_id).exclude(person__email="")
            .exclude(person__isnull=True).values_list("pk", flat=True)
        )
        for registration_id in registrations:
            outbox.queue("registrations.messages.change_email", registration_id, *args)
    return len(registrations)


def promote_after_more_places(occurrence_id):
    from events.models import Occurrence

    occurrence = Occurrence.objects.filter(pk=occurrence_id).first()
    return len(services.promote_waiting_list(occurrence)) if occurrence else 0


def anonymise_past_attendees(now=None):
    before = (now or timezone.now()) - timedelta(days=settings.SPOLU_ANONYMISE_AFTER_DAYS)
    anonymised = []
    batch = _("attendees of dates that ended before %(date)s") % {"date": f"{timezone.localtime(before):%d. %m. %Y}"}
    run_job("registrations.tasks.anonymise_past_attendees", [before],
            lambda before: anonymised.append(services.anonymise_people(before=before)),
            lambda before: batch,
            label=_("Anonymise past attendees"))
    return sum(anonymised)
