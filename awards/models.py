"""Who is honoured: the Anděl award's rounds, categories, criteria, nominations, jury, scores and results.

The nominee did not give us their details: nothing about them is published before they agree,
and a nomination that did not win is anonymised after a while; the scores stay for the
statistics. These tables were the award's part of `volunteers` until they moved here, with their
rows (migrations 0001–0002).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.links import LinkRenewalBase
from volunteers.models import new_token


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
        return reverse("awards:nominee", kwargs={"token": self.nominee_token})


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


class NomineeLinkRenewal(LinkRenewalBase):
    """The audit of a nominee's private link renewed by staff (a link leaked); the shape is the kernel's."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE,
                                   related_name="link_renewals")

    owner_field = "nomination"
