"""What is collected, where and when it can be brought, what came in and what was handed out.

Progress counts only what was received: `Need.received` is kept in step with the donations by
conditional UPDATEs inside the services (never read-modify-write), and every change is written
to `HistoryEntry`, from which the totals can be recomputed and audited.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models import Series, Venue
from events.recurrence import PRAGUE


def local_today(now=None):
    """Today's date in Prague, whatever the server's clock zone is."""
    return timezone.localtime(now or timezone.now(), PRAGUE).date()


class Drive(models.Model):
    class Kind(models.TextChoices):
        ITEMS = "items", _("items")
        MONEY = "money", _("money")
        BOTH = "both", _("items and money")

    class Status(models.TextChoices):
        PREPARED = "prepared", _("prepared")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    how_to_help = models.TextField(
        _("how to help"), blank=True,
        help_text=_("What to bring and in what state, a bank account for money, whom to call."),
    )
    kind = models.CharField(_("what is collected"), max_length=10, choices=Kind.choices, default=Kind.ITEMS)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    hands_out = models.BooleanField(
        _("hands out to families"), default=False,
        help_text=_("The drive records how many households and people it served (counts only)."),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), blank=True, related_name="organized_drives",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("charity drive")
        verbose_name_plural = _("charity drives")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="drive_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("drives:drive", kwargs={"slug": self.slug})

    @property
    def is_running(self):
        return self.status == self.Status.RUNNING

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    def has_ended(self, now=None):
        return local_today(now) > self.ends_on

    def accepts_pledges(self, now=None):
        return self.is_running and not self.has_ended(now)

    @property
    def overall_percent(self):
        """The mean of the needs' percentages, each capped at 100 (see `overall_percent`)."""
        return overall_percent(self.needs.all())


def overall_percent(needs):
    """How far the whole drive has come, 0–100, or None without needs.

    The plain mean of each need's percentage capped at 100: needs are counted in different units
    (crowns, coats, bags), so weighting by target would let 50 000 Kč outweigh 40 coats, and a
    need collected twice over must not hide one nobody brought anything for.
    """
    percents = [need.percent for need in needs]
    if not percents:
        return None
    return sum(percents) // len(percents)


class Unit(models.TextChoices):
    PIECE = "piece", _("pieces")
    PAIR = "pair", _("pairs")
    SET = "set", _("sets")
    BAG = "bag", _("bags")
    BOX = "box", _("boxes")
    CZK = "czk", _("Czech crowns")


# One donation, pledge or correction larger than this is a typing mistake, not a gift.
MAX_QUANTITY = {
    Unit.PIECE: 5_000,
    Unit.PAIR: 2_000,
    Unit.SET: 1_000,
    Unit.BAG: 500,
    Unit.BOX: 500,
    Unit.CZK: 5_000_000,
}
# The most a target can be, per unit (a target is also typed by a person).
MAX_TARGET = {unit: limit * 100 for unit, limit in MAX_QUANTITY.items()}


def quantity_text(unit, count):
    """'12 bags', '5 000 Kč': the number with its unit, in the right plural form."""
    number = number_format(count, force_grouping=True)
    if unit == Unit.PIECE:
        text = ngettext("%(count)s piece", "%(count)s pieces", count)
    elif unit == Unit.PAIR:
        text = ngettext("%(count)s pair", "%(count)s pairs", count)
    elif unit == Unit.SET:
        text = ngettext("%(count)s set", "%(count)s sets", count)
    elif unit == Unit.BAG:
        text = ngettext("%(count)s bag", "%(count)s bags", count)
    elif unit == Unit.BOX:
        text = ngettext("%(count)s box", "%(count)s boxes", count)
    else:
        text = gettext("%(count)s CZK")
    return text % {"count": number}


class Need(models.Model):
    """One thing the drive collects, with a target; `received` counts only what arrived."""

    class Priority(models.IntegerChoices):
        URGENT = 1, _("most needed now")
        NEEDED = 2, _("needed")
        WELCOME = 3, _("welcome")

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="needs", verbose_name=_("drive"))
    name = models.CharField(_("what"), max_length=120)
    description = models.CharField(_("details"), max_length=300, blank=True,
                                   help_text=_("For example: clean, sizes 110–140, no stains."))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    target = models.PositiveIntegerField(_("target"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NEEDED)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    received = models.PositiveIntegerField(_("received"), default=0, editable=False)
    pledged = models.PositiveIntegerField(_("pledged, not yet received"), default=0, editable=False)

    class Meta:
        ordering = ["priority", "position", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=1), name="need_target_positive"),
            models.UniqueConstraint(fields=["drive", "name"], name="need_name_once_per_drive"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_money(self):
        return self.unit == Unit.CZK

    @property
    def percent(self):
        """Whole per cent received, rounded down (99.6 % is not yet 100 %), at most 100."""
        return min(100, self.received * 100 // self.target) if self.target else 0

    @property
    def remaining(self):
        return max(self.target - self.received, 0)

    @property
    def reached(self):
        return self.received >= self.target

    @property
    def is_most_needed_now(self):
        """Said on the public page and in the API: urgent, not yet reached, and the drive still collects."""
        return self.priority == self.Priority.URGENT and not self.reached and not self.drive.is_closed

    @property
    def max_quantity(self):
        return MAX_QUANTITY[self.unit]

    def amount(self, count):
        return quantity_text(self.unit, count)

    @property
    def received_text(self):
        return self.amount(self.received)

    @property
    def pledged_text(self):
        return self.amount(self.pledged)

    @property
    def remaining_text(self):
        return self.amount(self.remaining)

    @property
    def target_text(self):
        return self.amount(self.target)

    @property
    def progress_text(self):
        """The bar in words, for everyone and for screen readers: '45 pieces of 100 pieces (45 %)'."""
        return gettext("%(received)s of %(target)s (%(percent)s %%)") % {
            "received": self.received_text, "target": self.target_text, "percent": self.percent,
        }


class CollectionPoint(models.Model):
    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="points", verbose_name=_("drive"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="collection_points",
                              verbose_name=_("venue"))
    accepts = models.ManyToManyField(
        Need, blank=True, related_name="points", verbose_name=_("accepts"),
        help_text=_("Leave empty when the point takes everything the drive collects."),
    )
    note = models.CharField(_("note for donors"), max_length=300, blank=True,
                            help_text=_("For example: the entrance from the courtyard, ring at the office."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("collection point")
        verbose_name_plural = _("collection points")
        constraints = [models.UniqueConstraint(fields=["drive", "venue"], name="collection_point_once_per_drive")]

    def __str__(self):
        return f"{self.venue.name} ({self.drive.title})"

    @property
    def name(self):
        return self.venue.name

    def accepts_need(self, need):
        accepted = [accepted.pk for accepted in self.accepts.all()]
        return not accepted or need.pk in accepted


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """A weekly slot when a point takes things, e.g. Tuesday 9:00–12:00 (several slots a day are fine)."""

    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="hours",
                              verbose_name=_("collection point"))
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="hours_close_after_opening"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_valid"),
            models.UniqueConstraint(fields=["point", "weekday", "opens"], name="hours_slot_once"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day that differs from the weekly hours: closed (a holiday) or open at other times."""

    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="exceptions",
                              verbose_name=_("collection point"))
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note for donors"), max_length=200, blank=True,
                            help_text=_("For example: public holiday."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")
        constraints = [
            models.UniqueConstraint(fields=["point", "date"], name="exception_once_per_day"),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(closed=False, opens__isnull=False, closes__isnull=False, closes__gt=F("opens")),
                name="exception_closed_or_hours",
            ),
        ]

    def __str__(self):
        if self.closed:
            return f"{self.date:%d. %m. %Y}: " + gettext("closed")
        return f"{self.date:%d. %m. %Y}: {self.opens:%H:%M}–{self.closes:%H:%M}"


class DriveSeries(models.Model):
    """An event series in the programme that shows when a point is open (events.Kind.COLLECTION).

    One per weekly slot (`hours`) and one per day with special hours (`exception`); a link
    whose slot or day is gone is removed together with its series by `sync_drive_series`.
    """

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="series_links")
    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="series_links")
    hours = models.OneToOneField(OpeningHours, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="series_link")
    exception = models.OneToOneField(OpeningException, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="series_link")
    series = models.OneToOneField(Series, on_delete=models.CASCADE, related_name="drive_link")

    class Meta:
        verbose_name = _("collection dates in the programme")
        verbose_name_plural = _("collection dates in the programme")

    def __str__(self):
        return self.series.title


class Pledge(models.Model):
    """A promise from the public ('I will bring 2 bags of clothes'); it counts only once received."""

    class Status(models.TextChoices):
        OPEN = "open", _("promised")
        RECEIVED = "received", _("received")
        CANCELLED = "cancelled", _("did not come")

    class Source(models.TextChoices):
        WEB = "web", _("web form")
        API = "api", _("API")

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("drive"))
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("need"))
    quantity = models.PositiveIntegerField(_("quantity"))
    point = models.ForeignKey(CollectionPoint, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="pledges", verbose_name=_("where they will bring it"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(_("promised"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="pledge_quantity_positive")]
        indexes = [models.Index(fields=["drive", "status"])]

    def __str__(self):
        return f"{self.need.name}: {self.quantity}"

    @property
    def display_name(self):
        return self.name or gettext("anonymous")

    @property
    def amount_text(self):
        return self.need.amount(self.quantity)


class Donation(models.Model):
    """Something that arrived at a collection point, logged by staff. A voided donation no longer counts."""

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="donations", verbose_name=_("drive"))
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="donations", verbose_name=_("need"))
    point = models.ForeignKey(CollectionPoint, on_delete=models.PROTECT, related_name="donations",
                              verbose_name=_("collection point"))
    quantity = models.PositiveIntegerField(_("quantity"))
    donor_name = models.CharField(_("donor"), max_length=100, blank=True,
                                  help_text=_("Only when the donor wishes to be named; anonymous otherwise."))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("logged by"))
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="donations", verbose_name=_("pledge"))
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("why voided"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="donation_quantity_positive")]
        indexes = [models.Index(fields=["drive", "received_at"])]

    def __str__(self):
        return f"{self.need.name}: {self.quantity}"

    @property
    def counts(self):
        return self.voided_at is None

    @property
    def display_donor(self):
        return self.donor_name or gettext("anonymous")

    @property
    def amount_text(self):
        return self.need.amount(self.quantity)


class Distribution(models.Model):
    """What was handed out, as counts only: the families are known to their social worker, not here."""

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="distributions",
                              verbose_name=_("drive"))
    handed_out_on = models.DateField(_("day"))
    point = models.ForeignKey(CollectionPoint, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="distributions", verbose_name=_("where"))
    need = models.ForeignKey(Need, on_delete=models.PROTECT, null=True, blank=True, related_name="distributions",
                             verbose_name=_("what"))
    households = models.PositiveIntegerField(_("households"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    items = models.PositiveIntegerField(_("items handed out"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("No names or other details of the families."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("why voided"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-handed_out_on", "-id"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [
            models.CheckConstraint(condition=Q(households__gte=1) | Q(people__gte=1) | Q(items__gte=1),
                                   name="distribution_counts_something"),
            models.CheckConstraint(condition=Q(people=0) | Q(people__gte=F("households")),
                                   name="distribution_people_at_least_households"),
        ]

    def __str__(self):
        return f"{self.handed_out_on:%d. %m. %Y}"

    @property
    def counts(self):
        return self.voided_at is None


class HistoryEntry(models.Model):
    """One change to a donation, pledge, distribution, the hours or the drive: who, when, before and after.

    Append-only. The snapshots of donations hold `need`, `quantity` and `counts`, so the totals
    can be recomputed from this table alone (`selectors.totals_from_history`).
    """

    class Action(models.TextChoices):
        DONATION_LOGGED = "donation_logged", pgettext_lazy("history", "donation logged")
        DONATION_CORRECTED = "donation_corrected", pgettext_lazy("history", "donation corrected")
        DONATION_VOIDED = "donation_voided", pgettext_lazy("history", "donation voided")
        PLEDGE_MADE = "pledge_made", pgettext_lazy("history", "pledge made")
        PLEDGE_RECEIVED = "pledge_received", pgettext_lazy("history", "pledge received")
        PLEDGE_CANCELLED = "pledge_cancelled", pgettext_lazy("history", "pledge did not come")
        PLEDGE_REOPENED = "pledge_reopened", pgettext_lazy("history", "pledge promised again")
        DISTRIBUTION_RECORDED = "distribution_recorded", pgettext_lazy("history", "distribution recorded")
        DISTRIBUTION_CORRECTED = "distribution_corrected", pgettext_lazy("history", "distribution corrected")
        DISTRIBUTION_VOIDED = "distribution_voided", pgettext_lazy("history", "distribution voided")
        DRIVE_OPENED = "drive_opened", pgettext_lazy("history", "drive started")
        DRIVE_CLOSED = "drive_closed", pgettext_lazy("history", "drive closed")
        HOURS_CHANGED = "hours_changed", pgettext_lazy("history", "opening hours changed")

    drive = models.ForeignKey(Drive, on_delete=models.CASCADE, related_name="history", verbose_name=_("drive"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("who"))
    by_name = models.CharField(_("who"), max_length=150, blank=True,
                               help_text=_("Kept when the account is deleted; empty for the public."))
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    subject_id = models.PositiveBigIntegerField(_("row"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.get_action_display()} ({timezone.localtime(self.at):%d. %m. %Y %H:%M})"

    @staticmethod
    def describe(snapshot):
        """'quantity=5; need=3; …' for the history page; — when there was nothing."""
        if not snapshot:
            return "—"
        return "; ".join(f"{name}={value}" for name, value in snapshot.items() if value not in ("", None))

    @property
    def before_text(self):
        return self.describe(self.before)

    @property
    def after_text(self):
        return self.describe(self.after)


def aware_local(day, time_of_day):
    """A Prague wall-clock moment as an aware datetime (for opening hours on a given day)."""
    return datetime.combine(day, time_of_day).replace(tzinfo=PRAGUE)
