"""An e-mail backend that counts: one line per e-mail sent, appended to one file by every process.

Each line is `outbox id <TAB> recipient <TAB> subject <TAB> pid`. The file is opened with O_APPEND
and each line written with one write(), so lines of the web servers and the workers never mix.
The outbox id is read from the caller's frame (messaging.outbox.deliver), only to tell a row sent
twice from two rows for one person; the suite counts by recipient, which is what a person notices.
"""

import os
import sys

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def _outbox_id():
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "deliver" and frame.f_globals.get("__name__") == "messaging.outbox":
            return str(frame.f_locals.get("message_id", "-"))
        frame = frame.f_back
    return "-"


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox_id = _outbox_id()
        descriptor = os.open(settings.FAULTS_MAIL_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            for message in email_messages:
                for recipient in message.recipients():
                    subject = " ".join(str(message.subject).split())
                    line = f"{outbox_id}\t{recipient.lower()}\t{subject}\t{os.getpid()}\n"
                    os.write(descriptor, line.encode())
        finally:
            os.close(descriptor)
        return len(email_messages)


def read(path):
    """The lines written so far, as (outbox id, recipient, subject, pid) tuples."""
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        return []
    return [tuple(line.split("\t")[:4]) for line in text.splitlines() if line.count("\t") >= 3]
