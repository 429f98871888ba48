"""Message everyone on a date: an e-mail to those with one, a call list for those with only a phone.

The message, its e-mails (outbox rows) and its call list are written in one transaction, so the
date's history never shows a message that went to nobody, nor do e-mails leave for a message that
was not recorded. The form's one-time key (`submission`) makes a second press of "Send" (a double
click, a reload after a slow answer) find the first message and send nothing more.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging import outbox

from .models import DateMessage, DateMessageCall, Registration
from .services import RegistrationError

MAX_SUBJECT = 150
MAX_TEXT = 3000
EMAIL_KIND = "registrations.messages.date_message_email"

STATUSES = {
    DateMessage.Audience.REGISTERED: [Registration.Status.CONFIRMED],
    DateMessage.Audience.WAITING: [Registration.Status.WAITLISTED],
    DateMessage.Audience.BOTH: [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
}


@dataclass
class Sent:
    message: DateMessage
    created: bool  # False: this submission had been sent before, nothing was sent again


def recipients(occurrence, audience):
    """The registrations a message to `audience` reaches, people (not anonymised) with a contact."""
    return (
        Registration.objects.filter(occurrence=occurrence, status__in=STATUSES[audience],
                                    person__anonymised_at__isnull=True)
        .select_related("person").order_by("person__name", "pk")
    )


def send_to_date(occurrence, *, subject, text, audience, by, submission):
    """Write the message with its e-mails and call list; returns Sent. Refusals: RegistrationError."""
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject:
        raise RegistrationError("empty_subject", _("Write the subject of the message."))
    if not text:
        raise RegistrationError("empty_text", _("Write the text of the message."))
    if len(subject) > MAX_SUBJECT or len(text) > MAX_TEXT:
        raise RegistrationError("too_long", _("The message is too long: at most %(subject)s characters in the "
                                              "subject and %(text)s in the text.")
                                % {"subject": MAX_SUBJECT, "text": MAX_TEXT})
    if audience not in STATUSES:
        raise RegistrationError("audience", _("Choose whom the message is for."))
    if not submission:
        raise RegistrationError("submission", _("The form has expired. Open it again and send the message."))
    earlier = DateMessage.objects.filter(submission=submission).first()
    if earlier is not None:
        return _same_submission(earlier, occurrence)
    try:
        with transaction.atomic():
            message = DateMessage.objects.create(
                occurrence=occurrence, subject=subject, text=text, audience=audience, sent_by=by,
                submission=submission,
            )
            emailed, calls = 0, []
            for registration in recipients(occurrence, audience):
                person = registration.person
                if person.email:
                    queued = outbox.queue(EMAIL_KIND, registration.pk, message.pk,
                                          dedupe_key=f"registrations.date_message:{message.pk}:{person.pk}")
                    emailed += queued is not None
                elif person.phone:
                    calls.append(DateMessageCall(message=message, registration=registration))
            DateMessageCall.objects.bulk_create(calls)
            DateMessage.objects.filter(pk=message.pk).update(emailed=emailed)
            message.emailed = emailed
    except IntegrityError:
        # The same submission, pressed twice at once: the other request recorded it first.
        earlier = DateMessage.objects.filter(submission=submission).first()
        if earlier is None:
            raise
        return _same_submission(earlier, occurrence)
    return Sent(message, True)


def _same_submission(message, occurrence):
    if message.occurrence_id != occurrence.pk:
        raise RegistrationError("submission", _("The form has expired. Open it again and send the message."))
    return Sent(message, False)


def tick_call(call, *, by, called=True):
    """Mark a call as made (who, when), or take the tick back when pressed by mistake."""
    if called:
        DateMessageCall.objects.filter(pk=call.pk, called_at__isnull=True).update(
            called_at=timezone.now(), called_by=by
        )
    else:
        DateMessageCall.objects.filter(pk=call.pk).update(called_at=None, called_by=None)
    call.refresh_from_db(fields=["called_at", "called_by"])
    return call


def history(occurrence):
    """The date's messages, newest first, each with its number of calls and of calls made."""
    from django.db.models import Count, Q

    return (
        DateMessage.objects.filter(occurrence=occurrence).select_related("sent_by")
        .annotate(to_call=Count("calls"), called=Count("calls", filter=Q(calls__called_at__isnull=False)))
    )
