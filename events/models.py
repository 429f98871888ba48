from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .recurrence import to_aware, wall_clock_end


class Audience(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Its name is the CATEGORIES of every feed: a rename must move the feeds' version and DTSTAMP.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    street = models.CharField(_("street and number"), max_length=150)
    city = models.CharField(_("city"), max_length=100, default="Plzeň")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    transport_stop = models.CharField(_("nearest public-transport stop"), max_length=150, blank=True)
    parking = models.CharField(_("parking"), max_length=200, blank=True)
    accessibility_note = models.TextField(_("other accessibility notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="venue_coordinates_valid_pair",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self):
        city = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, city) if part)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


class Kind(models.TextChoices):
    FESTIVAL = "festival", _("festival")
    DANCE = "dance", _("dance evening")
    WORKSHOP = "workshop", _("workshop")
    COURSE = "course", _("course")
    LECTURE = "lecture", _("lecture")
    MEETING = "meeting", _("meeting")
    COLLECTION = "collection", _("collection drive")


class Series(models.Model):
    """Something that happens on one or more dates: a festival, a dance evening, a course."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    audiences = models.ManyToManyField(Audience, verbose_name=_("audiences"), blank=True, related_name="series")
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="series")
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), blank=True, related_name="organized_series"
    )
    price_note = models.CharField(_("price"), max_length=150, blank=True, help_text=_("For example: free"))
    published = models.BooleanField(_("published"), default=True)

    registration_required = models.BooleanField(_("registration required"), default=True)
    capacity = models.PositiveIntegerField(
        _("places per date"), null=True, blank=True, help_text=_("Leave empty when the number is not limited.")
    )
    max_seats_per_registration = models.PositiveSmallIntegerField(
        _("most places in one registration"), default=2,
        help_text=_("Including companions, for example the escort of a ZTP/P card holder."),
    )
    registration_opens_days_before = models.PositiveSmallIntegerField(
        _("registration opens (days before)"), default=30
    )
    registration_closes_hours_before = models.PositiveSmallIntegerField(
        _("registration closes (hours before)"), default=2
    )
    waiting_list = models.BooleanField(_("waiting list"), default=True)

    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    duration = models.DurationField(_("duration"), default=timedelta(hours=2))
    recurrence = models.CharField(
        _("repetition rule"), max_length=300, blank=True,
        help_text=_("Empty for a one-off event; otherwise an RFC 5545 rule made by the form."),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    rule_since = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="Set when the schedule changed after dates had passed: the rule is published from here "
        "on, and the dates before stay as they happened.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")
        permissions = [("manage_all_series", _("Can manage every series"))]
        constraints = [
            models.CheckConstraint(condition=Q(max_seats_per_registration__gte=1), name="series_seats_at_least_one"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                                   name="series_capacity_positive"),
            models.CheckConstraint(condition=Q(duration__gt=timedelta(0)), name="series_duration_positive"),
        ]

    def __str__(self):
        return self.title

    # Kept by UPDATEs in the database (a deleted date's changes are added to `sequence`, the sync
    # sets `rule_since`), so a later save() of this object, loaded before, must not write an older
    # value back: the calendars would see SEQUENCE fall.
    KEPT_BY_UPDATES = ("sequence", "rule_since")

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding and not args and not kwargs.get("force_insert") \
                and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.KEPT_BY_UPDATES
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:series", kwargs={"slug": self.slug})

    @property
    def first_start_local(self):
        return datetime.combine(self.starts_on, self.start_time)

    @property
    def is_recurring(self):
        return bool(self.recurrence)

    @property
    def excluded_date_set(self):
        return {excluded.date for excluded in self.excluded_dates.all()}


class ExcludedDate(models.Model):
    """A day the rule would give but the series does not happen (a holiday, the summer break)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="excluded_dates")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("excluded date")
        verbose_name_plural = _("excluded dates")
        constraints = [models.UniqueConstraint(fields=["series", "date"], name="excluded_date_once")]

    def __str__(self):
        return self.date.strftime("%d. %m. %Y")


class OccurrenceQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Occurrence.Status.SCHEDULED)

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now())

    def public(self):
        return self.filter(series__published=True)

    def with_free_places(self):
        return self.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("seats_taken")))

    def for_page(self):
        """What every list of dates shows, loaded in a fixed number of queries."""
        return self.select_related("series", "series__venue", "venue").prefetch_related("series__audiences")


class Occurrence(models.Model):
    """One date of a series. Materialised ahead so registrations and overrides have a row."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="occurrences")
    recurrence_id = models.DateTimeField(
        _("original start"), help_text=_("When the rule placed this date; stays when the date is moved.")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("other venue"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="moved_occurrences", help_text=_("Only when this date takes place elsewhere."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(_("note for visitors"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    capacity_overridden = models.BooleanField(_("own number of places"), default=False)
    modified = models.BooleanField(
        _("changed by hand"), default=False, help_text=_("Time or venue differ from the series."),
    )
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.UniqueConstraint(fields=["series", "recurrence_id"], name="occurrence_once_per_rule_date"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="occurrence_ends_after_start"),
            # The backstop behind the conditional UPDATE that takes seats.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="occurrence_never_overbooked",
            ),
        ]
        indexes = [
            models.Index(fields=["start"]),
            models.Index(fields=["status", "end"]),
            # The public pages' cache version reads MAX(updated_at) on every request.
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.series.title} — {local:%d. %m. %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("events:occurrence", kwargs={"slug": self.series.slug, "pk": self.pk})

    @property
    def title(self):
        return self.series.title

    @property
    def place(self):
        return self.venue or self.series.venue

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self):
        return self.start != self.recurrence_id

    @property
    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def has_free_places(self):
        return self.capacity is None or self.seats_taken < self.capacity

    @property
    def registration_opens_at(self):
        return self.start - timedelta(days=self.series.registration_opens_days_before)

    @property
    def registration_closes_at(self):
        return self.start - timedelta(hours=self.series.registration_closes_hours_before)

    def registration_state(self, now=None):
        """One of: not_needed, cancelled, past, not_yet, closed, full, open."""
        now = now or timezone.now()
        if not self.series.registration_required:
            return "not_needed"
        if self.is_cancelled:
            return "cancelled"
        if self.start <= now:
            return "past"
        if now < self.registration_opens_at:
            return "not_yet"
        if now >= self.registration_closes_at:
            return "closed"
        if not self.has_free_places and not self.series.waiting_list:
            return "full"
        return "open"

    def registration_open(self, now=None):
        return self.registration_state(now) == "open"

    def seats_left_text(self):
        left = self.seats_left
        if left is None:
            return _("places not limited")
        if left == 0:
            return _("full")
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}

    @classmethod
    def from_local_start(cls, series, local_start):
        start = to_aware(local_start)
        return cls(
            series=series, recurrence_id=start, start=start, end=wall_clock_end(start, series.duration),
            capacity=series.capacity,
        )


class FeedState(models.Model):
    """Since when a calendar feed has had its present content, for Last-Modified.

    The newest DTSTAMP in a feed does not move when an event leaves it (a series unpublished,
    a registration cancelled), so a client asking with If-Modified-Since would be told nothing
    changed and keep the removed event. Kept in the database so every web server answers alike.
    """

    key = models.CharField(max_length=64, unique=True)
    etag = models.CharField(max_length=80)
    changed_at = models.DateTimeField()

    def __str__(self):
        return self.key


class OccurrenceChange(models.Model):
    """One change staff made to a date (moved, cancelled or back on, places, venue, the visitors' note):
    who, when, and the values before and after. Append-only, written in the transaction of the change
    (`events.services.change_occurrence`). `by_name` keeps the name when the account is deleted.
    """

    class Action(models.TextChoices):
        MOVED = "moved", pgettext_lazy("history", "moved the date")
        CANCELLED = "cancelled", pgettext_lazy("history", "cancelled the date")
        REINSTATED = "reinstated", pgettext_lazy("history", "put the date back on")
        CAPACITY = "capacity", pgettext_lazy("history", "changed the number of places")
        VENUE = "venue", pgettext_lazy("history", "changed the venue")
        NOTE = "note", pgettext_lazy("history", "changed the note for visitors")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="changes",
                                   verbose_name=_("date"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("who"))
    by_name = models.CharField(_("who"), max_length=150, blank=True,
                               help_text=_("Kept when the account is deleted; empty for a change by the system."))
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change of a date")
        verbose_name_plural = _("changes of dates")
        indexes = [models.Index(fields=["occurrence", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} ({timezone.localtime(self.at):%d. %m. %Y %H:%M})"

    @property
    def what(self):
        return self.get_action_display()

    @property
    def before_text(self):
        return self.describe(self.before)

    @property
    def after_text(self):
        return self.describe(self.after)

    def describe(self, values):
        """A snapshot as staff read it: 'st 2. 12. 2026 18:00–21:00', '40 places', 'cancelled: Sál je v opravě.'."""
        if self.action == self.Action.MOVED:
            return describe_span(values.get("start"), values.get("end"))
        if self.action == self.Action.CAPACITY:
            places = values.get("capacity")
            if places is None:
                return str(_("places not limited"))
            return ngettext("%(count)s place", "%(count)s places", places) % {"count": places}
        if self.action == self.Action.VENUE:
            return values.get("place") or "—"
        if self.action in (self.Action.CANCELLED, self.Action.REINSTATED):
            status = Occurrence.Status(values["status"]).label if values.get("status") else "—"
            return f"{status}: {values['note']}" if values.get("note") else str(status)
        return values.get("note") or "—"


def describe_span(start, end):
    """Two ISO moments as 'st 2. 12. 2026 18:00–21:00' in Prague time ('– 3. 12. 2026 01:00' across midnight)."""
    from django.utils import dateformat
    from django.utils.dateparse import parse_datetime

    if not start:
        return "—"
    start = timezone.localtime(parse_datetime(start))
    text = dateformat.format(start, "D j. n. Y H:i")
    if end:
        end = timezone.localtime(parse_datetime(end))
        text += "–" + dateformat.format(end, "H:i" if end.date() == start.date() else "j. n. Y H:i")
    return text
