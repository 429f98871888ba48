import secrets
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Occurrence

from .codes import grouped, new_code


def new_token():
    return secrets.token_urlsafe(24)


def comparable_name(name):
    """Jana Nováková, JANA NOVAKOVA and jana  novakova are the same name."""
    letters = unicodedata.normalize("NFKD", name or "")
    letters = "".join(char for char in letters if not unicodedata.combining(char))
    return " ".join(letters.casefold().split())


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(anonymised_at__isnull=False), name="person_has_contact"
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = comparable_name(self.name)
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


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=Registration.LIVE)

    def waiting_in_order(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "id")


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

    def waitlist_position(self):
        if not self.is_waitlisted:
            return None
        ahead = Registration.objects.waiting_in_order().filter(occurrence_id=self.occurrence_id).filter(
            Q(waitlisted_at__lt=self.waitlisted_at) | Q(waitlisted_at=self.waitlisted_at, id__lt=self.id)
        )
        return ahead.count() + 1


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
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.JSONField(default=dict)

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=Q(status="ok", undone_at__isnull=True),
                name="one_admission_per_ticket",
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self):
        return f"{self.code} {self.status}"
