"""The verbs of the programme: keep a series' dates in step with its rule."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobs.runner import run_job
from kernel.refusals import Refusal

from .models import ExcludedDate, Occurrence, OccurrenceChange, Series
from .recurrence import (
    PRAGUE,
    RuleError,
    check_schedule,
    local_starts,
    normalize_rule,
    to_aware,
    to_local,
    wall_clock_end,
)
from .signals import occurrence_changed

logger = logging.getLogger(__name__)
HORIZON_JOB = "events.tasks.extend_horizons"


class EventsError(Refusal):
    """A refusal of the programme's services."""


def validate_schedule(*, recurrence, starts_on, start_time, duration, excluded=(), now=None):
    """Return the canonical rule, or raise RuleError with a message for the person editing."""
    if duration is None or duration <= timedelta(0):
        raise RuleError(_("The duration must be longer than zero."), field="duration")
    if duration > timedelta(days=14):
        raise RuleError(_("One date can last at most 14 days."), field="duration")
    rule = normalize_rule(recurrence)
    check_schedule(
        rule, datetime.combine(starts_on, start_time),
        horizon_days=settings.SPOLU_HORIZON_DAYS, max_dates=settings.SPOLU_MAX_DATES_IN_HORIZON,
        now=now, excluded=excluded,
    )
    if duration >= timedelta(days=1) and rule.startswith("FREQ=DAILY"):
        raise RuleError(_("A daily event cannot last a day or longer: the dates would overlap."), field="duration")
    return rule


def horizon_end(now=None):
    return (now or timezone.now()) + timedelta(days=settings.SPOLU_HORIZON_DAYS)


@dataclass(frozen=True)
class Schedule:
    """What decides a series' dates: its rule, first date and time, length, places and excluded days."""

    recurrence: str
    starts_on: date
    start_time: time
    duration: timedelta
    capacity: int | None
    excluded: frozenset = frozenset()

    @classmethod
    def of(cls, series, **changes):
        """The series' saved schedule, with `changes` (unsaved values from a form) in place."""
        values = {
            "recurrence": series.recurrence, "starts_on": series.starts_on, "start_time": series.start_time,
            "duration": series.duration, "capacity": series.capacity,
            "excluded": frozenset(series.excluded_date_set) if series.pk else frozenset(),
        }
        values.update(changes)
        values["excluded"] = frozenset(values["excluded"])
        return cls(**values)

    @property
    def first_start_local(self):
        return datetime.combine(self.starts_on, self.start_time)


CREATE, KEEP, DROP = "create", "keep", "drop"


@dataclass
class PlannedDate:
    """What the sync does with one date: make it (CREATE), keep it on its day (KEEP) or drop it (DROP).

    For KEEP, `recurrence_id`, `start`, `end` and `capacity` are the row's values afterwards. A row
    that something points at (`protected`: registrations, volunteer shifts) is cancelled when
    dropped, not deleted.
    """

    action: str
    occurrence: Occurrence | None = None
    recurrence_id: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    capacity: int | None = None
    protected: bool = False

    @property
    def changed_fields(self):
        """The row's fields that change (for KEEP), in a fixed order."""
        if self.action != KEEP:
            return []
        row = self.occurrence
        return [
            name for name in ("recurrence_id", "start", "end", "capacity") if getattr(self, name) != getattr(row, name)
        ]

    @property
    def moves(self):
        """The date's time (start or end) changes: people registered hear of it."""
        return bool({"start", "end"} & set(self.changed_fields))

    @property
    def changes_anything(self):
        if self.action == DROP:
            return not (self.protected and self.occurrence.is_cancelled)
        return self.action == CREATE or bool(self.changed_fields)

    @property
    def overridden(self):
        """Someone's work is in this date: moved or changed by hand, another venue or number of places,
        cancelled, or people registered."""
        row = self.occurrence
        return row is not None and bool(
            row.modified or row.venue_id or row.capacity_overridden or row.is_cancelled or row.seats_taken
            or self.protected
        )

    @property
    def needs_confirmation(self):
        """An overridden date that the edit moves, re-assigns to the new schedule's time, or drops."""
        if not self.overridden or not self.changes_anything:
            return False
        return self.action == DROP or bool({"recurrence_id", "start", "end"} & set(self.changed_fields))


@dataclass
class SchedulePlan:
    dates: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # messages of dates that cannot be made

    def of_action(self, action):
        return [planned for planned in self.dates if planned.action == action]

    @property
    def to_confirm(self):
        """The dates a person must see before the edit is saved, in the order of the programme."""
        return sorted(
            (planned for planned in self.dates if planned.needs_confirmation),
            key=lambda planned: planned.occurrence.recurrence_id,
        )


def plan_schedule_change(series, schedule=None, *, now=None):
    """What `sync_occurrences` will do to the future dates of `series` for `schedule` (default: as saved).

    A rule gives at most one date a day (rules have no BYHOUR), so dates are matched by their Prague
    day, not by the moment the rule put them at: when the time changes, a date keeps its row, its
    registrations and its overrides, and only takes the new time of its day.
    - A day the schedule still has: its row is kept and re-keyed to the new time. A row not changed by
      hand follows the new time (with a wall-clock end); one moved by hand keeps its own start and end;
      one changed by hand but starting where the rule put it (another venue, its own end) takes the
      new start and keeps its length; a cancelled one stays cancelled; another venue or number of
      places stays.
    - A day the schedule no longer has: its row is dropped, deleted when nothing points at it,
      otherwise cancelled.
    - A new day: a new row.
    Past dates (their rule start before `now`) are never part of the plan, except a date of today under
    way that has no row yet (`_new_date_under_way`). Rows up to the last
    existing one are kept even when the horizon is nearer (a job run with an earlier `now`).
    """
    now = now or timezone.now()
    schedule = schedule or Schedule.of(series)
    plan = SchedulePlan()
    rows = list(series.occurrences.filter(recurrence_id__gte=now).order_by("recurrence_id", "pk")) if series.pk else []
    until = horizon_end(now)
    if rows:
        until = max(until, rows[-1].recurrence_id + timedelta(seconds=1))
    # A date of today that has already begun is today's date, even when the new time is still to come.
    today = to_local(now).date()
    midnight = datetime.combine(today, time()).replace(tzinfo=PRAGUE)
    begun_today = bool(series.pk) and series.occurrences.filter(
        recurrence_id__gte=midnight, recurrence_id__lt=now
    ).exists()
    by_day = {}
    for row in rows:
        by_day.setdefault(to_local(row.recurrence_id).date(), []).append(row)
    wanted = {}
    for local_start in local_starts(
        schedule.recurrence, schedule.first_start_local, after=to_local(now) - schedule.duration,
        before=to_local(until), excluded=schedule.excluded,
    ):
        if begun_today and local_start.date() == today:
            continue
        try:
            start = to_aware(local_start)
        except RuleError as error:
            plan.skipped.append(error.message)
            continue
        if start < now and not _new_date_under_way(start, schedule, now, by_day):
            continue
        wanted[local_start.date()] = start
    kept_rows, dropped_rows = [], []
    for day, day_rows in by_day.items():
        start = wanted.get(day)
        if start is None:
            dropped_rows += day_rows
            continue
        keeper = (
            next((row for row in day_rows if row.recurrence_id == start), None)
            or next((row for row in day_rows if not row.is_cancelled), None)
            or day_rows[0]
        )
        kept_rows.append((keeper, start))
        dropped_rows += [row for row in day_rows if row is not keeper]

    for row, start in kept_rows:
        plan.dates.append(_keep(row, start, schedule))
    plan.dates += [PlannedDate(DROP, row) for row in dropped_rows]
    for day, start in wanted.items():
        if day not in by_day:
            plan.dates.append(PlannedDate(
                CREATE, recurrence_id=start, start=start, end=wall_clock_end(start, schedule.duration),
                capacity=schedule.capacity,
            ))
    asked = [planned for planned in plan.dates if planned.occurrence is not None and planned.changes_anything]
    protected = _protected_ids([planned.occurrence for planned in asked])
    for planned in asked:
        planned.protected = planned.occurrence.pk in protected
    return plan


def _new_date_under_way(start, schedule, now, rows_by_day):
    """A date of today that has begun and not ended, with no row yet: collection hours added while the point
    is open, a series created during its first date. It is made, for people may still come; a begun date
    that has a row is history and stays as it is."""
    day = to_local(start).date()
    return day == to_local(now).date() and day not in rows_by_day and wall_clock_end(start, schedule.duration) > now


def _keep(row, start, schedule):
    """The row of a day the schedule still has, as it will be: a row moved by hand keeps its times."""
    planned = PlannedDate(
        KEEP, row, recurrence_id=start, start=row.start, end=row.end, capacity=row.capacity,
    )
    if not row.modified:
        planned.start, planned.end = start, wall_clock_end(start, schedule.duration)
    elif row.start == row.recurrence_id:
        # Changed by hand but not moved (another venue, a later end): it takes the new time, with its own length.
        planned.start, planned.end = start, wall_clock_end(start, to_local(row.end) - to_local(row.start))
    if not row.capacity_overridden and row.capacity != schedule.capacity:
        # Never below the places already taken: the registrations stay valid.
        planned.capacity = schedule.capacity
        if planned.capacity is not None:
            planned.capacity = max(planned.capacity, row.seats_taken)
    return planned


def _protected_ids(rows):
    """The rows that something points at with PROTECT (registrations, volunteer shifts), read through
    the model's relations, so the programme need not know the apps above it."""
    if not rows:
        return set()
    pks = [row.pk for row in rows]
    found = set()
    for relation in Occurrence._meta.related_objects:
        if relation.on_delete in (models.PROTECT, models.RESTRICT):
            found.update(
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": pks})
                .values_list(relation.field.attname, flat=True)
            )
    return found


@transaction.atomic
def sync_occurrences(series, *, now=None, skipped=None, schedule_changed=False, by=None):
    """Make the future dates of `series` match its schedule up to the horizon, by the plan of
    `plan_schedule_change` (which the admin shows before an edit is saved).

    Past dates are never touched. A date that cannot be made (its time does not exist or happens
    twice in Prague: refused when the rule is entered, but a row may come from elsewhere) is left
    out and the others are made; its reason is logged and added to the list `skipped`, when one is
    given. With `schedule_changed` (after an edit, not in the daily job), `rule_since` is set to now
    when the past dates are no longer what the schedule gives (see _schedule_rewrites_past).
    A kept date moved or given other places, and a dropped one cancelled, get a row in their history,
    as made by `by` (the person who edited the series; None for the daily job).
    Returns (created, updated, removed, cancelled) counts.
    """
    now = now or timezone.now()
    series = Series.objects.select_for_update().get(pk=series.pk)
    schedule = Schedule.of(series)
    if schedule_changed and _schedule_rewrites_past(series, schedule, now):
        Series.objects.filter(pk=series.pk).update(rule_since=now)
    plan = plan_schedule_change(series, schedule, now=now)
    for message in plan.skipped:
        logger.warning("Series %s (#%s): date left out: %s", series.title, series.pk, message)
        if skipped is not None:
            skipped.append(message)

    removed = cancelled = 0
    history = []
    # Drops first: a deleted row frees its place in the (series, recurrence_id) constraint.
    for planned in plan.of_action(DROP):
        if not planned.changes_anything:
            continue
        if _delete_or_cancel(planned.occurrence, protected=planned.protected, history=history, by=by, now=now):
            removed += 1
        else:
            cancelled += 1
    updated = sum(_apply_keep(planned, history=history, by=by, now=now) for planned in plan.of_action(KEEP))
    OccurrenceChange.objects.bulk_create(history)
    created = [
        Occurrence(
            series=series, recurrence_id=planned.recurrence_id, start=planned.start, end=planned.end,
            capacity=planned.capacity,
        )
        for planned in plan.of_action(CREATE)
    ]
    Occurrence.objects.bulk_create(created)
    return len(created), updated, removed, cancelled


def _apply_keep(planned, *, history, by=None, now=None):
    """Save a kept row's new values; every change raises its SEQUENCE, and people registered hear
    of a new time or more places. The history rows of the change are added to `history`."""
    changed = planned.changed_fields
    if not changed:
        return 0
    moves = planned.moves  # read before the row takes the new values
    occurrence = planned.occurrence
    previous_capacity = occurrence.capacity
    before = _snapshot(occurrence)
    for name in changed:
        setattr(occurrence, name, getattr(planned, name))
    occurrence.sequence += 1
    occurrence.save(update_fields=[*changed, "sequence", "updated_at"])
    history += _history_entries(occurrence, before, _snapshot(occurrence), changed, by=by, now=now or timezone.now())
    if moves and not occurrence.is_cancelled:
        announce_change(occurrence, "moved")
    if has_more_places(previous_capacity, occurrence.capacity):
        announce_change(occurrence, "capacity")
    return 1


def _schedule_rewrites_past(series, schedule, now):
    """Whether the schedule no longer gives the past dates as they happened, since `rule_since`:
    a past date that is not a date of the rule (another time, weekday or first date, an excluded
    day), or one not changed by hand whose end is not its start plus the duration."""
    past = series.occurrences.filter(recurrence_id__lt=now)
    begin = schedule.first_start_local
    if series.rule_since is not None:
        past = past.filter(recurrence_id__gte=series.rule_since)
        begin = max(begin, to_local(series.rule_since))
    past = list(past)
    if not past:
        return False
    rule_dates = set(local_starts(
        schedule.recurrence, schedule.first_start_local, after=begin, before=to_local(now),
        excluded=schedule.excluded,
    ))
    for row in past:
        if to_local(row.recurrence_id) not in rule_dates:
            return True
        if not row.modified and (
            row.start != row.recurrence_id or row.end != wall_clock_end(row.start, schedule.duration)
        ):
            return True
    return False


def has_more_places(before, after):
    if before is None:
        return False
    return after is None or after > before


def announce_change(occurrence, change):
    """Tell the listening apps, inside the transaction of the change, that a date changed.

    Inside, not after the commit: what the listeners record (messages to the people registered,
    a waiting list moved up) is saved with the change or not at all, even if the process dies.
    """
    occurrence_changed.send(Occurrence, occurrence=occurrence, change=change)


def _delete_or_cancel(occurrence, *, protected=False, history=None, by=None, now=None):
    """Delete a dropped date, or cancel it when something points at it (its history row added to
    `history`); True when deleted."""
    if not protected:
        try:
            with transaction.atomic():
                occurrence.delete()
            return True
        except ProtectedError:
            pass
    if not occurrence.is_cancelled:
        before = _snapshot(occurrence)
        occurrence.status = Occurrence.Status.CANCELLED
        occurrence.status_note = _("This date was removed from the programme.")
        occurrence.sequence += 1
        occurrence.save(update_fields=["status", "status_note", "sequence", "updated_at"])
        if history is not None:
            history += _history_entries(occurrence, before, _snapshot(occurrence), ["status"], by=by,
                                        now=now or timezone.now())
        announce_change(occurrence, "cancelled")
    return False


def series_changed(series, *, now=None, by=None):
    """Call after a series' schedule or settings were saved (by `by`): bump its SEQUENCE and resync."""
    with transaction.atomic():
        Series.objects.filter(pk=series.pk).update(sequence=F("sequence") + 1)
        counts = sync_occurrences(series, now=now, schedule_changed=True, by=by)
        series.sequence, series.rule_since = Series.objects.values_list("sequence", "rule_since").get(pk=series.pk)
    return counts


@transaction.atomic
def save_series(series, fields, *, by, audiences=None, organizers=None, excluded=None):
    """Write a series from the API (new when it has no pk yet) and bring its dates in line, as the admin does.

    `audiences`, `organizers` and `excluded` (days) replace what the series had; None leaves it. The
    dates' history names `by`, so an edit through a token is as accountable as one in the admin.
    """
    if series.pk is None and not fields.get("slug"):
        fields = {**fields, "slug": unique_slug(fields["title"])}
    for name, value in fields.items():
        setattr(series, name, value)
    series.save()
    if audiences is not None:
        series.audiences.set(audiences)
    if organizers is not None:
        series.organizers.set(organizers)
    if excluded is not None:
        _replace_excluded_dates(series, excluded)
    series_changed(series, by=by)
    return series


def _replace_excluded_dates(series, days):
    series.excluded_dates.exclude(date__in=days).delete()
    kept = set(series.excluded_dates.values_list("date", flat=True))
    ExcludedDate.objects.bulk_create(ExcludedDate(series=series, date=day) for day in days if day not in kept)


def unique_slug(title):
    """A short name for the series' address, from its title, not yet used by another series."""
    base = slugify(title)[:90] or "akce"
    slug, number = base, 2
    while Series.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def extend_horizons(now=None):
    """The daily job: every recurring series gets its dates up to the rolling horizon.

    Each series in its own transaction: one that fails, or one date of it that cannot be made,
    is logged and recorded in the job's run with the series' name, and the others go on.
    Returns the (created, updated, removed, cancelled) totals.
    """
    totals = [0, 0, 0, 0]

    def extend(series):
        skipped = []
        for index, count in enumerate(sync_occurrences(series, now=now, skipped=skipped)):
            totals[index] += count
        return skipped

    run_job(
        HORIZON_JOB, Series.objects.exclude(recurrence="").prefetch_related("excluded_dates").order_by("pk"),
        extend, describe_series, label=_("Dates of recurring series up to the horizon"),
    )
    return tuple(totals)


def describe_series(series):
    return f"„{series.title}“ (#{series.pk})"


UNCHANGED = object()  # for `venue` and `capacity`, where None is a value (the series' venue, no limit)
SHOWN_IN_CALENDARS = ("start", "end", "status", "status_note", "venue")
EDITABLE = ("start", "end", "status", "status_note", "venue", "capacity")


@dataclass
class ChangedDate:
    """What `change_occurrence` did: the date as saved, the fields changed and the announcements sent."""

    occurrence: Occurrence
    changed: list
    announced: list


def occurrence_change_refusals(occurrence, changes, *, places_taken=None):
    """Every reason the `changes` (as from `planned_occurrence_change`) cannot be made, as EventsErrors
    each naming its field, so a form shows them all at once; [] when they can."""
    refusals = []
    start, end = changes.get("start", occurrence.start), changes.get("end", occurrence.end)
    if ("start" in changes or "end" in changes) and start is not None and end is not None and end <= start:
        refusals.append(EventsError("end_before_start", _("The end must be after the start."), field="end"))
    if "status" in changes and changes["status"] not in Occurrence.Status.values:
        refusals.append(EventsError("invalid_status", _("Choose whether the date takes place or is cancelled."),
                                    field="status"))
    max_note = Occurrence._meta.get_field("status_note").max_length
    if len(changes.get("status_note") or "") > max_note:
        refusals.append(EventsError(
            "note_too_long", _("The note for visitors can have at most %(limit)s characters.") % {"limit": max_note},
            field="status_note",
        ))
    if "capacity" in changes and changes["capacity"] is not None:
        taken = occurrence.seats_taken if places_taken is None else places_taken
        if changes["capacity"] < 0:
            refusals.append(EventsError("invalid_capacity", _("The number of places cannot be negative."),
                                        field="capacity"))
        elif changes["capacity"] < taken:
            refusals.append(EventsError(
                "below_places_taken",
                _("Places already taken: %(taken)s. The number of places cannot be lower.") % {"taken": taken},
                field="capacity",
            ))
    return refusals


def planned_occurrence_change(occurrence, *, start=None, end=None, status=None, status_note=None,
                              venue=UNCHANGED, capacity=UNCHANGED):
    """The fields of `occurrence` that the given values change, with their new values.

    A new start without an end keeps the date's length as on the clock, so a date moved off a
    night the clocks change keeps its hours; a new end alone keeps the start.
    """
    wanted = {}
    if start is not None:
        wanted["start"] = start
        if end is None and occurrence.start is not None and occurrence.end is not None:
            end = wall_clock_end(start, to_local(occurrence.end) - to_local(occurrence.start))
    if end is not None:
        wanted["end"] = end
    if status is not None:
        wanted["status"] = status
    if status_note is not None:
        wanted["status_note"] = status_note.strip()
    if venue is not UNCHANGED:
        wanted["venue"] = venue
    if capacity is not UNCHANGED:
        wanted["capacity"] = capacity
    current = {"venue": occurrence.venue if occurrence.venue_id else None}
    return {
        name: value for name, value in wanted.items()
        if (current[name] if name in current else getattr(occurrence, name)) != value
    }


def change_occurrence(occurrence, *, by, start=None, end=None, status=None, status_note=None, venue=UNCHANGED,
                      capacity=UNCHANGED, now=None):
    """Change one date as staff do: move it, cancel it or put it back on, give it another venue, its own
    number of places or a note for visitors. Values left out (None, or UNCHANGED for `venue` and
    `capacity`, where None means the series' venue and no limit) stay as they are.

    Under the date's row lock: refused with an EventsError naming the field when the end is not after
    the start or the places would drop below those taken. A new time or venue marks the date as
    changed by hand, a number of places as its own (the series' number no longer overwrites them).
    SEQUENCE rises only when something a calendar shows changes (times, status, venue, note), not
    for places. The announcements (cancelled; moved; more places, so the waiting list moves up) and
    one history row per kind of change are written in the same transaction. `occurrence` is
    updated in place too. Returns a ChangedDate.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = Occurrence.objects.select_for_update(of=("self",)).select_related("series", "venue", "series__venue").get(
            pk=occurrence.pk
        )
        changes = planned_occurrence_change(
            row, start=start, end=end, status=status, status_note=status_note, venue=venue, capacity=capacity,
        )
        refusals = occurrence_change_refusals(row, changes)
        if refusals:
            raise refusals[0]
        if not changes:
            return ChangedDate(row, [], [])
        with_place = "venue" in changes
        before = _snapshot(row, with_place=with_place)
        was_cancelled = row.is_cancelled
        for name, value in changes.items():
            setattr(row, name, value)
        if {"start", "end", "venue"} & changes.keys():
            row.modified = True
        if "capacity" in changes:
            row.capacity_overridden = True
        update = [*changes, "modified", "capacity_overridden", "updated_at"]
        if set(SHOWN_IN_CALENDARS) & changes.keys():
            row.sequence += 1
            update.append("sequence")
        row.save(update_fields=update)
        OccurrenceChange.objects.bulk_create(
            _history_entries(row, before, _snapshot(row, with_place=with_place), changes, by=by, now=now)
        )
        announced = _announcements(row, changes, was_cancelled, before["capacity"])
        for change in announced:
            announce_change(row, change)
    for name in (*EDITABLE, "modified", "capacity_overridden", "sequence", "seats_taken", "updated_at"):
        setattr(occurrence, name, getattr(row, name))
    return ChangedDate(row, list(changes), announced)


def _announcements(row, changes, was_cancelled, capacity_before):
    """What registered people need to hear of: 'cancelled', 'moved' and/or 'capacity'."""
    if row.is_cancelled:
        return ["cancelled"] if not was_cancelled else []
    found = []
    if {"start", "end", "venue"} & changes.keys():
        found.append("moved")
    if "capacity" in changes and has_more_places(capacity_before, row.capacity):
        found.append("capacity")
    return found


def _snapshot(row, *, with_place=False):
    """The values a date's history shows; the place's name only when asked (it may cost a query)."""
    values = {
        "start": row.start.isoformat(), "end": row.end.isoformat(), "status": row.status, "note": row.status_note,
        "venue": row.venue_id, "capacity": row.capacity,
    }
    if with_place:
        values["place"] = row.place.name if row.place else ""
    return values


def _who(user):
    if user is None or not user.is_authenticated:
        return None, ""
    return user, user.get_full_name() or user.get_username()


def _history_entries(row, before, after, changed, *, by, now):
    """One OccurrenceChange per kind of change, with only the values that kind shows."""
    Action = OccurrenceChange.Action
    kinds = []
    if "status" in changed:
        kinds.append((Action.CANCELLED if row.is_cancelled else Action.REINSTATED, ("status", "note")))
    elif "status_note" in changed:
        kinds.append((Action.NOTE, ("note",)))
    if {"start", "end"} & set(changed):
        kinds.append((Action.MOVED, ("start", "end")))
    if "venue" in changed:
        kinds.append((Action.VENUE, ("venue", "place")))
    if "capacity" in changed:
        kinds.append((Action.CAPACITY, ("capacity",)))
    user, name = _who(by)
    return [
        OccurrenceChange(
            occurrence=row, at=now, by=user, by_name=name, action=action,
            before={key: before[key] for key in keys}, after={key: after[key] for key in keys},
        )
        for action, keys in kinds
    ]


def cancel_occurrence(occurrence, *, note="", by=None, now=None):
    """Cancel a date (see change_occurrence); refused when it is cancelled already."""
    with transaction.atomic():
        status = Occurrence.objects.select_for_update(of=("self",)).values_list("status", flat=True).get(
            pk=occurrence.pk
        )
        if status == Occurrence.Status.CANCELLED:
            raise EventsError("already_cancelled", _("This date is already cancelled."))
        change_occurrence(occurrence, by=by, status=Occurrence.Status.CANCELLED, status_note=note, now=now)
    return occurrence
