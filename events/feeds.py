"""The programme as a calendar feed that Google, Apple, Outlook and Thunderbird show correctly.

A series is one VEVENT with its RRULE (the stored rule, UNTIL in UTC) starting at its first
date. The dates that differ from the rule come from the few rows that are exceptions:
- a cancelled date, and a day excluded from the series, is an EXDATE on the series (some
  clients hide a STATUS:CANCELLED override, others show it, so the date is simply left out);
- a date moved, given another end or another venue is a VEVENT of its own with the series'
  UID and RECURRENCE-ID = where the rule put it (Occurrence.recurrence_id);
- a one-off event is a plain VEVENT, and a cancelled one stays, with STATUS:CANCELLED.
A date with only another number of places is not an exception: nothing a calendar shows changes.
Dates beyond the materialised horizon follow the rule, as do past rule dates without a row.

SEQUENCE needs no counter of its own: a series counts its own changes (Series.sequence) plus
every change of any of its dates (each bump of Occurrence.sequence), so cancelling a date, which
adds an EXDATE, raises it; a moved date counts the series' changes plus its own. (It could only
fall if re-syncing a changed rule deleted dates that had themselves been changed by hand.)

The whole feed is built from a constant number of queries (series, their audiences, their
excluded days, the exceptional rows) and cached under `feed_version()` and the filter, so a
subscribed calendar that asks again with If-None-Match costs one query and gets a 304. The
ETag is a hash of the bytes: a rebuild that changes nothing keeps it.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _

from . import ical
from .cache import TIMEOUT, table_summary
from .forms import ProgrammeFilterForm
from .models import Audience, ExcludedDate, FeedState, Kind, Occurrence, Series, Venue
from .recurrence import PRAGUE, RuleError, _explicit_parts, join_rule, local_starts, split_rule, to_aware, to_local

CONTENT_TYPE = "text/calendar; charset=utf-8"
FILTERS = ("audience", "kind", "venue", "series")


@dataclass(frozen=True)
class Feed:
    """A built feed: its bytes, their ETag and the newest DTSTAMP in it (for Last-Modified)."""

    body: bytes
    etag: str
    last_modified: datetime | None

    def since(self, moment):
        return Feed(self.body, self.etag, moment)

    @classmethod
    def of(cls, calendar, last_modified):
        return cls.of_parts(calendar, [], last_modified)

    @classmethod
    def of_parts(cls, calendar, components, last_modified):
        """`calendar` with already serialised components (bytes) added at its end."""
        body = calendar.to_ical()
        if components:
            end = b"END:VCALENDAR\r\n"
            body = body[: -len(end)] + b"".join(components) + end
        return cls(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', last_modified)


def feed_response(request, feed, *, private=False, filename="program.ics", body=None):
    """The feed, or 304 with no body when the client's If-None-Match (or If-Modified-Since) still matches.

    `feed` needs only `etag` and `last_modified` when `body` (a callable) supplies the bytes:
    a 304 then never loads them.
    """
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["ETag"] = feed.etag
    timestamp = None
    if feed.last_modified is not None:
        timestamp = int(feed.last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "private, no-cache" if private else "public, max-age=900"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["X-Robots-Tag"] = "noindex"
    conditional = get_conditional_response(request, etag=feed.etag, last_modified=timestamp, response=response)
    if conditional is response:
        response.content = body() if body else feed.body
    return conditional


def refusal(message, status=400):
    """A short answer a person can read when they paste a wrong address; calendar apps show the status."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class FeedFilterForm(ProgrammeFilterForm):
    """The programme's filters that make sense for a subscription: for whom, what kind, where, which event.

    The same fields and messages as the programme page and the API; a range of days or "free
    places only" do not belong in a calendar that keeps itself up to date.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from", "to", "has_free_places"):
            del self.fields[name]


def feed_query(filters):
    """The feed's query string for cleaned filters (model instances or a kind), in a fixed order."""
    values = {}
    for name in FILTERS:
        value = filters.get(name)
        if value:
            values[name] = getattr(value, "slug", value)
    return urlencode(values)


def subscription(query=""):
    """Addresses for the subscribe box: https (to copy) and webcal:// (opens the calendar app)."""
    url = ical.absolute(reverse("events:programme_feed")) + (f"?{query}" if query else "")
    return {"https": url, "webcal": ical.webcal(url)}


def programme_feed_response(request):
    """The public feed, answered from the cache while the programme and the filter are the same.

    The cache holds a small head (ETag, Last-Modified, or the refusal of a wrong filter) and
    the body apart, so a 304 costs the version query and one small cache read.
    """
    raw = {name: request.GET.get(name, "").strip() for name in FILTERS}
    key = "feed:programme:" + hashlib.sha256(
        "\n".join([translation.get_language(), urlencode(raw), feed_version()]).encode()
    ).hexdigest()
    head = cache.get(key)
    if head is None:
        head = _build_and_keep(key, raw)
    if isinstance(head, str):
        return refusal(head)
    if isinstance(head, Feed):
        return feed_response(request, head)

    def body():
        stored = cache.get(key + ":body")
        if stored is None:  # evicted on its own: build again (an unchanged programme gives the same bytes)
            stored = _build_and_keep(key, raw).body
        return stored

    return feed_response(request, head, body=body)


@dataclass(frozen=True)
class _Head:
    etag: str
    last_modified: datetime | None


def _build_and_keep(key, raw):
    """Build the feed for the raw filter values and cache it: the Feed, or the refusal's text."""
    form = FeedFilterForm({name: value for name, value in raw.items() if value})
    if not form.is_valid():
        refused = form.error_text()
        cache.set(key, refused, TIMEOUT)
        return refused
    feed = build_programme_feed(form.cleaned_data)
    history_key = "programme:" + hashlib.sha256(
        "\n".join([translation.get_language(), urlencode(raw)]).encode()
    ).hexdigest()[:40]
    feed = feed.since(content_since(history_key, feed.etag, feed.last_modified))
    cache.set_many({key: _Head(feed.etag, feed.last_modified), key + ":body": feed.body}, TIMEOUT)
    return feed


def content_since(key, etag, newest_stamp):
    """Since when the feed under `key` has been what `etag` names: its Last-Modified.

    The newest DTSTAMP does not move when an event leaves a feed, so a client asking with
    If-Modified-Since would be told nothing changed and keep the event. The moment the bytes
    changed is kept in the database, where every web server reads the same one; it always moves
    forward by at least a second, the resolution of HTTP dates. A feed seen for the first time
    takes its newest DTSTAMP (nobody can hold an older copy of a feed nobody has read).
    """
    now = timezone.now()
    state = FeedState.objects.filter(key=key).first()
    if state is not None and state.etag == etag:
        return state.changed_at
    if state is None:
        changed_at = newest_stamp or now
        # Two servers seeing a new feed at once both write the same kind of answer; one stays.
        FeedState.objects.bulk_create([FeedState(key=key, etag=etag, changed_at=changed_at)], ignore_conflicts=True)
        return changed_at
    whole_second = now.replace(microsecond=0) + timedelta(seconds=1)
    changed_at = max(whole_second, state.changed_at.replace(microsecond=0) + timedelta(seconds=1))
    FeedState.objects.filter(key=key).update(etag=etag, changed_at=changed_at)
    return changed_at


def feed_version():
    """Changes whenever something a feed shows may have changed, in one query; registrations do not move it.

    Every change of a date that a calendar shows (moved, cancelled, another venue or end, a new
    note) raises its `sequence` (the admin form and events.services do), and the rule creates
    and deletes rows; series, their audiences and excluded days, and venues change with an
    `updated_at`. Places taken touch a date's `updated_at` but not its sequence, so the feed is
    not rebuilt for every registration, as the pages' programme_version() would have it.
    Renaming an audience moves its `updated_at` (and the series' SEQUENCE, events.receivers).
    """
    return table_summary(
        ("COUNT", Occurrence, "*"), ("SUM", Occurrence, "sequence"), ("MAX", Series, "updated_at"),
        ("COUNT", Series, "*"), ("MAX", Venue, "updated_at"), ("COUNT", Audience, "*"),
        ("MAX", Audience, "updated_at"), ("COUNT", ExcludedDate, "*"),
    )


def build_programme_feed(filters):
    """The published programme matching `filters` (cleaned FeedFilterForm data) as a Feed.

    Each series' VEVENTs are serialised once and kept in the cache under a fingerprint of
    everything they show, so a rebuild after a change (a registration touches its date) only
    serialises the series that really changed.
    """
    venue = filters.get("venue")
    series_list = list(_selected_series(filters))
    ids = [series.pk for series in series_list]
    categories, excluded = _by_series(ids, _audience_names(ids)), _by_series(ids, _excluded_days(ids))
    publications = {series.pk: publication(series, excluded[series.pk]) for series in series_list}
    rows = _by_series(ids, ((row.series_id, row) for row in _exceptional_rows(series_list, publications)))
    keys = {
        series.pk: _fragment_key(series, categories[series.pk], excluded[series.pk], rows[series.pk], venue)
        for series in series_list
    }
    stored = cache.get_many(list(keys.values()))
    fresh = {}
    urls = _UrlMaker()
    for series in series_list:
        key = keys[series.pk]
        if key not in stored:
            events = series_events(
                series, rows[series.pk], venue=venue, categories=categories[series.pk],
                excluded=excluded[series.pk], urls=urls, published=publications[series.pk],
            )
            fresh[key] = stored[key] = (
                b"".join(event.to_ical() for event in events), max((event.DTSTAMP for event in events), default=None)
            )
    if fresh:
        cache.set_many(fresh, FRAGMENT_TIMEOUT)
    calendar = ical.feed_calendar(
        _feed_name(filters), uid=ical.uid("programme", feed_query(filters) or "all"),
        description=settings.SPOLU_DEPARTMENT_NAME,
    )
    fragments = [stored[keys[series.pk]] for series in series_list]
    stamps = [stamp for _body, stamp in fragments if stamp is not None]
    return Feed.of_parts(calendar, [body for body, _stamp in fragments], max(stamps, default=None))


# Part of every fragment's key: change it when the way a series is written out changes.
FRAGMENT_FORMAT = "2"
# A fragment's key is a fingerprint of everything in it, so it never goes stale; it only expires.
FRAGMENT_TIMEOUT = 24 * 3600


def _fragment_key(series, categories, excluded, rows, venue):
    venue_of_series = series.venue
    inputs = (
        FRAGMENT_FORMAT, timezone.now().year, translation.get_language(), settings.SITE_URL,
        settings.SPOLU_DEPARTMENT_NAME,
        settings.SPOLU_DEPARTMENT_EMAIL, venue.pk if venue else None,
        [getattr(series, field.attname) for field in Series._meta.concrete_fields], series.date_changes,
        [getattr(venue_of_series, field.attname) for field in venue_of_series._meta.concrete_fields],
        categories, excluded,
        [
            (row.pk, row.recurrence_id, row.start, row.end, row.status, row.status_note, row.venue_id,
             row.sequence, row.updated_at, row.venue.updated_at if row.venue else None)
            for row in rows
        ],
    )
    return "feed:series:" + hashlib.sha256(repr(inputs).encode()).hexdigest()


def _by_series(ids, pairs):
    grouped = {pk: [] for pk in ids}
    for series_id, value in pairs:
        grouped[series_id].append(value)
    return grouped


def _audience_names(ids):
    through = Series.audiences.through
    return (
        through.objects.filter(series_id__in=ids)
        .order_by("series_id", "audience__position", "audience__name")
        .values_list("series_id", "audience__name")
    )


def _excluded_days(ids):
    return ExcludedDate.objects.filter(series_id__in=ids).order_by("series_id", "date").values_list("series_id", "date")


def _feed_name(filters):
    parts = [
        filters["audience"].name if filters.get("audience") else "",
        Kind(filters["kind"]).label if filters.get("kind") else "",
        filters["venue"].name if filters.get("venue") else "",
        filters["series"].title if filters.get("series") else "",
    ]
    chosen = ", ".join(str(part) for part in parts if part)
    return f"{_('Programme')}: {chosen}" if chosen else str(_("Programme"))


def _selected_series(filters):
    date_changes = (
        Occurrence.objects.filter(series=OuterRef("pk")).order_by().values("series")
        .annotate(total=Sum("sequence")).values("total")
    )
    series = Series.objects.filter(published=True)
    if filters.get("audience"):
        series = series.filter(audiences=filters["audience"])
    if filters.get("kind"):
        series = series.filter(kind=filters["kind"])
    if filters.get("series"):
        series = series.filter(pk=filters["series"].pk)
    if filters.get("venue"):
        venue = filters["venue"]
        # A series elsewhere still has a date here when that one date moved here.
        series = series.filter(Q(venue=venue) | Q(occurrences__venue=venue)).distinct()
    return (
        series.select_related("venue")
        .annotate(date_changes=Coalesce(Subquery(date_changes, output_field=IntegerField()), 0))
        .order_by("pk")
    )


def _exceptional_rows(series_list, publications):
    """The only rows the feed needs: dates that differ from what the published rule alone gives.

    Besides the rows changed by hand, cancelled or with a note for visitors, that is every row
    spanning a clock change (a night dance over the last Saturday of March): the site puts its end
    in wall-clock time, and a client adding DTEND - DTSTART as elapsed time would put it an hour
    off, so such a date is written out in full. A series that goes out as its dates needs all of
    its rows, and one whose rule is published from a later date (see `publication`) the rows
    before that date, which happened as they were.
    """
    differs = (
        Q(status=Occurrence.Status.CANCELLED) | Q(modified=True) | Q(venue__isnull=False)
        | ~Q(start=F("recurrence_id")) | Q(series__recurrence="") | ~Q(status_note="")
    )
    if series_list:
        earliest = min(series.starts_on for series in series_list)
        for change in clock_changes(earliest.year, timezone.now().year + CLOCK_CHANGE_YEARS):
            differs |= Q(start__lt=change, end__gt=change)
    as_dates = [pk for pk, published in publications.items() if published.as_dates]
    if as_dates:
        differs |= Q(series_id__in=as_dates)
    for pk, published in publications.items():
        if published.start is not None and published.start > published.first:
            differs |= Q(series_id=pk, recurrence_id__lt=published.start)
    return (
        Occurrence.objects.filter(series__in=[series.pk for series in series_list]).filter(differs)
        .select_related("venue").order_by("series_id", "recurrence_id", "pk")
    )


# How many years ahead dates spanning a clock change are written out with their wall-clock end.
CLOCK_CHANGE_YEARS = 3


@lru_cache(maxsize=16)
def clock_changes(first_year, last_year):
    """The moments (UTC, on the hour) Prague's clocks change in those years, read from zoneinfo."""
    changes = []
    day = datetime(first_year, 1, 1, tzinfo=UTC)
    offset = day.astimezone(PRAGUE).utcoffset()
    while day.year <= last_year:
        following = day + timedelta(days=1)
        if following.astimezone(PRAGUE).utcoffset() != offset:
            moment = day
            while moment.astimezone(PRAGUE).utcoffset() == offset:
                moment += timedelta(hours=1)
            changes.append(moment)
            offset = following.astimezone(PRAGUE).utcoffset()
        day = following
    return tuple(changes)


class _UrlMaker:
    """Page addresses without a URL resolver call per row: one reverse() per pattern per build."""

    PLACEHOLDER_SLUG = "slug-placeholder"
    PLACEHOLDER_PK = 987654321

    def __init__(self):
        series_url = ical.absolute(reverse("events:series", kwargs={"slug": self.PLACEHOLDER_SLUG}))
        self.series_parts = series_url.split(self.PLACEHOLDER_SLUG)
        date_url = ical.absolute(
            reverse("events:occurrence", kwargs={"slug": self.PLACEHOLDER_SLUG, "pk": self.PLACEHOLDER_PK})
        )
        before, after = date_url.split(self.PLACEHOLDER_SLUG)
        self.date_parts = (before, *after.split(str(self.PLACEHOLDER_PK)))

    def series(self, series):
        before, after = self.series_parts
        return f"{before}{series.slug}{after}"

    def date(self, series, occurrence):
        before, middle, after = self.date_parts
        return f"{before}{series.slug}{middle}{occurrence.pk}{after}"


@dataclass(frozen=True)
class Publication:
    """How a series goes out: its rule from `start` (an aware DTSTART, `rule` adjusted to start
    there), or, when `start` is None, its dates one by one."""

    first: datetime | None
    start: datetime | None = None
    rule: str = ""

    @property
    def as_dates(self):
        return self.start is None


def publication(series, excluded=()):
    """Decide, per series, what every calendar app shows alike.

    The rule goes out only when the major apps expand it alike (ical.portable_rule) and its first
    published date does not span a clock change: every other date takes DTEND - DTSTART from that
    one, as elapsed time in some apps and as wall-clock time in others, so the first date's length
    must be the same both ways. After the schedule changed with dates already past
    (Series.rule_since), the rule is published from its first date since then; the dates before
    go out as they happened. Otherwise the series goes out as its dates.
    """
    first = ical.first_start(series)
    if not series.recurrence:
        return Publication(first, first, "")
    first_local = series.first_start_local
    if not ical.portable_rule(series.recurrence, first_local):
        return Publication(first)
    since = first_local if series.rule_since is None else max(first_local, to_local(series.rule_since))
    starts = local_starts(series.recurrence, first_local, after=since, excluded=excluded, limit=1)
    if not starts:
        return Publication(first)
    try:
        start = to_aware(starts[0])
    except RuleError:
        return Publication(first)
    if ical.spans_clock_change(start, series.duration):
        return Publication(first)
    return Publication(first, start, _rule_from(series.recurrence, first_local, starts[0]))


def _rule_from(rule, first_local, start_local):
    """The same rule with a later first date in step with it: the parts dateutil would take from
    the old first date are written out, and COUNT no longer counts the dates before."""
    if start_local == first_local:
        return rule
    parts = split_rule(rule)
    written_out = _explicit_parts(parts, first_local)
    if "COUNT" in parts:
        before = len(local_starts(rule, first_local, before=start_local))
        written_out["COUNT"] = str(int(parts["COUNT"]) - before)
    if "UNTIL" in parts:
        written_out["UNTIL"] = parts["UNTIL"]
    ordered = {"FREQ": written_out.pop("FREQ")}
    ordered.update(sorted(written_out.items()))
    return join_rule(ordered)


def series_events(series, rows, *, venue=None, categories=(), excluded=(), urls=None, published=None):
    """The VEVENTs of one series: the series with its rule and the dates that differ from it, or
    (see `publication`) its dates one by one.

    `rows` are the series' exceptional rows (see _exceptional_rows), `categories` the names of
    its audiences and `excluded` its excluded days. With `venue`, the feed shows only what
    happens there: a date moved elsewhere is left out, and a date of another series moved here
    is a VEVENT of its own.
    """
    urls = urls or _UrlMaker()
    published = published or publication(series, excluded)
    at_venue = venue is None or series.venue_id == venue.pk

    def here(row):
        return venue is None or (row.venue_id or series.venue_id) == venue.pk

    if not at_venue:
        return [_own_date(series, row, categories, urls) for row in rows if here(row)]
    if not series.recurrence:
        return _one_off(series, rows, published.first, categories, urls, here)
    if published.as_dates:
        return [_own_date(series, row, categories, urls) for row in rows if here(row) and not row.is_cancelled]

    start = published.start
    exdates, overrides, own_dates, exdate_stamps = set(), [], [], []
    for row in rows:
        if not _follows_rule(series, row, start):
            # A date from before the rule was published as it is now: it happened on its own.
            if here(row) and not row.is_cancelled:
                own_dates.append(_own_date(series, row, categories, urls))
        elif row.is_cancelled or not here(row):
            exdates.add(row.recurrence_id)
            exdate_stamps.append(row.updated_at)
        elif _differs_from_rule(series, row):
            overrides.append(_moved_date(series, row, categories, urls))
    for day in excluded:
        excluded_start = ical.excluded_start(series, day)
        if excluded_start is not None and excluded_start > start:
            exdates.add(excluded_start)
    with_rows = {row.recurrence_id for row in rows}
    overrides += [
        _rule_date_without_row(series, moment, categories, urls, recurrence_id=moment)
        for moment in _rule_dates_over_clock_changes(series, published, excluded)
        if moment not in with_rows
    ]

    master = ical.vevent(
        uid=ical.series_uid(series),
        stamp=max([series.updated_at, series.venue.updated_at, *exdate_stamps]),
        start=start,
        # The first date does not span a clock change (see `publication`), so its DTEND means the
        # same to clients that read it as elapsed time and to those that read wall-clock time.
        end=ical.wall_clock_end(start, series.duration),
        rrule=published.rule,
        exdates=exdates,
        summary=series.title,
        place=series.venue,
        sequence=series.sequence + series.date_changes,
        description=ical.event_description(series, series.venue, url=urls.series(series)),
        url=urls.series(series),
        categories=categories,
    )
    return [master, *overrides, *own_dates]


def _rule_dates_over_clock_changes(series, published, excluded):
    """The rule's dates spanning a clock change up to the feed's reach (CLOCK_CHANGE_YEARS ahead),
    including those beyond the horizon that have no row yet."""
    first_local = series.first_start_local
    for change in clock_changes(published.start.year, timezone.now().year + CLOCK_CHANGE_YEARS):
        if change <= published.start:
            continue
        for local_start in local_starts(
            series.recurrence, first_local, after=to_local(change - series.duration), before=to_local(change),
            excluded=excluded,
        ):
            try:
                moment = to_aware(local_start)
            except RuleError:
                continue
            if moment < change and ical.spans_clock_change(moment, series.duration):
                yield moment


def _rule_date_without_row(series, start, categories, urls, *, recurrence_id=None):
    """A date the series' own schedule gives where no row exists yet (beyond the horizon), with its
    wall-clock end; its row, once made, gives the same event (same SEQUENCE, same times). As an
    override of the rule (`recurrence_id`) for a date over a clock change, or a one-off's own event."""
    url = urls.series(series)
    return ical.vevent(
        uid=ical.series_uid(series),
        recurrence_id=recurrence_id,
        stamp=max(series.updated_at, series.venue.updated_at),
        start=start,
        end=ical.wall_clock_end(start, series.duration),
        summary=series.title,
        place=series.venue,
        sequence=series.sequence,
        description=ical.event_description(series, series.venue, url=url),
        url=url,
        categories=categories,
    )


def _follows_rule(series, row, start):
    """Cheap test that the row's original start is one the published rule gives.

    Rows the rule no longer wants are deleted or cancelled by sync_occurrences, so an
    exceptional row that is not cancelled is a rule date; what remains to catch are rows from
    before the published first date and rows left from an earlier time of day.
    """
    return row.recurrence_id >= start and ical.in_prague(row.recurrence_id).time() == series.start_time


def _differs_from_rule(series, row):
    expected_ends = (
        ical.wall_clock_end(row.recurrence_id, series.duration), ical.exact_end(row.recurrence_id, series.duration)
    )
    return (
        row.start != row.recurrence_id
        or any(row.end != end for end in expected_ends)
        or (row.venue_id is not None and row.venue_id != series.venue_id)
        or bool(row.status_note)
    )


def _stamp(series, row):
    return max(series.updated_at, row.updated_at, (row.venue or series.venue).updated_at)


def _moved_date(series, row, categories, urls):
    place = row.venue or series.venue
    url = urls.date(series, row)
    return ical.vevent(
        uid=ical.series_uid(series),
        recurrence_id=row.recurrence_id,
        stamp=_stamp(series, row),
        start=row.start,
        end=row.end,
        summary=series.title,
        place=place,
        sequence=series.sequence + row.sequence,
        description=ical.event_description(series, place, first_lines=ical.change_lines(row), url=url),
        url=url,
        categories=categories,
    )


def _own_date(series, row, categories, urls, uid=None):
    """A date as a VEVENT of its own; cancelled, it stays with STATUS:CANCELLED."""
    place = row.venue or series.venue
    url = urls.date(series, row)
    return ical.vevent(
        uid=uid or ical.occurrence_uid(row),
        stamp=_stamp(series, row),
        start=row.start,
        end=row.end,
        summary=_("Cancelled: %(title)s") % {"title": series.title} if row.is_cancelled else series.title,
        status="CANCELLED" if row.is_cancelled else "CONFIRMED",
        place=place,
        sequence=series.sequence + row.sequence,
        description=ical.event_description(
            series, place, first_lines=ical.change_lines(row), url=url, about_registration=not row.is_cancelled,
        ),
        url=url,
        categories=categories,
    )


def _one_off(series, rows, first, categories, urls, here):
    """A one-off event: its date's row when it has one, else (beyond the horizon) the series' own date."""
    events = []
    own = None
    for row in rows:
        if row.recurrence_id == first:
            own = row
        elif here(row) and not row.is_cancelled:
            events.append(_own_date(series, row, categories, urls))
    if own is not None:
        if here(own):
            events.insert(0, _own_date(series, own, categories, urls, uid=ical.series_uid(series)))
        return events
    events.insert(0, _rule_date_without_row(series, first, categories, urls))
    return events
