"""A registration rush over HTTP: many people register for one date at once, against a one-INSERT view.

One date of Oldies Goldies has 200 places and a waiting list. Sixteen clients, each with its own
keep-alive connection, send 800 registrations (distinct phone numbers, every fifth with a companion)
through `POST /api/v1/registrations/` to gunicorn, as another system or a crowd of browsers would.
The yardstick, under the same concurrency, is a view that reads the same JSON and does one INSERT:
the least any write costs on this machine and database. It runs before and after the rush, and
the two runs are pooled. Afterwards the database is asked whether a single seat was overbooked.

The server's registration limit per address is lifted (all clients are 127.0.0.1); everything else
is the site's production code path, including the ticket e-mail task queued on commit.
Environment: BENCH_RUSH_REQUESTS, BENCH_RUSH_CLIENTS, BENCH_RUSH_CAPACITY, BENCH_RUSH_WORKERS,
BENCH_RUSH_THREADS.
"""

import json
import os
import time as clock
from datetime import time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from bench._load import Run, Server, fire
from bench._server_urls import INSERT_PATH, create_insert_table, drop_insert_table
from events.models import Kind, Occurrence, Series, Venue
from events.services import sync_occurrences, validate_schedule
from registrations.models import Registration

REQUESTS = int(os.environ.get("BENCH_RUSH_REQUESTS", "800"))
CLIENTS = int(os.environ.get("BENCH_RUSH_CLIENTS", "16"))
CAPACITY = int(os.environ.get("BENCH_RUSH_CAPACITY", "200"))
WORKERS = int(os.environ.get("BENCH_RUSH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_RUSH_THREADS", "4"))
GOAL = 0.30
REGISTRATIONS_PATH = "/api/v1/registrations/"


def run():
    rush_date, warm_up_date = seed()
    database = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        print(f"  database: PostgreSQL ({database})")
    else:
        print(f"  database: SQLite ({database}); set DATABASE_URL=postgres://… to measure PostgreSQL")
    create_insert_table()
    try:
        with Server(
            database_name=database, workers=WORKERS, threads=THREADS,
            env={"SPOLU_REGISTRATION_THROTTLE": "1000000/hour"},
            log_path=settings.VAR_DIR / "bench-gunicorn.log",
        ) as server:
            print(f"  server: {server.description}; {CLIENTS} clients, each with its own connection")
            print(f"  one date with {CAPACITY} places and a waiting list; {REQUESTS} registrations, distinct phones")
            fire(server.port, "warm-up", warm_up_requests(warm_up_date), clients=CLIENTS)
            before = fire(server.port, "one INSERT", insert_requests("a"), clients=CLIENTS)
            rush = fire(server.port, "registration", registration_requests(rush_date), clients=CLIENTS)
            after = fire(server.port, "one INSERT", insert_requests("b"), clients=CLIENTS)
        wait_for_server_connections_to_close()
    finally:
        drop_insert_table()
    report(pooled(before, after), rush, rush_date)


@transaction.atomic
def seed():
    venue = Venue.objects.create(slug="mestanska-beseda", name="Měšťanská beseda", street="Kopeckého sady 13")
    dates = []
    for title, slug, capacity in (("Oldies Goldies", "oldies-goldies", CAPACITY),
                                  ("Rozehřátí", "rozehrati", REQUESTS * 4)):
        starts_on = timezone.localdate() + timedelta(days=3)
        rule = validate_schedule(recurrence="", starts_on=starts_on, start_time=time(18, 0),
                                 duration=timedelta(hours=3))
        series = Series.objects.create(
            title=title, slug=slug, kind=Kind.DANCE, venue=venue, starts_on=starts_on, start_time=time(18, 0),
            duration=timedelta(hours=3), recurrence=rule, capacity=capacity, waiting_list=True,
            max_seats_per_registration=2,
        )
        sync_occurrences(series)
        dates.append(series.occurrences.get())
    return dates


def registration_body(occurrence, number, prefix):
    return json.dumps({
        "occurrence": occurrence.pk, "name": f"Účastník {number}", "phone": f"{prefix}{number:08d}",
        "seats": 2 if number % 5 == 0 else 1,
    }).encode()


def registration_requests(occurrence):
    return [("POST", REGISTRATIONS_PATH, registration_body(occurrence, number, "6")) for number in range(REQUESTS)]


def insert_requests(run_name):
    # The same shape of JSON as a registration, so both parse the same amount.
    return [
        ("POST", INSERT_PATH, json.dumps({"occurrence": 1, "name": f"Účastník {run_name}{number}",
                                          "phone": f"6{number:08d}", "seats": 1}).encode())
        for number in range(REQUESTS)
    ]


def warm_up_requests(occurrence):
    """Every connection of every worker gets its code paths loaded before anything is timed."""
    requests = []
    for number in range(CLIENTS * 4):
        requests.append(("POST", REGISTRATIONS_PATH, registration_body(occurrence, number, "7")))
        requests.append(("POST", INSERT_PATH, b'{"name": "warm-up"}'))
    return requests


def pooled(first, second):
    both = Run("one INSERT")
    both.wall_seconds = first.wall_seconds + second.wall_seconds
    both.samples_ms = first.samples_ms + second.samples_ms
    both.statuses = first.statuses + second.statuses
    both.cut_short = first.cut_short or second.cut_short
    both.runs = (first, second)
    return both


def wait_for_server_connections_to_close():
    """PostgreSQL ends a backend a moment after its client: bench/run.py can drop the database only then."""
    if connection.vendor != "postgresql":
        return
    for _attempt in range(50):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        clock.sleep(0.1)


def report(yardstick, rush, occurrence):
    header = f"  {'view':<30} {'requests':>8} {'per second':>11} {'p50 ms':>8} {'p99 ms':>8}  answers"
    print(header)
    print("  " + "-" * (len(header) + 10))
    for figures in (yardstick, rush):
        print(
            f"  {figures.label:<30} {figures.requests:>8} {figures.per_second:>11.1f}"
            f" {figures.percentile(50):>8.1f} {figures.percentile(99):>8.1f}  {figures.status_text}"
        )
    first, second = yardstick.runs
    print(f"  (one INSERT before the rush {first.per_second:.1f}/s, after it {second.per_second:.1f}/s; pooled above)")
    if yardstick.cut_short or rush.cut_short:
        print("  (a run hit its 12 s deadline: the figures cover the requests sent until then)")
    ratio = rush.per_second / yardstick.per_second if yardstick.per_second else 0.0
    verdict = "met" if ratio >= GOAL else "not met"
    print(
        f"  registrations per second: {rush.per_second:.1f} = {ratio:.0%} of the one-INSERT view"
        f" (goal: at least {GOAL:.0%}: {verdict})"
    )

    occurrence.refresh_from_db()
    counts = Registration.objects.filter(occurrence=occurrence).aggregate(
        confirmed=Count("id", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
        confirmed_seats=Sum("seats", filter=Q(status=Registration.Status.CONFIRMED), default=0),
        waiting_seats=Sum("seats", filter=Q(status=Registration.Status.WAITLISTED), default=0),
    )
    overbooked = max(0, counts["confirmed_seats"] - occurrence.capacity)
    agrees = "agrees" if occurrence.seats_taken == counts["confirmed_seats"] else (
        f"DISAGREES: the date says {occurrence.seats_taken}"
    )
    print(
        f"  overbooked seats: {overbooked} (confirmed seats {counts['confirmed_seats']} of {occurrence.capacity};"
        f" the date's seat counter {agrees})"
    )
    print(
        f"  registrations: {counts['confirmed']} confirmed, {counts['waitlisted']} waitlisted"
        f" ({counts['waiting_seats']} seats waiting); {rush.statuses.get(201, 0)} answered 201"
    )
    if Occurrence.objects.filter(pk=occurrence.pk, seats_taken__gt=occurrence.capacity).exists():
        print("  !! the date holds more seats than it has")
