from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One e-mail (later an SMS) a person should get, written in the transaction that causes it.

    The row holds what to build (`kind`, a function's dotted path, with `object_id` and plain
    `args`), not the text: the message is built when it is sent, from the rows as they are then,
    so a cancelled registration is not confirmed and a renewed link is the newest. Workers claim
    a row by compare-and-set (`status`, `claimed_until`), so several of them never send one twice;
    a worker that dies while sending leaves a claim that expires and the row is sent again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not needed any more")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=120)
    object_id = models.BigIntegerField(null=True, blank=True)
    args = models.JSONField(default=list, blank=True)
    dedupe_key = models.CharField(max_length=150, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Filled when the message is built: who and what, for staff looking at a failure. Erased
    # when the person is anonymised.
    recipient = models.CharField(_("to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["kind", "object_id"]),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.status})"
