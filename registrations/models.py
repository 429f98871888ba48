import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from events.models import Occurrence
from kernel.contacts import name_key

from .codes import grouped, new_code


def new_token():
    return secrets.token_urlsafe(24)


class Person(models.Model):
    """Someone who registers: a name with a contact, not a contact alone.

    Several people may share a phone or an e-mail (a couple on one landline, a carer, a day
    centre). Anonymised after their dates. `token` opens "My events"; `feed_token` is the
    address of the personal calendar, kept apart because it is handed to calendar services.
    """

    name = models.CharField(_("name"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True,
                             help_text=_("+420 and nine digits"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Someone who walked in at the door may leave no contact: the organizer admits them by name.
    met_at_door = models.BooleanField(_("met at the door"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(anonymised_at__isnull=False) | Q(met_at_door=True),
                name="person_has_contact",
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registrations:my_events", kwargs={"token": self.token})

    def shares_contact_with(self, email, phone):
        return bool((phone and self.phone == phone) or (email and self.email.lower() == email.lower()))

    @property
    def contact(self):
        return ", ".join(part for part in (self.phone, self.email) if part)


# The order of the waiting list, the one rule every list, number and move up follows: first put on
# the list, first moved up; the row id only breaks ties of the same moment (not the order created).
WAITING_ORDER = ("waitlisted_at", "id")


def waiting_number():
    """Each registration's place in the queue of its status, in the waiting list's order (1, 2, …), in SQL."""
    return Window(RowNumber(), partition_by=[F("status")], order_by=[F(field).asc() for field in WAITING_ORDER])


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=Registration.LIVE)

    def waiting_in_order(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by(*WAITING_ORDER)

    def waiting_ahead_of(self, registration):
        """The waiting registrations of its date that come before `registration` in the waiting list's order."""
        ahead, same = Q(pk__in=[]), Q()
        for field in WAITING_ORDER:
            value = getattr(registration, field)
            ahead |= same & Q(**{f"{field}__lt": value})
            same &= Q(**{field: value})
        return self.waiting_in_order().filter(occurrence_id=registration.occurrence_id).filter(ahead)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        WEB = "web", _("website")
        STAFF = "staff", _("staff")
        API = "api", _("API")

    LIVE = (Status.CONFIRMED, Status.WAITLISTED)

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("date"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, related_name="registrations"
    )
    seats = models.PositiveSmallIntegerField(_("places"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    needs_wheelchair = models.BooleanField(_("comes in a wheelchair"), default=False)
    needs_hearing = models.BooleanField(_("hard of hearing"), default=False)
    needs_note = models.CharField(_("other needs"), max_length=300, blank=True)
    code = models.CharField(_("ticket code"), max_length=32, unique=True, default=new_code)
    # A keyed hash of who sent the request (the browser's secret or the API's Idempotency-Key)
    # with what they typed: the same request again finds this registration instead of a second one.
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promotion_note = models.CharField(_("why moved up by hand"), max_length=300, blank=True)
    walk_in = models.BooleanField(_("walk-in at the door"), default=False, editable=False)
    above_capacity = models.BooleanField(_("admitted above capacity"), default=False, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "person"], condition=Q(status__in=["confirmed", "waitlisted"]),
                name="one_live_registration_per_person_and_date",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="registration_at_least_one_seat"),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.person or _('anonymised')} — {self.occurrence}"

    def get_absolute_url(self):
        return reverse("registrations:ticket", kwargs={"code": self.code})

    @property
    def display_code(self):
        return grouped(self.code)

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def needs(self):
        """The needs in words, for lists at the door."""
        words = []
        if self.needs_wheelchair:
            words.append(str(_("wheelchair")))
        if self.needs_hearing:
            words.append(str(_("hearing")))
        if self.needs_note:
            words.append(self.needs_note)
        return words

    def waiting_key(self):
        """Where this registration stands in the waiting list's order, for sorting rows already read."""
        return tuple(getattr(self, field) for field in WAITING_ORDER)

    def waitlist_position(self):
        if not self.is_waitlisted:
            return None
        return Registration.objects.waiting_ahead_of(self).count() + 1


class RegistrationAction(models.Model):
    """One thing staff (or the system, or the person themselves) did to a registration: who, when, what,
    the status before and after. Append-only, written in the transaction of the action.

    Admissions at the door are not copied here: the door's `Scan` is their record (who, when, which
    ticket), written in the scan's one INSERT; the date's history reads it from there.
    Never a ticket code; `note` (the reason for moving someone up by hand, which may name people)
    is erased with the person (services.anonymise_people). `by_name` keeps the staff member's name
    when the account is deleted; a person's own action names nobody.
    """

    class Action(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("history", "registered")
        CANCELLED = "cancelled", pgettext_lazy("history", "cancelled the registration")
        PROMOTED_BY_HAND = "promoted_by_hand", pgettext_lazy("history", "moved up from the waiting list by hand")
        PROMOTED = "promoted", pgettext_lazy("history", "moved up from the waiting list")
        NEW_CODE = "new_code", pgettext_lazy("history", "gave a new ticket code")
        CAPACITY_RAISED = "capacity_raised", pgettext_lazy("history", "raised the number of places")
        WALK_IN = "walk_in", pgettext_lazy("history", "registered a walk-in at the door")
        ADMISSION_UNDONE = "admission_undone", pgettext_lazy("history", "took back the entry")

    class Actor(models.TextChoices):
        STAFF = "staff", _("staff")
        PERSON = "person", _("the person registered")
        SYSTEM = "system", _("automatically")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history",
                                     verbose_name=_("registration"))
    # The registration's date, so a date's history is one query on an index.
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="registration_history",
                                   verbose_name=_("date"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.CharField(_("done by"), max_length=8, choices=Actor.choices, default=Actor.STAFF)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("who"))
    by_name = models.CharField(_("who"), max_length=150, blank=True,
                               help_text=_("Kept when the account is deleted; empty for the person or the system."))
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("action on a registration")
        verbose_name_plural = _("actions on registrations")
        indexes = [models.Index(fields=["occurrence", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} ({timezone.localtime(self.at):%d. %m. %Y %H:%M})"

    @property
    def who(self):
        if self.actor == self.Actor.STAFF:
            return self.by_name or "—"
        return str(self.get_actor_display())

    @property
    def what(self):
        """'cancelled the registration: Marie Pokorná'; the person's name as it is now ('—' once anonymised)."""
        person = self.registration.person
        name = person.name if person is not None else "—"
        text = f"{self.get_action_display()}: {name}"
        if self.note:
            text += f" ({self.note})"
        return text

    @property
    def before_text(self):
        return self.describe(self.before)

    @property
    def after_text(self):
        return self.describe(self.after)

    @staticmethod
    def describe(values):
        """'confirmed', 'waiting list', '40 places', 'inside since 18:05'; — when there was nothing (no
        registration yet, no admission any more)."""
        if values.get("admitted_at"):
            moment = timezone.localtime(datetime.fromisoformat(values["admitted_at"]))
            return str(_("inside since %(time)s") % {"time": moment.strftime("%H:%M")})
        if "capacity" in values:
            places = values["capacity"]
            if places is None:
                return str(_("places not limited"))
            return ngettext("%(count)s place", "%(count)s places", places) % {"count": places}
        if values.get("status"):
            return str(Registration.Status(values["status"]).label)
        return "—"


def admitted(through=""):
    """The one rule of what counts as an admission: a scan answered "ok" that nobody undid.

    `through` is the path to the scans from the rows filtered ("scans__" from a registration),
    so the door's counter, the attendance lists, the statistics and the paper list count alike.
    """
    return Q(**{f"{through}status": "ok", f"{through}undone_at__isnull": True})


def admission_undone(through=""):
    """An admission taken back at the door: it no longer counts, but it happened."""
    return Q(**{f"{through}status": "ok", f"{through}undone_at__isnull": False})


class ScanQuerySet(models.QuerySet):
    def admissions(self):
        return self.filter(admitted())


class Scan(models.Model):
    """One answer at the door: a ticket scanned or typed by an organizer, online or queued offline.

    The nonce makes a repeated request return the stored answer. A ticket is admitted by the
    one scan with status "ok" that has not been undone (a unique constraint keeps it one).
    """

    class Status(models.TextChoices):
        OK = "ok", _("admitted")
        ALREADY = "already_checked_in", _("already checked in")
        CANCELLED = "cancelled", _("cancelled")
        WAITING = "waiting_list", _("on the waiting list")
        WRONG = "wrong_occurrence", _("another date or event")
        UNKNOWN = "unknown", _("unknown code")

    nonce = models.CharField(max_length=64, unique=True)
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="scans")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="scans"
    )
    code = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(auto_now_add=True)
    offline = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept when the account is deleted: the scan is the record of who let someone in (the date's history).
    by_name = models.CharField(max_length=150, blank=True, editable=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.JSONField(default=dict)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=admitted(), name="one_admission_per_ticket",
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.code} {self.status}"


class DateMessage(models.Model):
    """A message staff or an organizer sent to everyone registered (and/or waiting) for a date.

    Kept as the date's history: who sent it, when, the text, and to how many. Those with an e-mail
    get it through the outbox; those with only a phone are on the message's call list (`calls`).
    `submission` is the form's one-time key: a second press of "Send" finds this row, sends nothing.
    """

    class Audience(models.TextChoices):
        REGISTERED = "registered", _("registered (confirmed)")
        WAITING = "waiting", _("on the waiting list")
        BOTH = "both", _("registered and waiting")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="date_messages")
    subject = models.CharField(_("subject"), max_length=150)
    text = models.TextField(_("text"), max_length=3000)
    audience = models.CharField(_("to whom"), max_length=10, choices=Audience.choices, default=Audience.REGISTERED)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    emailed = models.PositiveIntegerField(_("e-mails"), default=0)
    submission = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("message to a date")
        verbose_name_plural = _("messages to dates")

    def __str__(self):
        return self.subject


class DateMessageCall(models.Model):
    """Someone with only a phone who should hear a date's message: staff call and tick it off."""

    message = models.ForeignKey(DateMessage, on_delete=models.CASCADE, related_name="calls")
    registration = models.ForeignKey("Registration", on_delete=models.CASCADE, related_name="+")
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("called by"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("call about a message")
        verbose_name_plural = _("calls about messages")
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="one_call_per_message_and_registration"),
        ]

    def __str__(self):
        return f"{self.message} → #{self.registration_id}"
