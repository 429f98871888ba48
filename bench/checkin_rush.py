"""Check-ins at the door over HTTP: sixteen scanners admit 2,000 tickets of one date at once.

One sold-out date of Oldies Goldies has 2,000 confirmed tickets for the rush, plus 192 for the paced
part below (seeded directly, codes from `registrations.codes.new_code`, the date's seat counter set to
match). Its organizer signs in with a DRF token on sixteen scanners; each
scanner has its own keep-alive connection to gunicorn and sends `POST /api/v1/checkins/` for its
share of the tickets, one after another, each with a fresh nonce. About one ticket in ten is
scanned again later at another scanner (answer: already checked in), and a few codes exist nowhere
(answer: unknown). The yardstick, under the same concurrency, is a view behind the same sign-in
(token authentication, the JSON body read) that answers a tiny JSON and asks nothing else of the
database; it runs before and after the scans, and the two runs are pooled.

Back-to-back requests from sixteen clients measure the most the server can do, and their latency
is mostly the queue they build. So a few more tickets of the same date are then scanned at a pace
a busy door could only dream of (each scanner one scan every half second, 32 a second in all):
that latency is what the person at the door waits. Afterwards the database is asked whether any
ticket was admitted twice, and the queries of one scan are counted in-process (the test suite
allows six). Goal: p99 of a scan under 50 ms.
Environment: BENCH_CHECKIN_TICKETS, BENCH_CHECKIN_UNKNOWN, BENCH_CHECKIN_CLIENTS, BENCH_CHECKIN_WORKERS,
BENCH_CHECKIN_THREADS, BENCH_CHECKIN_PACED (scans per scanner at a pace), BENCH_CHECKIN_PACE (seconds).
"""

import json
import os
import random
import uuid
from datetime import time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bench._load import Server, fire
from bench._server_urls import SIGNED_IN_PATH
from bench.registration_rush import pooled, wait_for_server_connections_to_close
from events.models import Kind, Occurrence, Series, Venue
from events.roles import ORGANIZERS
from events.services import sync_occurrences, validate_schedule
from registrations.codes import new_code
from registrations.models import Person, Registration, Scan

TICKETS = int(os.environ.get("BENCH_CHECKIN_TICKETS", "2000"))
UNKNOWN = int(os.environ.get("BENCH_CHECKIN_UNKNOWN", "20"))
CLIENTS = int(os.environ.get("BENCH_CHECKIN_CLIENTS", "16"))
WORKERS = int(os.environ.get("BENCH_CHECKIN_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_CHECKIN_THREADS", "4"))
PACED_PER_SCANNER = int(os.environ.get("BENCH_CHECKIN_PACED", "12"))
PACE_SECONDS = float(os.environ.get("BENCH_CHECKIN_PACE", "0.5"))
REPEAT_SHARE = 0.10
GOAL_P99_MS = 50.0
QUERY_LIMIT = 6  # tests/registrations/test_door.py::test_a_scan_takes_at_most_six_queries
SCAN_DEADLINE_SECONDS = 30.0
CHECKINS_PATH = "/api/v1/checkins/"
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def run():
    door_date, warm_up_date, token = seed()
    database = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        print(f"  database: PostgreSQL ({database})")
    else:
        print(f"  database: SQLite ({database}); set DATABASE_URL=postgres://… to measure PostgreSQL")
    queries = count_queries(warm_up_date, token)
    rush_codes, paced_codes = ticket_codes(door_date)
    shares, planned = scan_shares(door_date, rush_codes)
    paced_shares = [[("POST", CHECKINS_PATH, scan_body(door_date, code)) for code in paced_codes[scanner::CLIENTS]]
                    for scanner in range(CLIENTS)]
    auth = {"Authorization": f"Token {token}"}
    with Server(
        database_name=database, workers=WORKERS, threads=THREADS, log_path=settings.VAR_DIR / "bench-gunicorn.log",
    ) as server:
        print(f"  server: {server.description}; {CLIENTS} scanners, each with its own connection")
        print(
            f"  one date with {len(rush_codes) + len(paced_codes)} confirmed tickets. Back to back:"
            f" {planned['ok']} first scans, {planned['already_checked_in']} repeats at another scanner,"
            f" {planned['unknown']} unknown codes. Then {len(paced_codes)} more, each scanner one scan every"
            f" {PACE_SECONDS:g} s. Every scan a fresh nonce."
        )
        fire(server.port, "warm-up", warm_up_requests(warm_up_date), clients=CLIENTS, headers=auth)
        before = fire(server.port, "signed-in trivial", yardstick_requests("a"), clients=CLIENTS, headers=auth)
        scans = fire(
            server.port, "check-in", shares, clients=CLIENTS, headers=auth, answer_of=answer_status, shares=True,
            deadline_seconds=SCAN_DEADLINE_SECONDS,
        )
        after = fire(server.port, "signed-in trivial", yardstick_requests("b"), clients=CLIENTS, headers=auth)
        paced = fire(
            server.port, f"check-in, paced {PACE_SECONDS:g} s", paced_shares, clients=CLIENTS, headers=auth,
            answer_of=answer_status, shares=True, pace_seconds=PACE_SECONDS,
            deadline_seconds=PACE_SECONDS * (PACED_PER_SCANNER + 2),
        )
    wait_for_server_connections_to_close()
    yardstick = pooled(before, after)
    yardstick.label = "signed-in trivial"
    report(yardstick, scans, paced, planned, queries, door_date)


@transaction.atomic
def seed():
    venue = Venue.objects.create(slug="mestanska-beseda", name="Měšťanská beseda", street="Kopeckého sady 13")
    organizer = get_user_model().objects.create_user(
        "hana.organizatorka", first_name="Hana", last_name="Dvořáková", password=None, is_staff=True,
    )
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    token = Token.objects.create(user=organizer).key
    people = Person.objects.bulk_create(
        Person(name=f"Účastník {number}", phone=f"+420{600000000 + number}")
        for number in range(TICKETS + PACED_PER_SCANNER * CLIENTS + CLIENTS * 8)
    )
    door_people = TICKETS + PACED_PER_SCANNER * CLIENTS
    dates = []
    for title, slug, tickets in (("Oldies Goldies", "oldies-goldies", people[:door_people]),
                                 ("Rozehřátí", "rozehrati", people[door_people:])):
        starts_on = timezone.localdate()
        rule = validate_schedule(recurrence="", starts_on=starts_on, start_time=time(18, 0),
                                 duration=timedelta(hours=3))
        seats = [2 if number % 5 == 0 else 1 for number in range(len(tickets))]
        series = Series.objects.create(
            title=title, slug=slug, kind=Kind.DANCE, venue=venue, starts_on=starts_on, start_time=time(18, 0),
            duration=timedelta(hours=3), recurrence=rule, capacity=sum(seats), waiting_list=True,
            max_seats_per_registration=2,
        )
        series.organizers.add(organizer)
        sync_occurrences(series)
        date = series.occurrences.get()
        now = timezone.now()
        Registration.objects.bulk_create(
            Registration(
                occurrence=date, person=person, seats=seat_count, status=Registration.Status.CONFIRMED,
                source=Registration.Source.STAFF, code=new_code(), confirmed_at=now,
                needs_hearing=number % 7 == 0, needs_wheelchair=number % 11 == 0,
            )
            for number, (person, seat_count) in enumerate(zip(tickets, seats, strict=True))
        )
        # The seat counter agrees with the confirmed seats, as register() would have left it.
        Occurrence.objects.filter(pk=date.pk).update(seats_taken=sum(seats))
        dates.append(date)
    return dates[0], dates[1], token


def scan_body(occurrence, code):
    return json.dumps({"occurrence": occurrence.pk, "code": code, "nonce": uuid.uuid4().hex}).encode()


def ticket_codes(occurrence):
    """The date's ticket codes in a random order: those scanned back to back, and those scanned at a pace."""
    codes = list(Registration.objects.filter(occurrence=occurrence).values_list("code", flat=True))
    random.Random(4).shuffle(codes)
    return codes[:TICKETS], codes[TICKETS:]


def scan_shares(occurrence, codes):
    """One list of scans per scanner: its share of the tickets, repeats of others' tickets, unknown codes.

    A repeat goes to another scanner a little later than the first scan of its ticket would
    happen, as when someone let in at one door tries the next; if both scans still race, one is
    admitted and the other answered "already checked in" all the same.
    """
    chooser = random.Random(5)
    shares = [[(code, "ok") for code in codes[scanner::CLIENTS]] for scanner in range(CLIENTS)]
    repeats = chooser.sample(range(len(codes)), round(len(codes) * REPEAT_SHARE))
    for index in sorted(repeats, reverse=True):
        scanner, position = index % CLIENTS, index // CLIENTS
        other = (scanner + 1 + chooser.randrange(CLIENTS - 1)) % CLIENTS if CLIENTS > 1 else scanner
        later = min(len(shares[other]), position + chooser.randint(CLIENTS, CLIENTS * 4))
        shares[other].insert(later, (codes[index], "already_checked_in"))
    for _number in range(UNKNOWN):
        share = shares[chooser.randrange(CLIENTS)]
        share.insert(chooser.randint(0, len(share)), (new_code(), "unknown"))
    planned = {"ok": len(codes), "already_checked_in": len(repeats), "unknown": UNKNOWN}
    requests = [[("POST", CHECKINS_PATH, scan_body(occurrence, code)) for code, _expected in share] for share in shares]
    return requests, planned


def yardstick_requests(run_name):
    # The same shape of JSON as a scan, so both parse the same amount.
    count = TICKETS // 2
    return [
        ("POST", SIGNED_IN_PATH, json.dumps({"occurrence": 1, "code": f"{run_name}{number:020d}",
                                             "nonce": uuid.uuid4().hex}).encode())
        for number in range(count)
    ]


def warm_up_requests(occurrence):
    """Every connection of every worker gets its code paths loaded before anything is timed."""
    codes = Registration.objects.filter(occurrence=occurrence).values_list("code", flat=True)[:CLIENTS * 4]
    requests = []
    for code in codes:
        requests.append(("POST", CHECKINS_PATH, scan_body(occurrence, code)))
        requests.append(("POST", SIGNED_IN_PATH, b'{"warm": "up"}'))
    return requests


def answer_status(status, body):
    if status != 200:
        return f"HTTP {status}"
    try:
        return json.loads(body)["status"]
    except (ValueError, KeyError, TypeError):
        return "unreadable"


def count_queries(occurrence, token):
    """Queries of one scan through the API, in-process, as the test counts them.

    The test runs inside a transaction and leaves out SAVEPOINT/RELEASE; here, in autocommit as on
    the site, the same atomic block is BEGIN/COMMIT, left out likewise but counted apart.
    """
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    code = Registration.objects.filter(occurrence=occurrence).order_by("-id").values_list("code", flat=True)[0]
    counted = {}
    for expected, scanned in (("ok", code), ("already_checked_in", code), ("unknown", new_code())):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(CHECKINS_PATH, {"occurrence": occurrence.pk, "code": scanned,
                                                   "nonce": uuid.uuid4().hex}, format="json")
        answered = response.json().get("status") if response.status_code == 200 else f"HTTP {response.status_code}"
        statements = [query["sql"] for query in captured if not query["sql"].startswith(TRANSACTION_CONTROL)]
        counted[expected] = (len(statements), len(captured) - len(statements), answered)
    return counted


def report(yardstick, scans, paced, planned, queries, occurrence):
    header = f"  {'view':<30} {'requests':>8} {'per second':>11} {'p50 ms':>8} {'p99 ms':>8}  answers"
    print(header)
    print("  " + "-" * (len(header) + 10))
    for figures in (yardstick, scans, paced):
        print(
            f"  {figures.label:<30} {figures.requests:>8} {figures.per_second:>11.1f}"
            f" {figures.percentile(50):>8.1f} {figures.percentile(99):>8.1f}  {figures.status_text}"
        )
    first, second = yardstick.runs
    print(
        "  (signed-in trivial: DRF token sign-in, JSON body read, tiny JSON answer: one query, the token's;"
        f" {first.per_second:.1f}/s before the scans, {second.per_second:.1f}/s after them, pooled above)"
    )
    if yardstick.cut_short or scans.cut_short or paced.cut_short:
        print("  (a run hit its deadline: the figures cover the requests sent until then)")
    throughput = scans.per_second / yardstick.per_second if yardstick.per_second else 0.0
    print(
        f"  scans per second, back to back: {scans.per_second:.1f} = {throughput:.0%} of the signed-in trivial view;"
        f" latency × trivial: p50 {scans.percentile(50) / yardstick.percentile(50):.1f}×,"
        f" p99 {scans.percentile(99) / yardstick.percentile(99):.1f}×"
    )
    for figures, how in ((scans, "back to back"), (paced, f"one per scanner every {PACE_SECONDS:g} s")):
        p99 = figures.percentile(99)
        verdict = "met" if p99 < GOAL_P99_MS else "not met"
        print(f"  p99 of a scan, {how}: {p99:.1f} ms (goal: under {GOAL_P99_MS:g} ms: {verdict})")

    answers = ", ".join(f"{status} {count}" for status, count in sorted(scans.answers.items()))
    expected = ", ".join(f"{status} {count}" for status, count in planned.items())
    if dict(scans.answers) == planned:
        agrees = "as planned"
    elif scans.cut_short:
        agrees = f"cut short; planned: {expected}"
    else:
        agrees = f"!! PLANNED: {expected}"
    print(f"  answers, back to back: {answers} ({agrees})")
    paced_answers = ", ".join(f"{status} {count}" for status, count in sorted(paced.answers.items()))
    print(f"  answers, paced: {paced_answers}")

    scanned = Scan.objects.filter(occurrence=occurrence)
    admissions = scanned.filter(status=Scan.Status.OK, undone_at__isnull=True).aggregate(
        scans=Count("id"), tickets=Count("registration", distinct=True), seats=Sum("registration__seats", default=0),
    )
    distinct_scanned = scanned.exclude(registration=None).values("registration").distinct().count()
    answered_ok = scans.answers.get("ok", 0) + paced.answers.get("ok", 0)
    verdict = (
        "no double admission" if admissions["scans"] == admissions["tickets"] == distinct_scanned == answered_ok
        else "!! DOUBLE OR MISSING ADMISSIONS"
    )
    print(
        f"  admitted tickets: {admissions['tickets']} ({admissions['scans']} admissions, {answered_ok} answered ok,"
        f" {admissions['seats']} people); distinct tickets scanned: {distinct_scanned}: {verdict}"
    )
    stored, answered = scanned.count(), scans.statuses.get(200, 0) + paced.statuses.get(200, 0)
    print(f"  scans stored: {stored}; answered 200: {answered}{'' if stored == answered else ' !! DISAGREE'}")

    statements, control, _answered = queries["ok"]
    by_answer = "; ".join(
        f"{status} {count} (answered {answer})" for status, (count, _control, answer) in queries.items()
    )
    print(
        f"  queries per scan, in-process: {statements} (limit {QUERY_LIMIT}:"
        f" {'met' if statements <= QUERY_LIMIT else 'not met'}), plus {control} BEGIN/COMMIT of its atomic block"
        f" (SAVEPOINT/RELEASE in the test, which leaves them out); by answer: {by_answer}"
    )
