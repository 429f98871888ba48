"""Check-ins at the door over HTTP: sixteen scanners scan back to back, measured by wrk.

One sold-out date of Oldies Goldies with thousands of confirmed tickets (seeded directly, codes from
`registrations.codes.new_code`, the date's seat counter set to match) opens its doors now: it starts a
few minutes after the benchmark begins, whatever the hour in Prague (past midnight too), so it can be
run at any time of day. Its organizer is signed in as on the door's phone: a session cookie and the
CSRF token, sent with `POST /api/v1/checkins/` like the scanner page's JavaScript does.

wrk (Debian's `wrk`, installed with apt-get when missing and possible, else that part is skipped with
a message) keeps sixteen connections busy back to back for a few seconds, each request a different
ticket code with a fresh nonce (bench/_wrk_door.lua): about one scan in ten is a ticket already let
in at another scanner (answer: already checked in), one in a hundred an unknown code. The yardstick,
in the same run and under the same load, is a view behind the same sign-in (session and CSRF, the
JSON body read) that answers a tiny JSON and asks nothing else of the database; it runs before and
after the scans, and their percentiles are averaged.

Back-to-back requests measure the most the server can do, and their latency is mostly the queue they
build. So more tickets of the same date are then scanned at a pace a busy door could only dream of
(each scanner one scan every half second, 32 a second in all; Python's own client): that latency is
what the person at the door waits. Afterwards the database is asked whether any ticket was admitted
twice, and the queries of one scan are counted in-process (tests/registrations/test_scan_queries.py
allows six). Goal: p99 of a scan under 50 ms.
Environment: BENCH_CHECKIN_TICKETS, BENCH_CHECKIN_SECONDS (each wrk run), BENCH_CHECKIN_CLIENTS,
BENCH_CHECKIN_WORKERS, BENCH_CHECKIN_THREADS, BENCH_CHECKIN_PACED (scans per scanner at a pace),
BENCH_CHECKIN_PACE (seconds), BENCH_WRK (the wrk program).
"""

import json
import os
import random
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from bench._load import Server, fire
from bench._server_urls import SIGNED_IN_PATH
from bench.registration_rush import wait_for_server_connections_to_close
from events.models import Kind, Occurrence, Series, Venue
from events.recurrence import PRAGUE, RuleError
from events.roles import ORGANIZERS
from events.services import sync_occurrences, validate_schedule
from registrations.codes import new_code
from registrations.models import Person, Registration, Scan

TICKETS = int(os.environ.get("BENCH_CHECKIN_TICKETS", "2500"))
SECONDS = int(os.environ.get("BENCH_CHECKIN_SECONDS", "8"))
CLIENTS = int(os.environ.get("BENCH_CHECKIN_CLIENTS", "16"))
WORKERS = int(os.environ.get("BENCH_CHECKIN_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_CHECKIN_THREADS", "4"))
PACED_PER_SCANNER = int(os.environ.get("BENCH_CHECKIN_PACED", "12"))
PACE_SECONDS = float(os.environ.get("BENCH_CHECKIN_PACE", "0.5"))
WRK = os.environ.get("BENCH_WRK", "wrk")
WRK_SCRIPT = Path(__file__).resolve().parent / "_wrk_door.lua"
WRK_THREADS = max(1, min(CLIENTS, os.cpu_count() or 1))
WARM_UP_SECONDS = 2
REPEAT_SHARE = 0.10
UNKNOWN_SHARE = 0.01
GOAL_P99_MS = 50.0
QUERY_LIMIT = 6  # tests/registrations/test_scan_queries.py
DOORS_OPEN_BEFORE = timedelta(minutes=10)
CHECKINS_PATH = "/api/v1/checkins/"
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


def run():
    load_before = load_average()
    door_date, warm_up_date, organizer = seed()
    database = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        print(f"  database: PostgreSQL ({database})")
    else:
        print(f"  database: SQLite ({database}); set DATABASE_URL=postgres://… to measure PostgreSQL")
    start = timezone.localtime(door_date.start)
    print(f"  the date: {start:%Y-%m-%d %H:%M} Prague time, doors open"
          f" (now {timezone.localtime():%H:%M}; seeded for any hour, past midnight too)")
    door_phone = signed_in_headers(organizer)
    queries = count_queries(warm_up_date, door_date, door_phone)
    wrk = find_wrk()
    rush_codes, paced_codes = ticket_codes(door_date)
    with Server(
        database_name=database, workers=WORKERS, threads=THREADS, log_path=settings.VAR_DIR / "bench-gunicorn.log",
    ) as server:
        print(f"  server: {server.description}; {CLIENTS} scanners, each with its own keep-alive connection")
        fire(server.port, "warm-up", warm_up_requests(warm_up_date), clients=CLIENTS, headers=door_phone)
        yardstick, scans = [], None
        if wrk:
            print(
                f"  wrk: {WRK_THREADS} threads, {CLIENTS} connections back to back, {SECONDS} s a run; scans:"
                f" {len(rush_codes)} codes in turn, ~{REPEAT_SHARE:.0%} of them a ticket already let in,"
                f" ~{UNKNOWN_SHARE:.0%} unknown; every scan a fresh nonce; session cookie + CSRF header as the"
                " scanner page"
            )
            codes_dir = Path(settings.VAR_DIR)
            warm_codes = write_codes(codes_dir / "warm-up.txt", warm_up_codes(warm_up_date))
            dummy_codes = write_codes(codes_dir / "trivial.txt", [new_code() for _number in range(64)])
            rush_file = write_codes(codes_dir / "rush.txt", rush_codes)
            run_wrk(wrk, server.port, warm_codes, warm_up_date, CHECKINS_PATH, "warm", door_phone, WARM_UP_SECONDS)
            run_wrk(wrk, server.port, dummy_codes, warm_up_date, SIGNED_IN_PATH, "warm-t", door_phone, WARM_UP_SECONDS)
            yardstick.append(run_wrk(wrk, server.port, dummy_codes, door_date, SIGNED_IN_PATH, "a", door_phone))
            first_scan = Scan.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            scans = run_wrk(wrk, server.port, rush_file, door_date, CHECKINS_PATH, "rush", door_phone)
            scans.answers = answers_since(door_date, first_scan)
            yardstick.append(run_wrk(wrk, server.port, dummy_codes, door_date, SIGNED_IN_PATH, "b", door_phone))
        paced_shares = [
            [("POST", CHECKINS_PATH, scan_body(door_date, code)) for code in paced_codes[scanner::CLIENTS]]
            for scanner in range(CLIENTS)
        ]
        paced = fire(
            server.port, f"check-in, paced {PACE_SECONDS:g} s", paced_shares, clients=CLIENTS, headers=door_phone,
            answer_of=answer_status, shares=True, pace_seconds=PACE_SECONDS,
            deadline_seconds=PACE_SECONDS * (PACED_PER_SCANNER + 2),
        )
    wait_for_server_connections_to_close()
    report(yardstick, scans, paced, queries, door_date)
    print(
        f"  machine load (1-minute average) before: {load_before}, after: {load_average()}, on {os.cpu_count()} CPUs"
        " — the load generator runs on the same CPUs, and other work on them slows every figure above"
    )


def load_average():
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return "unknown"


# --- The date, its tickets, the organizer at the door ---------------------------------------

def doors_open_at(now):
    """A start in Prague a few minutes after `now`, on the 5 minutes: the doors are open and the rush is on.

    Any hour works, also just before midnight (the date is then tomorrow's) and on the nights the
    clocks change (a time that does not exist or happens twice in Prague is moved on by an hour).
    """
    local = now.astimezone(PRAGUE) + DOORS_OPEN_BEFORE
    local = local.replace(second=0, microsecond=0) + timedelta(minutes=-local.minute % 5)
    for hours in range(4):
        candidate = (local + timedelta(hours=hours)).replace(tzinfo=None)
        try:
            validate_schedule(recurrence="", starts_on=candidate.date(), start_time=candidate.time(),
                              duration=timedelta(hours=3), now=now)
        except RuleError:
            continue
        return candidate.date(), candidate.time()
    raise RuntimeError(f"no start found after {local}")


@transaction.atomic
def seed():
    venue = Venue.objects.create(slug="mestanska-beseda", name="Měšťanská beseda", street="Kopeckého sady 13")
    organizer = get_user_model().objects.create_user(
        "hana.organizatorka", first_name="Hana", last_name="Dvořáková", password=None, is_staff=True,
    )
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    door_tickets = TICKETS + PACED_PER_SCANNER * CLIENTS
    people = Person.objects.bulk_create(
        Person(name=f"Účastník {number}", phone=f"+420{600000000 + number}")
        for number in range(door_tickets + CLIENTS * 8)
    )
    starts_on, start_time = doors_open_at(timezone.now())
    dates = []
    for title, slug, tickets in (("Oldies Goldies", "oldies-goldies", people[:door_tickets]),
                                 ("Rozehřátí", "rozehrati", people[door_tickets:])):
        rule = validate_schedule(recurrence="", starts_on=starts_on, start_time=start_time,
                                 duration=timedelta(hours=3))
        seats = [2 if number % 5 == 0 else 1 for number in range(len(tickets))]
        series = Series.objects.create(
            title=title, slug=slug, kind=Kind.DANCE, venue=venue, starts_on=starts_on, start_time=start_time,
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
    return dates[0], dates[1], organizer


def signed_in_headers(user):
    """What the door's phone sends with every scan: its session cookie, and the page's CSRF token."""
    client = Client()
    client.force_login(user)
    secret = _get_new_csrf_string()
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value};"
                  f" {settings.CSRF_COOKIE_NAME}={secret}",
        "X-CSRFToken": _mask_cipher_secret(secret),
    }


def ticket_codes(occurrence):
    """The codes scanned back to back (with repeats and unknown codes mixed in), and those scanned at a pace."""
    codes = list(Registration.objects.filter(occurrence=occurrence).values_list("code", flat=True))
    random.Random(4).shuffle(codes)
    rush, paced = codes[:TICKETS], codes[TICKETS:]
    chooser = random.Random(5)
    mixed = list(rush)
    # A repeat comes a little after its first scan, as when someone let in at one door tries the next.
    for index in sorted(chooser.sample(range(len(rush)), round(len(rush) * REPEAT_SHARE)), reverse=True):
        mixed.insert(min(len(mixed), index + chooser.randint(CLIENTS * 2, CLIENTS * 8)), rush[index])
    for _number in range(round(len(rush) * UNKNOWN_SHARE)):
        mixed.insert(chooser.randint(0, len(mixed)), new_code())
    return mixed, paced


def warm_up_requests(occurrence):
    """Every connection of every worker gets its code paths loaded before anything is timed."""
    requests = []
    for code in warm_up_codes(occurrence)[:CLIENTS * 4]:
        requests.append(("POST", CHECKINS_PATH, scan_body(occurrence, code)))
        requests.append(("POST", SIGNED_IN_PATH, b'{"warm": "up"}'))
    return requests


def warm_up_codes(occurrence):
    return list(Registration.objects.filter(occurrence=occurrence).values_list("code", flat=True))


def write_codes(path, codes):
    path.write_text("".join(f"{code}\n" for code in codes))
    return path


def scan_body(occurrence, code):
    return json.dumps({"occurrence": occurrence.pk, "code": code, "nonce": uuid.uuid4().hex}).encode()


def answer_status(status, body):
    if status != 200:
        return f"HTTP {status}"
    try:
        return json.loads(body)["status"]
    except (ValueError, KeyError, TypeError):
        return "unreadable"


# --- wrk -----------------------------------------------------------------------------------

def find_wrk():
    """The wrk program; installed from Debian when missing and this user may, else None with a message."""
    found = shutil.which(WRK)
    if found:
        return found
    apt = shutil.which("apt-get")
    if WRK == "wrk" and apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("  wrk is missing: installing it with apt-get install wrk …")
        try:
            subprocess.run([apt, "install", "-y", "-q", "wrk"], check=True, capture_output=True, timeout=300,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        except (subprocess.SubprocessError, OSError) as error:
            print(f"  (apt-get install wrk failed: {error})")
        found = shutil.which(WRK)
        if found:
            return found
    print(
        "  SKIPPED the back-to-back scans: the load generator wrk is not installed and could not be installed"
        " here (as root: apt-get install wrk; or BENCH_WRK=/path/to/wrk). The paced part and the query count"
        " still run."
    )
    return None


@dataclass
class WrkRun:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict
    answers: dict | None = None

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(wrk, port, codes_file, occurrence, path, run_name, headers, seconds=SECONDS):
    command = [
        wrk, "-t", str(WRK_THREADS), "-c", str(CLIENTS), "-d", f"{seconds}s", "--timeout", "10s",
        "-s", str(WRK_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    # The nonce starts with a random part, so nothing of an earlier run is ever answered from its log.
    run_id = f"{run_name}{uuid.uuid4().hex[:8]}"
    command += [f"http://127.0.0.1:{port}", "--", str(codes_file), str(occurrence.pk), path, run_id,
                str(WRK_THREADS)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    lines = [line for line in finished.stdout.splitlines() if line.startswith("WRK_JSON ")]
    if finished.returncode or not lines:
        raise RuntimeError(f"wrk failed ({finished.returncode}):\n{finished.stdout}\n{finished.stderr}")
    figures = json.loads(lines[-1].removeprefix("WRK_JSON "))
    label = "check-in" if path == CHECKINS_PATH else "signed-in trivial"
    return WrkRun(
        label=label, requests=figures["requests"], seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000, p90_ms=figures["p90_us"] / 1000, p99_ms=figures["p99_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        errors={key: figures[key] for key in ("connect", "read", "write", "status", "timeout") if figures[key]},
    )


def answers_since(occurrence, after_pk):
    """What the back-to-back scans answered, as the server stored them (wrk does not read the bodies)."""
    rows = Scan.objects.filter(occurrence=occurrence, pk__gt=after_pk).values_list("status").annotate(Count("id"))
    return dict(rows)


def pooled(first, second):
    """The yardstick's two runs as one: requests added, percentiles averaged (wrk gives no raw samples)."""
    both = WrkRun(
        label="signed-in trivial", requests=first.requests + second.requests, seconds=first.seconds + second.seconds,
        p50_ms=(first.p50_ms + second.p50_ms) / 2, p90_ms=(first.p90_ms + second.p90_ms) / 2,
        p99_ms=(first.p99_ms + second.p99_ms) / 2, max_ms=max(first.max_ms, second.max_ms),
        errors={key: first.errors.get(key, 0) + second.errors.get(key, 0) for key in {*first.errors, *second.errors}},
    )
    both.runs = (first, second)
    return both


# --- Queries of one scan ---------------------------------------------------------------------

def count_queries(occurrence, other_date, door_phone):
    """Queries of one scan through the API, in-process, signed in as the scanner page, as the test counts them.

    The test runs inside a transaction and leaves out SAVEPOINT/RELEASE; here, in autocommit as on
    the site, the same atomic block is BEGIN/COMMIT, left out likewise but counted apart.
    """
    client = APIClient(enforce_csrf_checks=True)
    cookies = dict(part.strip().split("=", 1) for part in door_phone["Cookie"].split(";"))
    for name, value in cookies.items():
        client.cookies[name] = value
    client.credentials(HTTP_X_CSRFTOKEN=door_phone["X-CSRFToken"])
    code = Registration.objects.filter(occurrence=occurrence).order_by("-id").values_list("code", flat=True)[0]
    other = Registration.objects.filter(occurrence=other_date).order_by("-id").values_list("code", flat=True)[0]
    connection.features.supports_json_field  # noqa: B018 - asked once per connection, not per scan
    counted = {}
    for expected, scanned in (("ok", code), ("already_checked_in", code), ("unknown", new_code()),
                              ("wrong_occurrence", other)):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(CHECKINS_PATH, {"occurrence": occurrence.pk, "code": scanned,
                                                   "nonce": uuid.uuid4().hex}, format="json")
        answered = response.json().get("status") if response.status_code == 200 else f"HTTP {response.status_code}"
        statements = [query["sql"] for query in captured if not query["sql"].startswith(TRANSACTION_CONTROL)]
        counted[expected] = (len(statements), len(captured) - len(statements), answered)
    return counted


# --- Report ----------------------------------------------------------------------------------

def report(yardstick_runs, scans, paced, queries, occurrence):
    header = f"  {'view':<34} {'requests':>8} {'per second':>11} {'p50 ms':>8} {'p99 ms':>8}  notes"
    print(header)
    print("  " + "-" * (len(header) + 16))
    if scans is not None:
        yardstick = pooled(*yardstick_runs)
        for figures in (yardstick, scans):
            errors = ", ".join(f"{kind} errors {count}" for kind, count in sorted(figures.errors.items()))
            label = f"{figures.label} (wrk)"
            print(
                f"  {label:<34} {figures.requests:>8} {figures.per_second:>11.1f}"
                f" {figures.p50_ms:>8.1f} {figures.p99_ms:>8.1f}  {errors or 'all 2xx'}"
            )
    print(
        f"  {paced.label + ' (Python)':<34} {paced.requests:>8} {paced.per_second:>11.1f}"
        f" {paced.percentile(50):>8.1f} {paced.percentile(99):>8.1f}  {paced.status_text}"
    )
    if scans is not None:
        first, second = yardstick.runs
        print(
            "  (signed-in trivial: session cookie + CSRF header, JSON body read, tiny JSON answer, the session's"
            f" and the user's query only; {first.per_second:.0f}/s p99 {first.p99_ms:.1f} ms before the scans,"
            f" {second.per_second:.0f}/s p99 {second.p99_ms:.1f} ms after them; percentiles averaged)"
        )
        throughput = scans.per_second / yardstick.per_second if yardstick.per_second else 0.0
        print(
            f"  scans per second, back to back: {scans.per_second:.1f} = {throughput:.0%} of the signed-in trivial"
            f" view's {yardstick.per_second:.1f}; latency × trivial: p50 {scans.p50_ms / yardstick.p50_ms:.1f}×,"
            f" p99 {scans.p99_ms / yardstick.p99_ms:.1f}×"
        )
        answers = ", ".join(f"{status} {count}" for status, count in sorted(scans.answers.items()))
        print(f"  answers stored, back to back: {answers}")
    verdicts = [(paced.percentile(99), f"one per scanner every {PACE_SECONDS:g} s")]
    if scans is not None:
        verdicts.insert(0, (scans.p99_ms, f"{CLIENTS} scanners back to back (wrk)"))
    for p99, how in verdicts:
        print(f"  p99 of a scan, {how}: {p99:.1f} ms — goal p99 < {GOAL_P99_MS:g} ms:"
              f" {'met' if p99 < GOAL_P99_MS else 'NOT MET'}")
    paced_answers = ", ".join(f"{status} {count}" for status, count in sorted(paced.answers.items()))
    print(f"  answers, paced: {paced_answers}")

    scanned = Scan.objects.filter(occurrence=occurrence)
    admissions = scanned.admissions().aggregate(
        scans=Count("id"), tickets=Count("registration", distinct=True), seats=Sum("registration__seats", default=0),
    )
    distinct_scanned = scanned.exclude(registration=None).values("registration").distinct().count()
    verdict = (
        "no double admission" if admissions["scans"] == admissions["tickets"] == distinct_scanned
        else "!! DOUBLE OR MISSING ADMISSIONS"
    )
    print(
        f"  admitted tickets: {admissions['tickets']} ({admissions['scans']} admissions, {admissions['seats']} people);"
        f" distinct tickets scanned: {distinct_scanned}: {verdict}"
    )
    statements, control, _answered = queries["ok"]
    by_answer = "; ".join(
        f"{status} {count}{'' if count <= QUERY_LIMIT else ' (over)'}"
        + ("" if answer == status else f" (answered {answer})")
        for status, (count, _control, answer) in queries.items()
    )
    worst = max(count for count, _control, _answer in queries.values())
    print(
        f"  queries per scan, in-process, signed in as the scanner page: {by_answer}; limit {QUERY_LIMIT}:"
        f" {'met' if worst <= QUERY_LIMIT else 'not met'}; plus {control} BEGIN/COMMIT of its atomic block"
        " (SAVEPOINT/RELEASE in the test, which leaves them out)"
    )

