"""django-q2 jobs: thin wrappers that load rows by id and call services or send e-mail.

A job that raises is retried by the cluster (Q_CLUSTER retry / max_attempts).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import emails, services
from .models import Registration


def _load(registration_id):
    return (
        Registration.objects.select_related("person", "occurrence__series__venue", "occurrence__venue")
        .filter(pk=registration_id).first()
    )


def send_registration_email(registration_id):
    registration = _load(registration_id)
    if registration is None or registration.is_cancelled or not emails.can_email(registration):
        return "skipped"
    emails.registration_email(registration).send()
    return "sent"


def send_new_address_email(person_id):
    from .models import Person

    person = Person.objects.filter(pk=person_id, anonymised_at__isnull=True).exclude(email="").first()
    if person is None:
        return "skipped"
    emails.new_address_email(person).send()
    return "sent"


def send_promotion_email(registration_id):
    registration = _load(registration_id)
    if registration is None or not registration.is_confirmed or not emails.can_email(registration):
        return "skipped"
    emails.promotion_email(registration).send()
    return "sent"


def send_reminders(now=None):
    """Remind everyone confirmed for tomorrow, once: the row is claimed before the e-mail goes."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, reminded_at__isnull=True,
        occurrence__start__date=tomorrow, occurrence__status="scheduled",
    ).exclude(person__email="").values_list("pk", flat=True)
    sent = 0
    for registration_id in list(due):
        claimed = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(reminded_at=now)
        if claimed:
            emails.reminder_email(_load(registration_id)).send()
            sent += 1
    return sent


def notify_change(occurrence_id, change):
    """Tell everyone registered for a date that it was moved or cancelled."""
    registrations = Registration.objects.live().filter(occurrence_id=occurrence_id).exclude(person__email="")
    sent = 0
    for registration in registrations.select_related("person", "occurrence__series__venue", "occurrence__venue"):
        if registration.person:
            emails.change_email(registration, change).send()
            sent += 1
    return sent


def promote_after_more_places(occurrence_id):
    from events.models import Occurrence

    occurrence = Occurrence.objects.filter(pk=occurrence_id).first()
    return len(services.promote_waiting_list(occurrence)) if occurrence else 0


def anonymise_past_attendees(now=None):
    days = settings.SPOLU_ANONYMISE_AFTER_DAYS
    return services.anonymise_people(before=(now or timezone.now()) - timedelta(days=days))
