"""Who helps: the volunteer register with its skills, checks, shifts and hours.

Personal data is kept to what the work needs: a criminal-record check is two dates, never the
document; a volunteer who leaves is anonymised, and the hours stay for the statistics. (The
Anděl award, which lived here too, is in `awards`.)
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Occurrence
from kernel.links import LinkRenewalBase


def new_token():
    """An unguessable part of a private address (192 bits)."""
    return secrets.token_urlsafe(24)


# --- The volunteer register ------------------------------------------------------------------


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self):
        return self.name


class CheckKind(models.TextChoices):
    CRIMINAL_RECORD = "criminal_record", _("criminal-record extract")
    FIRST_AID = "first_aid", _("first-aid course")


class VolunteerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, anonymised_at__isnull=True)


class Volunteer(models.Model):
    """Someone who helps at the department's events. Anonymised when they leave; their hours stay."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("+420 and nine digits"))
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="volunteers")
    weekday_mornings = models.BooleanField(_("weekday mornings"), default=False)
    weekday_afternoons = models.BooleanField(_("weekday afternoons"), default=False)
    weekday_evenings = models.BooleanField(_("weekday evenings"), default=False)
    weekends = models.BooleanField(_("weekends"), default=False)
    availability_note = models.CharField(_("availability, in words"), max_length=300, blank=True)
    consent_at = models.DateTimeField(
        _("consent given on"), help_text=_("When the volunteer agreed that the department keeps these details."),
    )
    active = models.BooleanField(_("active"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(_("left on"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VolunteerQuerySet.as_manager()

    AVAILABILITY_FIELDS = ("weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(anonymised_at__isnull=False), name="volunteer_has_contact"
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:my_shifts", kwargs={"token": self.token})

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def contact(self):
        return ", ".join(part for part in (self.phone, self.email) if part)

    def availability_labels(self):
        return [str(self._meta.get_field(name).verbose_name) for name in self.AVAILABILITY_FIELDS
                if getattr(self, name)]


class VolunteerCheck(models.Model):
    """A check some roles need. Only the dates are kept: the document itself is never stored."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("check"), max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField(_("checked on"))
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "kind"], name="volunteer_check_once_per_kind"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("checked_on")), name="volunteer_check_dates"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.checked_on:%d. %m. %Y} – {self.valid_until:%d. %m. %Y}"

    def covers(self, day):
        return self.checked_on <= day <= self.valid_until


class ShiftQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def for_list(self):
        """What every list of shifts shows, in a fixed number of queries."""
        confirmed = models.Count("assignments", filter=Q(assignments__status=Assignment.Status.CONFIRMED))
        return self.select_related("occurrence__series", "occurrence__venue", "occurrence__series__venue").annotate(
            confirmed_count=confirmed
        )


class Shift(models.Model):
    """Help needed at a date of an event: a role, a time and how many people."""

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("date of the event"), on_delete=models.PROTECT, related_name="volunteer_shifts"
    )
    role = models.CharField(_("role"), max_length=150,
                            help_text=_("For example: cloakroom, escorting wheelchair users."))
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    places_needed = models.PositiveSmallIntegerField(_("people needed"), default=1)
    places_taken = models.PositiveSmallIntegerField(_("places taken"), default=0, editable=False)
    required_check = models.CharField(
        _("check needed"), max_length=20, choices=CheckKind.choices, blank=True,
        help_text=_("For example a criminal-record extract for work with children."),
    )
    note = models.CharField(_("note for the volunteers"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(condition=Q(places_needed__gte=1), name="shift_needs_someone"),
            # The backstop behind the conditional UPDATE that takes a place.
            models.CheckConstraint(condition=Q(places_taken__lte=F("places_needed")), name="shift_never_overfilled"),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.role} — {local:%d. %m. %Y %H:%M}"

    @property
    def hours(self):
        """The length of the shift in hours, rounded to a quarter of an hour."""
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600) * 4).quantize(Decimal(1)) / 4

    @property
    def places_left(self):
        return max(self.places_needed - self.places_taken, 0)

    @property
    def is_understaffed(self):
        """Fewer confirmed volunteers than needed (asked ones may still say no)."""
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.assignments.filter(status=Assignment.Status.CONFIRMED).count()
        return confirmed < self.places_needed

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())


class AssignmentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=Assignment.LIVE)


class Assignment(models.Model):
    """A volunteer on a shift: asked by staff or signed up, confirmed from their private link."""

    class Status(models.TextChoices):
        ASKED = "asked", _("asked, not confirmed yet")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", pgettext_lazy("shift", "declined")
        CANCELLED = "cancelled", _("cancelled by staff")

    LIVE = (Status.ASKED, Status.CONFIRMED)

    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="assignments")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was declined or cancelled."))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended = models.BooleanField(pgettext_lazy("attendance", "came"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, default=Decimal(0))
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("shift assignment")
        verbose_name_plural = _("shift assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"], condition=Q(status__in=["asked", "confirmed"]),
                name="one_live_assignment_per_shift_and_volunteer",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="assignment_hours_in_a_day"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"])]

    def __str__(self):
        return f"{self.volunteer} — {self.shift}"

    @property
    def is_live(self):
        return self.status in self.LIVE

    @property
    def is_asked(self):
        return self.status == self.Status.ASKED

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED


class LinkRenewal(LinkRenewalBase):
    """The audit of a volunteer's private link renewed by staff (a link leaked); the shape is the kernel's.

    (A nominee's renewals are `awards.NomineeLinkRenewal`, of the same shape.)
    """

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
                                  related_name="link_renewals")

    owner_field = "volunteer"
