"""Who helps and who is honoured: the volunteer register with its shifts, and the Anděl award.

Personal data is kept to what the work needs: a criminal-record check is two dates, never the
document; a volunteer who leaves and a nomination that did not win are anonymised, and the
numbers (hours, scores) stay for the statistics.
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


# --- The Anděl award -------------------------------------------------------------------------


class Phase(models.TextChoices):
    PREPARED = "prepared", pgettext_lazy("award phase", "prepared")
    NOMINATIONS = "nominations", pgettext_lazy("award phase", "nominations open")
    JUDGING = "judging", pgettext_lazy("award phase", "judging")
    CLOSED = "closed", pgettext_lazy("award phase", "closed")
    ANNOUNCED = "announced", pgettext_lazy("award phase", "announced")


PHASE_ORDER = [Phase.PREPARED, Phase.NOMINATIONS, Phase.JUDGING, Phase.CLOSED, Phase.ANNOUNCED]


class AwardRound(models.Model):
    """One year of the Anděl award. The phase follows the dates (a daily job) or staff's hand."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=150, default="Anděl")
    intro = models.TextField(_("text for the public page"), blank=True)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.PREPARED,
                             editable=False)
    nominations_open_on = models.DateField(_("nominations open on"))
    nominations_close_on = models.DateField(_("last day of nominations"))
    judging_closes_on = models.DateField(_("last day of judging"))
    announce_on = models.DateField(_("results announced on"))
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    min_scores = models.PositiveSmallIntegerField(
        _("fewest scores for a firm result"), default=3,
        help_text=_("A nomination scored by fewer jurors is flagged for discussion."),
    )
    spread_alert_percent = models.PositiveSmallIntegerField(
        _("disagreement flag, percent of the scale"), default=40,
        help_text=_("A nomination is flagged when the highest and lowest juror's score differ by this much."),
    )
    winners_per_category = models.PositiveSmallIntegerField(_("winners per category"), default=1)
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("jurors"), through="Juror", related_name="award_rounds",
        blank=True,
    )
    closed_at = models.DateTimeField(_("judging closed at"), null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="award_round_scale"),
            models.CheckConstraint(
                condition=Q(nominations_close_on__gte=F("nominations_open_on"))
                & Q(judging_closes_on__gt=F("nominations_close_on")) & Q(announce_on__gte=F("judging_closes_on")),
                name="award_round_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(min_scores__gte=1), name="award_round_min_scores"),
            models.CheckConstraint(
                condition=Q(spread_alert_percent__gte=1, spread_alert_percent__lte=100), name="award_round_spread",
            ),
            models.CheckConstraint(condition=Q(winners_per_category__gte=1), name="award_round_winners"),
        ]

    def __str__(self):
        return f"{self.title} {self.year}"

    @property
    def phase_index(self):
        return PHASE_ORDER.index(self.phase)

    def phase_at_least(self, phase):
        return self.phase_index >= PHASE_ORDER.index(phase)

    @property
    def next_phase(self):
        index = self.phase_index
        return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None

    @property
    def is_open_for_nominations(self):
        return self.phase == Phase.NOMINATIONS

    @property
    def is_judging(self):
        return self.phase == Phase.JUDGING

    @property
    def results_ready(self):
        """Values of scores are shown to anyone only from here on."""
        return self.phase in (Phase.CLOSED, Phase.ANNOUNCED)

    @property
    def spread_alert(self):
        """The difference of two jurors' scores, on the scale, from which jurors are said to disagree."""
        return Decimal(self.scale_max - self.scale_min) * self.spread_alert_percent / 100

    def phase_for(self, day):
        """The phase the dates give for `day` (a local date)."""
        if day >= self.announce_on:
            return Phase.ANNOUNCED
        if day > self.judging_closes_on:
            return Phase.CLOSED
        if day > self.nominations_close_on:
            return Phase.JUDGING
        if day >= self.nominations_open_on:
            return Phase.NOMINATIONS
        return Phase.PREPARED


class PhaseChange(models.Model):
    """Every move of a round's phase, by the daily job (by is empty) or by a person."""

    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=12, choices=Phase.choices)
    to_phase = models.CharField(max_length=12, choices=Phase.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.round}: {self.from_phase} → {self.to_phase}"


class Category(models.Model):
    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="category_name_once_per_round")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=150)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_once_per_round"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name


class Juror(models.Model):
    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="juror_seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="juror_seats")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="juror_once_per_round")]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class NominationQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Nomination.Status.ACCEPTED)


class Nomination(models.Model):
    """One nominee in one category, with the stories of everyone who nominated them.

    The nominee did not give us their details: nothing about them is published before they
    agree (`publication_consent`), and if they did not win it is anonymised after a while.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("nomination", "waiting for review")
        ACCEPTED = "accepted", pgettext_lazy("nomination", "accepted")
        REJECTED = "rejected", pgettext_lazy("nomination", "rejected")
        MERGED = "merged", pgettext_lazy("nomination", "merged into another nomination")

    round = models.ForeignKey(AwardRound, verbose_name=_("round"), on_delete=models.PROTECT,
                              related_name="nominations")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="nominations")
    nominee_name = models.CharField(_("nominee's name"), max_length=150)
    nominee_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    nominee_email = models.EmailField(_("nominee's e-mail"), blank=True)
    nominee_phone = models.CharField(_("nominee's phone"), max_length=16, blank=True)
    # The name without case, accents and extra spaces: "Jana  Nováková" and "jana novakova" match.
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    rejection_reason = models.CharField(_("why rejected"), max_length=300, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="merged")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    nominee_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    informed_at = models.DateTimeField(_("nominee informed at"), null=True, blank=True)
    publication_consent = models.BooleanField(_("nominee agrees to publication"), null=True, blank=True)
    consent_answered_at = models.DateTimeField(null=True, blank=True)
    won = models.BooleanField(_("won"), default=False, editable=False)
    final_rank = models.PositiveSmallIntegerField(_("final rank"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False) | Q(anonymised_at__isnull=False),
                name="merged_nomination_points_somewhere",
            ),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return self.nominee_name

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def may_be_published(self):
        return self.publication_consent is True and not self.is_anonymised

    def get_nominee_url(self):
        return reverse("volunteers:nominee", kwargs={"token": self.nominee_token})


class Story(models.Model):
    """What one person wrote about the nominee; merged nominations keep every story."""

    class Source(models.TextChoices):
        WEB = "web", _("website")
        API = "api", _("API")
        STAFF = "staff", _("staff")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="stories")
    text = models.TextField(_("what they did"))
    nominator_name = models.CharField(_("nominator's name"), max_length=150)
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=16, blank=True)
    consent_at = models.DateTimeField(_("nominator's consent given on"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self):
        return f"{self.nominator_name}: {self.text[:40]}"


class Conflict(models.Model):
    """A juror's declared conflict of interest: they cannot score the nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("juror"), on_delete=models.CASCADE,
                              related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["declared_at", "id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["nomination", "juror"], name="conflict_once_per_juror")]

    def __str__(self):
        return f"{self.juror} — {self.nomination}"


class Score(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror", "criterion"], name="score_once_per_criterion"),
        ]
        indexes = [models.Index(fields=["juror", "nomination"])]

    def __str__(self):
        return f"{self.nomination} / {self.criterion}: {self.value}"


class ScoreChange(models.Model):
    """The audit log: every change of a score, who made it, when, from what to what."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="score_changes")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    old_value = models.PositiveSmallIntegerField(_("from"), null=True, blank=True)
    new_value = models.PositiveSmallIntegerField(_("to"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField()
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self):
        return f"{self.nomination} / {self.criterion}: {self.old_value} → {self.new_value}"


class TieDecision(models.Model):
    """The coordinator's decision of a tie that neither the mean nor the median broke."""

    round = models.ForeignKey(AwardRound, on_delete=models.CASCADE, related_name="tie_decisions")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey(Nomination, verbose_name=pgettext_lazy("tie", "goes ahead"),
                               on_delete=models.CASCADE, related_name="+")
    over = models.ManyToManyField(Nomination, related_name="+")
    note = models.CharField(_("why"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("tie decision")
        verbose_name_plural = _("tie decisions")

    def __str__(self):
        return f"{self.category}: {self.chosen}"


class LinkRenewal(models.Model):
    """The audit of private links renewed by staff (a link leaked): whose, by whom, when, and whether e-mailed.

    Exactly one of `volunteer` and `nomination` is set. No address is kept here, so anonymising the
    person leaves nothing personal behind.
    """

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="link_renewals")
    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="link_renewals")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("renewed by"), on_delete=models.SET_NULL,
                           null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("renewed at"))
    emailed = models.BooleanField(_("new link e-mailed"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("renewal of a private link")
        verbose_name_plural = _("renewals of private links")
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False, nomination__isnull=True)
                | Q(volunteer__isnull=True, nomination__isnull=False),
                name="link_renewal_of_one_link",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer or self.nomination} — {self.at:%Y-%m-%d %H:%M}"
