"""What the outbox sends about registrations: each function builds one e-mail from ids, or None.

Called by the worker when the message is sent (messaging.outbox), so the e-mail tells the state
of that moment: a registration cancelled meanwhile gets no confirmation, a renewed ticket code
is the new one.
"""

from . import emails
from .models import Person, Registration


def _load(registration_id):
    return (
        Registration.objects.select_related("person", "occurrence__series__venue", "occurrence__venue")
        .filter(pk=registration_id, person__anonymised_at__isnull=True).first()
    )


def registration_email(registration_id):
    registration = _load(registration_id)
    if registration is None or registration.is_cancelled or not emails.can_email(registration):
        return None
    return emails.registration_email(registration)


def promotion_email(registration_id):
    registration = _load(registration_id)
    if registration is None or not registration.is_confirmed or not emails.can_email(registration):
        return None
    return emails.promotion_email(registration)


def reminder_email(registration_id):
    registration = _load(registration_id)
    if (registration is None or not registration.is_confirmed or registration.occurrence.is_cancelled
            or not emails.can_email(registration)):
        return None
    return emails.reminder_email(registration)


def change_email(registration_id, change, before=None):
    """`before`: a moved date's old start and end as ISO text (messages queued earlier have none)."""
    registration = _load(registration_id)
    if registration is None or registration.is_cancelled or not emails.can_email(registration):
        return None
    return emails.change_email(registration, change, before=before)


def new_address_email(person_id):
    person = Person.objects.filter(pk=person_id, anonymised_at__isnull=True).exclude(email="").first()
    return emails.new_address_email(person) if person else None


def date_message_email(registration_id, message_id):
    """A message staff wrote to everyone on a date; not to someone who cancelled meanwhile."""
    from .models import DateMessage

    registration = _load(registration_id)
    if registration is None:
        return None
    message = DateMessage.objects.filter(pk=message_id, occurrence_id=registration.occurrence_id).first()
    if message is None or registration.is_cancelled or not emails.can_email(registration):
        return None
    return emails.date_message_email(registration, message)
