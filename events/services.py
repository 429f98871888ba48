"""The verbs of the programme: keep a series' dates in step with its rule."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.runner import run_job

from .models import Occurrence, Series
from .recurrence import RuleError, check_schedule, local_starts, normalize_rule, to_local
from .signals import occurrence_changed

logger = logging.getLogger(__name__)
HORIZON_JOB = "events.tasks.extend_horizons"


class EventsError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def validate_schedule(*, recurrence, starts_on, start_time, duration, excluded=(), now=None):
    """Return the canonical rule, or raise RuleError with a message for the person editing."""
    if duration is None or duration <= timedelta(0):
        raise RuleError(_("The duration must be longer than zero."))
    if duration > timedelta(days=14):
        raise RuleError(_("One date can last at most 14 days."))
    rule = normalize_rule(recurrence)
    check_schedule(
        rule, datetime.combine(starts_on, start_time),
        horizon_days=settings.SPOLU_HORIZON_DAYS, max_dates=settings.SPOLU_MAX_DATES_IN_HORIZON,
        now=now, excluded=excluded,
    )
    if duration >= timedelta(days=1) and rule.startswith("FREQ=DAILY"):
        raise RuleError(_("A daily event cannot last a day or longer: the dates would overlap."))
    return rule


def horizon_end(now=None):
    return (now or timezone.now()) + timedelta(days=settings.SPOLU_HORIZON_DAYS)


@transaction.atomic
def sync_occurrences(series, *, now=None, skipped=None):
    """Make the future dates of `series` match its rule up to the horizon.

    Dates the rule no longer gives are deleted, unless something (a registration) still
    points at them: such a date is cancelled instead and stays visible as cancelled.
    Dates changed by hand keep their own time and venue. Past dates are never touched.
    A date that cannot be made (its time does not exist or happens twice in Prague: refused
    when the rule is entered, but a row may come from elsewhere) is left out and the others
    are made; its reason is logged and added to the list `skipped`, when one is given.
    Returns (created, updated, removed, cancelled) counts.
    """
    now = now or timezone.now()
    series = Series.objects.select_for_update().get(pk=series.pk)
    wanted = {}
    for local_start in local_starts(
        series.recurrence, series.first_start_local,
        after=to_local(now), before=to_local(horizon_end(now)),
        excluded=series.excluded_date_set,
    ):
        try:
            occurrence = Occurrence.from_local_start(series, local_start)
        except RuleError as error:
            logger.warning("Series %s (#%s): date left out: %s", series.title, series.pk, error.message)
            if skipped is not None:
                skipped.append(error.message)
            continue
        wanted[occurrence.recurrence_id] = occurrence
    existing = {o.recurrence_id: o for o in series.occurrences.filter(recurrence_id__gte=now)}

    created = [occ for rid, occ in wanted.items() if rid not in existing]
    Occurrence.objects.bulk_create(created)

    updated = 0
    for rid, occurrence in existing.items():
        if rid in wanted:
            updated += _follow_series(occurrence, series)
    removed = cancelled = 0
    for rid, occurrence in existing.items():
        if rid not in wanted:
            if _delete_or_cancel(occurrence):
                removed += 1
            else:
                cancelled += 1
    return len(created), updated, removed, cancelled


def _follow_series(occurrence, series):
    """Carry series-level changes (duration, places) to a date not changed by hand."""
    changed = []
    previous_capacity = occurrence.capacity
    if not occurrence.modified and occurrence.end != occurrence.start + series.duration:
        occurrence.end = occurrence.start + series.duration
        changed.append("end")
    if not occurrence.capacity_overridden and occurrence.capacity != series.capacity:
        # Never below the places already taken: the registrations stay valid.
        capacity = series.capacity
        if capacity is not None:
            capacity = max(capacity, occurrence.seats_taken)
        if capacity != occurrence.capacity:
            occurrence.capacity = capacity
            changed.append("capacity")
    if changed:
        occurrence.sequence += 1
        occurrence.save(update_fields=[*changed, "sequence", "updated_at"])
        if has_more_places(previous_capacity, occurrence.capacity):
            announce_change(occurrence, "capacity")
    return int(bool(changed))


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


def _delete_or_cancel(occurrence):
    try:
        with transaction.atomic():
            occurrence.delete()
        return True
    except ProtectedError:
        if not occurrence.is_cancelled:
            occurrence.status = Occurrence.Status.CANCELLED
            occurrence.status_note = _("This date was removed from the programme.")
            occurrence.sequence += 1
            occurrence.save(update_fields=["status", "status_note", "sequence", "updated_at"])
            announce_change(occurrence, "cancelled")
        return False


def series_changed(series):
    """Call after a series' schedule or settings were saved: bump its SEQUENCE and resync."""
    Series.objects.filter(pk=series.pk).update(sequence=series.sequence + 1)
    series.sequence += 1
    return sync_occurrences(series)


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


@transaction.atomic
def cancel_occurrence(occurrence, *, note=""):
    if occurrence.is_cancelled:
        raise EventsError("already_cancelled", _("This date is already cancelled."))
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.status_note = note
    occurrence.sequence += 1
    occurrence.save(update_fields=["status", "status_note", "sequence", "updated_at"])
    announce_change(occurrence, "cancelled")
    return occurrence
