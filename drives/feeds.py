"""A drive's collection points as a calendar of their own: /sbirky/<slug>/kalendar.ics.

The programme no longer lists every collection hour (they buried the events), so whoever wants
to know when to bring things subscribes to the drive's calendar. It is built from the same
blocks as the programme's feed (events.feeds.series_events, feed_response): each weekly slot of
a point is one repeating event, a closed day an EXDATE, a day with other hours its own event.
A drive that is not running has no published series, so its calendar empties.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from events import feeds, ical
from events.models import Series

from .roles import get_public_drive


def drive_feed(request, slug):
    drive = get_public_drive(slug, request.user)
    feed = build_drive_feed(drive)
    key = f"drive:{drive.pk}:{translation.get_language()}"
    feed = feed.since(feeds.content_since(key, feed.etag, feed.last_modified))
    return feeds.feed_response(request, feed, filename=f"sbirka-{drive.slug}.ics")


def build_drive_feed(drive):
    """One query for the series, one for their excluded days, one for their dates."""
    series_list = list(
        Series.objects.filter(published=True, pk__in=drive.series_links.values("series_id"))
        .select_related("venue").prefetch_related("excluded_dates", "occurrences__venue").order_by("pk")
    )
    events = []
    for series in series_list:
        rows = list(series.occurrences.all())
        # What events.feeds' own query annotates: every change of a date raises the series' SEQUENCE.
        series.date_changes = sum(row.sequence for row in rows)
        excluded = [row.date for row in series.excluded_dates.all()]
        events += feeds.series_events(series, rows, excluded=excluded, published=feeds.publication(series, excluded))
    calendar = ical.feed_calendar(
        _("Collection points: %(drive)s") % {"drive": drive.title},
        uid=ical.uid("drive", drive.pk), description=settings.SPOLU_DEPARTMENT_NAME,
    )
    stamps = [event.DTSTAMP for event in events]
    return feeds.Feed.of_parts(calendar, [event.to_ical() for event in events], max(stamps, default=None))
