"""How a drive's collection hours reach the programme and the calendar feeds.

`events` knows nothing of drives: a drive writes its hours into the programme as event series
of kind "collection" (sbírka), through the same `validate_schedule` and `series_changed` that
staff use for any series. The mapping:

- each weekly slot of a collection point (OpeningHours: Tuesday 9:00–12:00) is one weekly
  series at the point's venue, from the slot's first day in the drive to the drive's last
  day (RRULE FREQ=WEEKLY;BYDAY=TU;UNTIL=<last day>), so a calendar shows one repeating event;
- a day the point is closed, or open at other hours, is an ExcludedDate of the weekly series
  of that weekday (an EXDATE in the feeds);
- a day with special hours is also a one-off series of its own at those hours;
- the series are published while the drive runs; a prepared or closed drive keeps them
  unpublished, so they leave the programme and the feeds when the drive closes;
- `DriveSeries` links each series to its slot or day; a slot or day that is gone takes its
  series with it. The series' title, text, venue and times are the drive's: changes made to
  them by hand are overwritten by the next change of the hours.

`sync_drive_series(drive)` is called by every service that changes a point, its hours or the
drive's dates and status, inside the same transaction.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from events.ical import absolute
from events.models import ExcludedDate, Kind, Series
from events.services import series_changed, validate_schedule

from .models import DriveSeries

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _first_weekday_on_or_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _duration(opens, closes):
    return datetime.combine(datetime.min, closes) - datetime.combine(datetime.min, opens)


def _description(drive, point):
    lines = []
    if drive.description:
        lines.append(drive.description.strip().split("\n\n")[0][:500])
    accepted = [need.name for need in point.accepts.all()]
    if accepted:
        lines.append(_("Accepted here: %(things)s.") % {"things": ", ".join(accepted)})
    else:
        lines.append(_("Accepted here: everything the drive collects."))
    if point.note:
        lines.append(point.note)
    lines.append(_("What is needed most and how far the drive has come: %(url)s") % {
        "url": absolute(drive.get_absolute_url()),
    })
    return "\n\n".join(lines)


def _common(drive, point):
    return {
        "title": f"{drive.title} · {point.venue.name}"[:200],
        "description": _description(drive, point),
        "kind": Kind.COLLECTION,
        "venue_id": point.venue_id,
        "published": drive.is_running,
        "registration_required": False,
        "capacity": None,
        "waiting_list": False,
        "price_note": "",
    }


def _weekly_spec(drive, point, hours, closed_days):
    first = _first_weekday_on_or_after(drive.starts_on, hours.weekday)
    if first > drive.ends_on:
        return None
    return {
        **_common(drive, point),
        "slug": f"sbirka-{drive.slug}-h{hours.pk}",
        "starts_on": first,
        "start_time": hours.opens,
        "duration": _duration(hours.opens, hours.closes),
        "recurrence": f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[hours.weekday]};UNTIL={drive.ends_on:%Y%m%d}",
        "excluded": {day: note for day, note in closed_days.items() if day.weekday() == hours.weekday},
    }


def _special_spec(drive, point, exception):
    return {
        **_common(drive, point),
        "slug": f"sbirka-{drive.slug}-x{exception.pk}",
        "starts_on": exception.date,
        "start_time": exception.opens,
        "duration": _duration(exception.opens, exception.closes),
        "recurrence": "",
        "excluded": {},
    }


def _apply(spec, link, *, drive, point, hours=None, exception=None):
    """Create or update the series of one slot; resync its dates only when something changed."""
    excluded = spec.pop("excluded")
    spec["recurrence"] = validate_schedule(
        recurrence=spec["recurrence"], starts_on=spec["starts_on"], start_time=spec["start_time"],
        duration=spec["duration"], excluded=excluded,
    )
    series = link.series if link else None
    if series is None:
        series = Series(**spec)
        series.save()
        link = DriveSeries.objects.create(drive=drive, point=point, hours=hours, exception=exception, series=series)
        changed = True
    else:
        changed = False
        for name, value in spec.items():
            if getattr(series, name) != value:
                setattr(series, name, value)
                changed = True
    existing = {row.date: row for row in series.excluded_dates.all()}
    if set(existing) != set(excluded) or any(existing[day].reason != excluded[day] for day in existing):
        ExcludedDate.objects.filter(series=series).delete()
        ExcludedDate.objects.bulk_create(
            [ExcludedDate(series=series, date=day, reason=reason[:200]) for day, reason in sorted(excluded.items())]
        )
        changed = True
    if changed:
        # save() touches updated_at, which the cached pages and feeds read as their version.
        series.save()
        series_changed(series)
    return link


@transaction.atomic
def sync_drive_series(drive):
    """Make the drive's collection series match its points, hours, exceptions, dates and status.

    Raises events.recurrence.RuleError when a slot cannot be scheduled (a time that does not
    exist in Prague); the caller's transaction then changes nothing.
    """
    with translation.override(settings.LANGUAGE_CODE):
        links = list(drive.series_links.select_related("series").prefetch_related("series__excluded_dates"))
        by_hours = {link.hours_id: link for link in links if link.hours_id}
        by_exception = {link.exception_id: link for link in links if link.exception_id}
        kept = set()
        points = drive.points.select_related("venue").prefetch_related("hours", "exceptions", "accepts")
        for point in points:
            in_drive = [e for e in point.exceptions.all() if drive.starts_on <= e.date <= drive.ends_on]
            differing_days = {
                exception.date: exception.note or (_("closed") if exception.closed else _("other hours"))
                for exception in in_drive
            }
            for hours in point.hours.all():
                spec = _weekly_spec(drive, point, hours, differing_days)
                if spec is not None:
                    link = _apply(spec, by_hours.get(hours.pk), drive=drive, point=point, hours=hours)
                    kept.add(link.pk)
            for exception in in_drive:
                if not exception.closed:
                    link = _apply(_special_spec(drive, point, exception), by_exception.get(exception.pk),
                                  drive=drive, point=point, exception=exception)
                    kept.add(link.pk)
        gone = [link.series_id for link in links if link.pk not in kept]
        if gone:
            Series.objects.filter(pk__in=gone).delete()


def delete_series_of(drive=None, point=None):
    """Remove the programme series of a drive or a point that is being deleted."""
    links = DriveSeries.objects.all()
    if drive is not None:
        links = links.filter(drive=drive)
    if point is not None:
        links = links.filter(point=point)
    Series.objects.filter(pk__in=list(links.values_list("series_id", flat=True))).delete()
