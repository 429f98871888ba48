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
    days = settings.SPOLU_ANONYMISE_AFTER_DAYS
    return outbox.purge(before=(now or timezone.now()) - timedelta(days=days))
