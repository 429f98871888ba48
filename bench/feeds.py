"""The public calendar feed with 50 series and ~3,000 dates: a fresh build and a 304, against a trivial view.

The programme is seeded the way staff make it (rules validated by `validate_schedule`, dates
materialised by `sync_occurrences` over the whole horizon), then a dozen dates are moved (an
hour later, or to another venue) and every hundredth date is cancelled, so the feed has
overrides with RECURRENCE-ID and EXDATE lines besides the fifty RRULEs.

Figures, each as a ratio to the trivial view measured in the same interleaved rounds:
- a fresh build: the cache is emptied before every request, so each one queries and serialises;
- a new subscriber while nothing changed: the same bytes from the cache, 200 with a body;
- a subscribed calendar asking again with If-None-Match: 304, no body (one query);
- after someone registers: the seat count is not in the feed, so the feed's version (unlike
  the pages' programme_version) stays and the cached bytes are served, same ETag;
- after staff change one date: the feed is rebuilt, but only that series is serialised again;
  the other 49 come from the per-series cache.
"""

import statistics
import time
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench._harness import ITERATIONS, WARMUP, Figures
from bench._urls import TRIVIAL_PATH
from bench.programme import SERIES, seed_series
from events.models import Occurrence

FEED = "/feeds/program.ics"
MOVED = 12
BUILD_GOAL = 10.0
NOT_MODIFIED_GOAL = 2.0


def run():
    started = time.perf_counter()
    total = seed()
    print(f"  seeded {SERIES} series with {total} dates, {MOVED} moved and"
          f" {Occurrence.objects.filter(status=Occurrence.Status.CANCELLED).count()} cancelled"
          f" in {time.perf_counter() - started:.1f} s")
    client = Client()
    first = client.get(FEED)
    etag = first["ETag"]
    body = first.content
    print(f"  the feed: {len(body) // 1024} KiB, {body.count(b'BEGIN:VEVENT')} VEVENTs"
          f" ({body.count(b'RECURRENCE-ID')} with RECURRENCE-ID), {body.count(b'EXDATE')} EXDATE lines")

    def empty_cache():
        cache.clear()

    some_date = Occurrence.objects.filter(status=Occurrence.Status.SCHEDULED).order_by("start").first()

    def someone_registered():
        # What a registration does to the programme: it takes a seat and touches the date.
        Occurrence.objects.filter(pk=some_date.pk).update(seats_taken=F("seats_taken") + 1, updated_at=Now())

    def a_date_changed():
        # What staff do in the admin: a new note for visitors raises the date's SEQUENCE.
        Occurrence.objects.filter(pk=some_date.pk).update(
            status_note=f"Změna {time.perf_counter()}", sequence=F("sequence") + 1, updated_at=Now(),
        )

    cases = [  # (figures, request headers, what happens before each request, goal)
        (Figures("trivial view (the yardstick)", TRIVIAL_PATH), {}, None, None),
        (Figures("fresh build (cache emptied)", FEED), {}, empty_cache, BUILD_GOAL),
        (Figures("after a registration", FEED), {}, someone_registered, BUILD_GOAL),
        (Figures("new subscriber, from the cache", FEED), {}, None, None),
        (Figures("304 with If-None-Match", FEED), lambda: {"HTTP_IF_NONE_MATCH": current_etag()}, None,
         NOT_MODIFIED_GOAL),
        (Figures("rebuild after a date changed", FEED), {}, a_date_changed, BUILD_GOAL),
    ]

    def current_etag():
        # The cases above change the programme every round; ask (untimed) what the ETag is now.
        return client.get(FEED)["ETag"]

    for figures, headers, before, _goal in cases:
        if before:
            before()
        headers = headers() if callable(headers) else headers
        with CaptureQueriesContext(connection) as captured:
            response = client.get(figures.path, **headers)
        figures.status, figures.queries = response.status_code, len(captured)
        if figures.path == FEED and response.status_code == 200:
            same = response["ETag"] == etag
            figures.note = "same ETag as the first build" if same else "a new ETag: the feed changed"
    for _round in range(WARMUP + ITERATIONS):
        for figures, headers, before, _goal in cases:
            if before:
                before()
            headers = headers() if callable(headers) else headers
            started = time.perf_counter()
            client.get(figures.path, **headers)
            elapsed = (time.perf_counter() - started) * 1000
            if _round >= WARMUP:
                figures.samples_ms.append(elapsed)
    report(cases)


def report(cases):
    trivial = cases[0][0]
    header = f"  {'request':<34} {'status':>6} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'× trivial':>10}  goal"
    print(header)
    print("  " + "-" * (len(header) + 18))
    for figures, _headers, _before, goal in cases:
        ratio = figures.median / trivial.median
        verdict = ""
        if goal:
            verdict = f"within {goal:g}×: " + ("met" if ratio <= goal else f"not met ({ratio / goal:.1f}× over)")
        print(f"  {figures.label:<34} {figures.status:>6} {figures.median:>10.2f} {figures.p90:>8.2f}"
              f" {figures.queries:>8} {ratio:>10.1f}  {verdict}".rstrip())
        if figures.note:
            print(f"  {'':<34} {figures.note}")
    print(f"  ({len(trivial.samples_ms)} timed requests each after {WARMUP} warm-up rounds, interleaved;"
          f" ratio = median / median of the trivial view; spread of the trivial view:"
          f" {statistics.pstdev(trivial.samples_ms):.2f} ms)")


@transaction.atomic
def seed():
    venues = seed_series(description="Setkání pro všechny, kdo chtějí být spolu. " * 4, coordinates=True)
    dates = list(Occurrence.objects.order_by("start", "id"))
    step = len(dates) // MOVED
    for index, occurrence in enumerate(dates[step // 2::step][:MOVED]):
        if index % 2:
            occurrence.venue = venues[3]
        else:
            occurrence.start += timedelta(hours=1)
            occurrence.end += timedelta(hours=1)
        occurrence.modified = True
        occurrence.sequence += 1
        occurrence.save()
    Occurrence.objects.filter(pk__in=[o.pk for o in dates[7::100]]).update(
        status=Occurrence.Status.CANCELLED, status_note="Lektorka onemocněla.", sequence=F("sequence") + 1,
    )
    return len(dates)
