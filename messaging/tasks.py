"""django-q2 jobs of the outbox: thin wrappers."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import outbox


def deliver(message_id):
    return outbox.deliver(message_id)


def deliver_due():
    return outbox.deliver_due()


def purge_old(now=None):
    """Sent messages, and the development mail files, are kept as long as attendees' data, no longer."""
    before = (now or timezone.now()) - timedelta(days=settings.SPOLU_ANONYMISE_AFTER_DAYS)
    return outbox.purge(before=before) + outbox.purge_mail_files(before=before)
