"""The outbox: messages recorded with the change that causes them, delivered by a worker once.

`queue()` writes a row in the caller's transaction; after the commit the worker is woken
(best effort: with the broker down the row simply waits). A sweep every minute delivers what is
due, so a wake-up lost with a crashed web process or a broker outage is only a delay. A message
is built when it is sent; each attempt is claimed by compare-and-set, so several workers never
send one row at once, and a row marked sent is never sent again. A message that keeps failing
ends as "failed", visible to staff in the admin with its reason and a "send again" action.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Message

logger = logging.getLogger(__name__)

# Longer than any SMTP timeout: a claim older than this belongs to a worker that died. The fault
# suite (faults/) shortens it (SPOLU_OUTBOX_LEASE_SECONDS), so the message of a worker it kills is
# sent again within its run.
LEASE = timedelta(seconds=settings.SPOLU_OUTBOX_LEASE_SECONDS)
# Waits after the 1st, 2nd, … failed attempt; after the last one the message is "failed".
BACKOFF = [timedelta(minutes=minutes) for minutes in (1, 2, 5, 15, 30, 60, 120)]
SWEEP_BATCH = 200
# Once an e-mail has left, marking it sent is retried this long (well within the claim) while the
# database is unreachable; a row left "sending" would be sent a second time when its claim expires.
MARK_SENT_FOR = min(LEASE / 2, timedelta(seconds=30))


def queue(kind, object_id=None, *args, dedupe_key=None, now=None):
    """Record a message to send; returns it, or None when `dedupe_key` was queued before.

    `kind` is the dotted path of a function `build(object_id, *args)` returning an e-mail to
    send, or None when it is not needed any more. `args` are plain values with no personal data.
    """
    fields = {"kind": kind, "object_id": object_id, "args": list(args), "dedupe_key": dedupe_key,
              "next_attempt_at": now or timezone.now()}
    if dedupe_key is None:
        message = Message.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                message = Message.objects.create(**fields)
        except IntegrityError:
            return None
    transaction.on_commit(lambda: wake(message.pk))
    return message


def wake(message_id):
    """Ask a worker to deliver now; if the broker is unreachable the sweep delivers it later."""
    from django_q.tasks import async_task

    try:
        async_task("messaging.tasks.deliver", message_id)
    except Exception:  # the broker (Redis) is down: the message waits in the table
        logger.warning("Task broker unreachable: message %s waits for the sweep", message_id, exc_info=True)


def _claim(message_id, now):
    claimable = Q(status=Message.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Message.Status.SENDING, claimed_until__lt=now
    )
    return Message.objects.filter(pk=message_id).filter(claimable).update(
        status=Message.Status.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )


def _close(message, **fields):
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(claimed_until=None, **fields)


def deliver(message_id, *, now=None):
    """Send one message if it is due and nobody else is sending it. Returns what happened."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return "not_due"
    message = Message.objects.get(pk=message_id)
    try:
        email = import_string(message.kind)(message.object_id, *message.args)
        if email is None:
            _close(message, status=Message.Status.SKIPPED, last_error="")
            return "skipped"
        recipient, subject = ", ".join(email.to)[:254], str(email.subject)[:200]
        email.extra_headers["Message-ID"] = message_id_header(message)
        email.send()
    except Exception as error:
        return _failed(message, error, now)
    _mark_sent(message, recipient=recipient, subject=subject)
    return "sent"


def message_id_header(message):
    """The same Message-ID for every attempt of one outbox row.

    A worker killed after the mail server took the e-mail but before the row was marked sent
    sends it again; mail servers and clients that see the same Message-ID twice keep one copy.
    """
    from urllib.parse import urlsplit

    domain = urlsplit(settings.SITE_URL).hostname or "spolu.invalid"
    return f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def _mark_sent(message, **fields):
    """The e-mail is out: record it, through a database restart of a few seconds if need be."""
    deadline = time.monotonic() + MARK_SENT_FOR.total_seconds()
    while True:
        try:
            return _close(message, status=Message.Status.SENT, sent_at=timezone.now(), last_error="", **fields)
        except DatabaseError:
            if connection.in_atomic_block or time.monotonic() >= deadline:
                raise
            logger.warning("Message %s was sent; the database is unreachable, marking it sent again in 1 s",
                           message.pk)
            connection.close()  # a broken connection is not reused; the next query opens a new one
            time.sleep(1)


def _failed(message, error, now):
    logger.exception("Message %s (%s #%s) failed on attempt %s", message.pk, message.kind, message.object_id,
                     message.attempts)
    reason = f"{type(error).__name__}: {error}"[:500]
    if message.attempts > len(BACKOFF):
        _close(message, status=Message.Status.FAILED, last_error=reason)
        return "failed"
    _close(message, status=Message.Status.PENDING, last_error=reason,
           next_attempt_at=now + BACKOFF[message.attempts - 1])
    return "retry"


def due(now=None):
    now = now or timezone.now()
    return Message.objects.filter(
        Q(status=Message.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Message.Status.SENDING, claimed_until__lt=now)
    )


def deliver_due(*, now=None):
    """The sweep: deliver everything due, oldest first. Returns how many were sent."""
    ids = list(due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    return sum(deliver(message_id, now=now) == "sent" for message_id in ids)


def send_again(messages, *, now=None):
    """Staff retry failed (or stuck) messages: they start over with a fresh count of attempts."""
    now = now or timezone.now()
    ids = list(messages.exclude(status=Message.Status.SENT).values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(
        status=Message.Status.PENDING, attempts=0, next_attempt_at=now, claimed_until=None, last_error=""
    )
    for message_id in ids:
        transaction.on_commit(lambda message_id=message_id: wake(message_id))
    return len(ids)


def oldest_unsent_age(now=None):
    """How long the oldest message still to be sent has waited, or None when none waits."""
    now = now or timezone.now()
    oldest = Message.objects.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING]).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    return None if oldest is None else now - oldest


# SQLite refuses a condition more than 1000 terms deep: a backlog of people to anonymise is matched in batches.
FORGET_BATCH = 100


def forget_recipients(addresses):
    """Anonymisation: no trace of these addresses stays in the outbox (recipient, error text)."""
    addresses = sorted({address.strip().lower() for address in addresses if address and address.strip()})
    forgotten = 0
    for start in range(0, len(addresses), FORGET_BATCH):
        match = Q()
        for address in addresses[start:start + FORGET_BATCH]:
            match |= Q(recipient__icontains=address) | Q(last_error__icontains=address)
        forgotten += Message.objects.filter(match).update(recipient="", last_error="", subject="")
    return forgotten


def purge(*, before):
    """Sent and skipped messages older than `before` are deleted; failed ones stay for staff."""
    deleted, _by_model = Message.objects.filter(
        status__in=[Message.Status.SENT, Message.Status.SKIPPED], created_at__lt=before
    ).delete()
    return deleted


FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def purge_mail_files(*, before):
    """With e-mails written to files (the default without SMTP), old files go like old messages."""
    from pathlib import Path

    if settings.EMAIL_BACKEND != FILE_BACKEND or not settings.EMAIL_FILE_PATH:
        return 0
    deleted = 0
    for path in Path(settings.EMAIL_FILE_PATH).glob("*.log"):
        if path.stat().st_mtime < before.timestamp():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def schedule_sweep(sender, **kwargs):
    """Connected in MessagingConfig.ready; running migrate again changes nothing."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="messaging: deliver waiting messages",
        defaults={"func": "messaging.tasks.deliver_due", "schedule_type": Schedule.MINUTES, "minutes": 1,
                  "repeats": -1},
    )
    Schedule.objects.update_or_create(
        name="messaging: forget old messages",
        defaults={"func": "messaging.tasks.purge_old", "schedule_type": Schedule.CRON, "cron": "45 3 * * *",
                  "repeats": -1},
    )
