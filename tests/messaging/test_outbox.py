"""Every message is recorded with the change that causes it and reaches its person once.

The worker may be down, the broker unreachable, a worker may die halfway, several workers may
run at once: the message waits, is sent once, and one that keeps failing is shown to staff.
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from messaging import outbox
from messaging.models import Message

pytestmark = pytest.mark.django_db

KIND = "tests.messaging.test_outbox.hello"
FAILING = "tests.messaging.test_outbox.broken_mail_server"
GONE = "tests.messaging.test_outbox.not_needed"


def hello(object_id, name="Jana"):
    return EmailMessage(subject=f"Dobrý den {object_id}", body=f"Dobrý den, {name}", to=["jana@seznam.cz"])


def broken_mail_server(object_id):
    raise ConnectionRefusedError("SMTP server jana@seznam.cz refused")


def not_needed(object_id):
    return None


def queued(kind=KIND, object_id=1, *args, **fields):
    """A message queued in a transaction that commits, without the worker being woken."""
    message = Message.objects.create(kind=kind, object_id=object_id, args=list(args),
                                     next_attempt_at=timezone.now(), **fields)
    return message


def test_a_message_is_recorded_with_its_change_and_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = outbox.queue(KIND, 7, "Jana")
            assert mail.outbox == []  # nothing leaves before the change is saved
    message.refresh_from_db()
    assert [sent.subject for sent in mail.outbox] == ["Dobrý den 7"]
    assert message.status == "sent" and message.sent_at and message.recipient == "jana@seznam.cz"


def test_a_change_rolled_back_leaves_no_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            outbox.queue(KIND, 7)
            raise RuntimeError("the registration failed")
    assert not Message.objects.exists() and mail.outbox == []


def test_a_message_is_sent_once_however_often_it_is_delivered():
    message = queued()
    assert outbox.deliver(message.pk) == "sent"
    assert outbox.deliver(message.pk) == "not_due"
    assert outbox.deliver_due() == 0
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_message_waits_and_the_sweep_sends_it(monkeypatch, caplog,
                                                                      django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr("django_q.tasks.async_task", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue(KIND, 3)
    assert Message.objects.get(pk=message.pk).status == "pending" and mail.outbox == []
    assert "broker unreachable" in caplog.text
    assert outbox.oldest_unsent_age() is not None
    assert outbox.deliver_due() == 1
    assert len(mail.outbox) == 1 and outbox.oldest_unsent_age() is None


def test_a_message_whose_sender_died_halfway_is_sent_after_its_claim_expires():
    now = timezone.now()
    message = queued(status="sending", attempts=1, claimed_until=now + timedelta(minutes=1))
    assert outbox.deliver_due(now=now) == 0  # another worker may still be sending it
    assert outbox.deliver_due(now=now + timedelta(minutes=2)) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_sent_while_the_database_restarts_is_marked_sent_and_not_sent_again(monkeypatch):
    message = queued()
    close, refused = outbox._close, []

    def database_restarting(message, **fields):
        if fields.get("status") == "sent" and len(refused) < 2:
            refused.append(fields["status"])
            raise OperationalError("the database system is shutting down")
        return close(message, **fields)

    monkeypatch.setattr(outbox, "_close", database_restarting)
    monkeypatch.setattr(outbox.time, "sleep", lambda seconds: None)
    assert outbox.deliver(message.pk) == "sent"
    message.refresh_from_db()
    assert message.status == "sent" and len(refused) == 2
    assert outbox.deliver_due(now=timezone.now() + outbox.LEASE * 2) == 0  # its claim expiring sends nothing
    assert len(mail.outbox) == 1


def test_a_failing_message_is_retried_later_and_then_shown_to_staff_as_failed():
    message = queued(FAILING)
    now = timezone.now()
    assert outbox.deliver(message.pk, now=now) == "retry"
    message.refresh_from_db()
    assert message.status == "pending" and message.next_attempt_at == now + outbox.BACKOFF[0]
    assert "ConnectionRefusedError" in message.last_error
    assert outbox.deliver(message.pk, now=now) == "not_due"  # not before its time
    moment = now
    for attempt in range(len(outbox.BACKOFF)):
        moment += outbox.BACKOFF[attempt]
        outbox.deliver(message.pk, now=moment)
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == len(outbox.BACKOFF) + 1
    assert outbox.deliver_due(now=moment + timedelta(days=1)) == 0  # failed ones wait for a person


def test_staff_send_a_failed_message_again(django_capture_on_commit_callbacks):
    message = queued(status="failed", attempts=8, last_error="SMTP down")
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.send_again(Message.objects.filter(pk=message.pk)) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and len(mail.outbox) == 1


def test_a_message_not_needed_any_more_is_not_sent():
    message = queued(GONE)
    assert outbox.deliver(message.pk) == "skipped"
    assert Message.objects.get(pk=message.pk).status == "skipped" and mail.outbox == []


def test_the_same_dedupe_key_is_queued_once():
    assert outbox.queue(KIND, 1, dedupe_key="reminder:1") is not None
    assert outbox.queue(KIND, 1, dedupe_key="reminder:1") is None
    assert Message.objects.count() == 1


def test_anonymisation_erases_the_address_wherever_it_is_in_the_outbox():
    sent = queued(status="sent", recipient="jana@seznam.cz", subject="Vaše vstupenka")
    failed = queued(status="failed", last_error="550 <JANA@seznam.cz>: no such user")
    other = queued(status="sent", recipient="eva@seznam.cz")
    assert outbox.forget_recipients(["Jana@Seznam.cz", ""]) == 2
    for message in (sent, failed):
        message.refresh_from_db()
        assert (message.recipient, message.last_error, message.subject) == ("", "", "")
    other.refresh_from_db()
    assert other.recipient == "eva@seznam.cz"


def test_a_backlog_of_hundreds_of_people_is_forgotten_at_once():
    # One condition per address would be too deep for SQLite (at most 1000 terms): the job would fail every day.
    last = queued(status="sent", recipient="ucastnik599@seznam.cz")
    assert outbox.forget_recipients([f"ucastnik{number}@seznam.cz" for number in range(600)]) == 1
    last.refresh_from_db()
    assert last.recipient == ""


def test_old_sent_messages_are_deleted_and_failed_ones_kept():
    old = timezone.now() - timedelta(days=40)
    sent, failed = queued(status="sent"), queued(status="failed")
    Message.objects.update(created_at=old)
    recent = queued(status="sent")
    assert outbox.purge(before=timezone.now() - timedelta(days=30)) == 1
    assert set(Message.objects.values_list("pk", flat=True)) == {failed.pk, recent.pk}
    assert not Message.objects.filter(pk=sent.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_message_once(requires_postgresql):
    message = queued()
    start = threading.Barrier(6)
    results = []

    def worker():
        try:
            start.wait()
            results.append(outbox.deliver(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["not_due"] * 5 + ["sent"]
    assert len(mail.outbox) == 1


def test_old_mail_files_of_the_development_backend_are_deleted_too(settings, tmp_path):
    import os

    settings.EMAIL_BACKEND = outbox.FILE_BACKEND
    settings.EMAIL_FILE_PATH = tmp_path
    old, recent = tmp_path / "20260101-120000-1.log", tmp_path / "20261130-120000-2.log"
    for path in (old, recent):
        path.write_text("To: jana@seznam.cz")
    long_ago = (timezone.now() - timedelta(days=40)).timestamp()
    os.utime(old, (long_ago, long_ago))
    assert outbox.purge_mail_files(before=timezone.now() - timedelta(days=30)) == 1
    assert not old.exists() and recent.exists()


def test_every_attempt_of_one_message_carries_the_same_message_id():
    """If a worker dies between sending and marking sent, the copy sent again is recognisably the same."""
    first, other = queued(), queued()
    outbox.deliver(first.pk)
    Message.objects.filter(pk=first.pk).update(status="pending")  # as if the mark "sent" was lost
    outbox.deliver(first.pk)
    outbox.deliver(other.pk)
    ids = [sent.extra_headers["Message-ID"] for sent in mail.outbox]
    assert ids[0] == ids[1] != ids[2]
    assert ids[0].startswith("<outbox-") and ids[0].endswith("@127.0.0.1>")
