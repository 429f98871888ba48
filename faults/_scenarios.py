"""The faults of issue 11, one function each: inject it, let the site recover, count what was lost.

Every scenario returns a Row. A burst scenario registers people over HTTP (public API, web form,
staff API) while the fault happens, waits until the outbox has nothing left to send, and then
counts from the database and the mail log: registrations saved, e-mails expected (one for each
confirmed or waitlisted registration), delivered and duplicated.
"""

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import time as clock_time
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.utils import timezone

from bench._load import ROOT, fire

from . import _mailbox, _traffic
from ._processes import children, group

# How long the outbox may take to send everything after a fault. The sweep runs every minute and
# a killed worker's claim expires after SPOLU_OUTBOX_LEASE_SECONDS, so two minutes is plenty.
DRAIN_SECONDS = int(os.environ.get("FAULTS_DRAIN_SECONDS", "150"))
REDIS_DOWN_SECONDS = 10
POSTGRES_DOWN_SECONDS = 3
JOB_SECONDS = 90
GOAL_MESSAGES = "0 lost, 0 duplicated, 0 5xx"
PRAGUE = ZoneInfo("Europe/Prague")


@dataclass
class Row:
    fault: str
    goal: str
    answers: Counter = field(default_factory=Counter)
    registrations_ok: int | None = None
    saved: int | None = None
    expected: int | None = None
    delivered: int | None = None
    duplicated: int | None = None
    notes: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    skipped: str = ""
    seconds: float = 0.0
    crash_resends: int = 0

    @property
    def requests(self):
        return sum(self.answers.values())

    def count(self, *labels):
        return sum(self.answers.get(label, 0) for label in labels)


# --- Waiting and counting -------------------------------------------------------------------------

def _query(function, attempts=20):
    """Run a query of the runner; after a database restart its old connection is gone, so reconnect."""
    for attempt in range(attempts):
        try:
            return function()
        except DatabaseError:
            connection.close()
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


def wait_for_outbox(timeout=DRAIN_SECONDS):
    """Wait until no message is waiting or being sent; returns (seconds waited, messages still waiting)."""
    from messaging.models import Message

    waiting_statuses = [Message.Status.PENDING, Message.Status.SENDING]
    began = time.monotonic()
    while True:
        waiting = _query(lambda: Message.objects.filter(status__in=waiting_statuses).count())
        if waiting == 0 or time.monotonic() - began > timeout:
            return time.monotonic() - began, waiting
        time.sleep(1)


def count_messages(row, suite, domain, *, crashed_pids=(), crash_resends_allowed=0):
    """Registrations of people with addresses in `domain`, and the e-mails they got.

    An e-mail sent twice because the process that sent it first was killed before it could mark
    it sent (same outbox row, first sent by one of `crashed_pids`) is counted apart: no mail server
    can take an e-mail back, so at-least-once delivery cannot avoid it. Up to
    `crash_resends_allowed` of them are within the goal; any other second e-mail is not.
    """
    from messaging.models import Message
    from registrations.models import Registration

    registrations = list(_query(lambda: list(
        Registration.objects.filter(person__email__endswith=f"@{domain}").values_list("pk", "person__email", "status")
    )))
    row.saved = len(registrations)
    expected = Counter(email.lower() for _pk, email, status in registrations if status in Registration.LIVE)
    lines = [line for line in _mailbox.read(suite.mail_log) if line[1].endswith(f"@{domain}")]
    sent = Counter(recipient for _id, recipient, _subject, _pid in lines)
    row.expected = sum(expected.values())
    row.delivered = sum(min(sent[address], wanted) for address, wanted in expected.items())
    row.duplicated = sum(max(0, count - expected.get(address, 0)) for address, count in sent.items())

    lost = row.expected - row.delivered
    if lost:
        unsent = [pk for pk, email, status in registrations
                  if status in Registration.LIVE and sent[email.lower()] == 0]
        outbox = Counter(_query(lambda: list(Message.objects.filter(
            kind="registrations.messages.registration_email", object_id__in=unsent,
        ).values_list("status", flat=True))))
        missing_rows = len(unsent) - sum(outbox.values())
        states = ", ".join(f"{count} {status}" for status, count in sorted(outbox.items()))
        if missing_rows > 0:
            states += f"{', ' if states else ''}{missing_rows} with no outbox row"
        errors = _query(lambda: list(Message.objects.filter(object_id__in=unsent).exclude(last_error="")
                                     .values_list("last_error", flat=True)[:1]))
        row.missed.append(f"{lost} e-mails lost (their outbox rows: {states})"
                          + (f"; last error: {errors[0][:150]}" if errors else ""))
    if row.duplicated:
        first_sender, resent, crash_resends = {}, 0, 0
        for outbox_id, _recipient, _subject, pid in lines:
            if outbox_id == "-":
                continue
            if outbox_id in first_sender:
                resent += 1
                crash_resends += first_sender[outbox_id] in crashed_pids
            else:
                first_sender[outbox_id] = int(pid)
        row.crash_resends = min(crash_resends, row.duplicated)
        other = row.duplicated - row.crash_resends
        if row.crash_resends:
            row.notes.append(f"{row.crash_resends} e-mails sent again: the killed worker had handed them to the mail"
                             " server but not yet marked them sent")
        if row.crash_resends > crash_resends_allowed:
            row.missed.append(f"{row.crash_resends} e-mails sent again after the kill, more than the"
                              f" {crash_resends_allowed} the killed workers can have had in hand")
        if other:
            row.missed.append(f"{other} e-mails duplicated ({resent - crash_resends} of them one outbox row sent"
                              " again)")


def judge(row, *, no_answer_allowed=0):
    """The goals of a burst: no 5xx (unless the database was down), no registration lost or refused."""
    errors = row.count("5xx")
    if errors:
        row.missed.insert(0, f"{errors} answers 5xx while the database was up")
    no_answer = row.count("no answer")
    if no_answer > no_answer_allowed:
        row.missed.insert(0, f"{no_answer} requests got no answer")
    refused = row.count("refused")
    if refused:
        row.missed.append(f"{refused} registrations or pages refused (4xx): every date has a waiting list")
    if row.saved is not None and row.registrations_ok is not None and row.saved < row.registrations_ok:
        row.missed.append(f"{row.registrations_ok - row.saved} registrations answered OK but not saved")


def burst_scenario(suite, number, fault_name, *, fault=None, outage=None, seconds=16, no_answer_allowed=0,
                   goal=None, counting=None, **stream_options):
    tag = f"f{number}"
    row = Row(fault_name, goal or GOAL_MESSAGES + (" (except while the database is down)" if outage else ""))
    streams = suite.site.streams(tag, number, seconds=seconds, **stream_options)
    burst = _traffic.run(suite.port, streams, fault=fault, outage=outage, stopping=suite.stopping)
    row.answers, row.registrations_ok = burst.answers, burst.registrations_ok
    waited, waiting = wait_for_outbox()
    row.notes.append(f"burst {burst.seconds:.0f} s, outbox empty {waited:.0f} s later"
                     if not waiting else f"outbox still held {waiting} messages after {waited:.0f} s")
    count_messages(row, suite, _traffic.mail_domain(tag), **(counting or {}))
    judge(row, no_answer_allowed=no_answer_allowed)
    return row


# --- 1. Redis stopped ------------------------------------------------------------------------------

def redis_stopped(suite, number):
    def fault():
        if suite.stopping.wait(3):
            return
        try:
            suite.redis.stop(grace=2)
            suite.stopping.wait(REDIS_DOWN_SECONDS)
        finally:
            suite.redis.start()

    web_log = suite.server.log_path
    offset = _size(web_log)
    row = burst_scenario(suite, number, f"Redis stopped {REDIS_DOWN_SECONDS} s during a burst", fault=fault,
                         seconds=18)
    with web_log.open("rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    row.notes.append(f"web log: \"Redis is down\" ×{text.count('Redis is down')}, a worker's wake-up refused by the"
                     f" broker ×{text.count('Task broker unreachable')} (those e-mails waited for the sweep)")
    return row


# --- 2. A web worker killed ------------------------------------------------------------------------

def web_worker_killed(suite, number, kills=3):
    killed = []

    def fault():
        for _kill in range(kills):
            if suite.stopping.wait(4):
                return
            workers = children(suite.server.process.pid)
            if workers:
                victim = workers[len(killed) % len(workers)]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

    # A request in the killed worker's hands gets no answer (the client retries once, as a browser would).
    row = burst_scenario(suite, number, f"kill -9 of a gunicorn worker ({kills}× in a burst)", fault=fault,
                         seconds=16, no_answer_allowed=kills * suite.threads)
    row.notes.append(f"{len(killed)} workers killed")
    return row


# --- 3. PostgreSQL stopped -------------------------------------------------------------------------

def postgresql_stopped(suite, number):
    name = f"PostgreSQL stopped {POSTGRES_DOWN_SECONDS} s and started"
    if suite.vendor != "postgresql":
        return Row(name, "", skipped="runs on PostgreSQL only: set DATABASE_URL=postgres://… (as .ci/run does)")
    why_not = suite.postgresql.available()
    if why_not:
        return Row(name, "", skipped=why_not)
    outage = _traffic.Outage()

    def fault():
        if suite.stopping.wait(4):
            return
        outage.begin()
        try:
            suite.postgresql.stop()
            suite.stopping.wait(POSTGRES_DOWN_SECONDS)
        finally:
            suite.postgresql.start()
            outage.end(grace=2)

    try:
        row = burst_scenario(suite, number, name, fault=fault, outage=outage, seconds=16)
    finally:
        connection.close()
    down = row.count("5xx, database down", "no answer, database down")
    row.notes.append(f"database down {outage.seconds:.1f} s: {down} requests answered 5xx or not at all then")
    return row


# --- 4. The worker killed --------------------------------------------------------------------------

def worker_killed(suite, number, broker="Redis"):
    killed = []

    def fault():
        if suite.stopping.wait(2):
            return
        # While it is sending: once the mail log grows, at a random moment of the next 0.3 s.
        _wait_for_mail(suite, seconds=8)
        if suite.stopping.wait(random.uniform(0, 0.3)):
            return
        killed.extend(group(suite.qcluster.process.pid))
        suite.qcluster.kill()
        if suite.stopping.wait(2):
            return
        suite.qcluster.start()

    workers = settings.Q_CLUSTER["workers"]
    return burst_scenario(
        suite, number, f"kill -9 of qcluster while sending ({broker} broker)", fault=fault, seconds=10, pace=0.25,
        goal=f"{GOAL_MESSAGES} (an e-mail each of the {workers} killed workers had just handed over may go twice)",
        counting={"crashed_pids": killed, "crash_resends_allowed": workers},
    )


def _wait_for_mail(suite, seconds):
    """Until the mail log grows (a worker is sending right now), for at most `seconds`."""
    deadline = time.monotonic() + seconds
    size = _size(suite.mail_log)
    while time.monotonic() < deadline and not suite.stopping.is_set():
        time.sleep(0.05)
        if _size(suite.mail_log) != size:
            return


def _size(path):
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


# --- 5. A time that does not exist in Prague -------------------------------------------------------

def _clock_change(local_start):
    first, second = local_start.replace(tzinfo=PRAGUE, fold=0), local_start.replace(tzinfo=PRAGUE, fold=1)
    return first.utcoffset() != second.utcoffset()


def missing_time_in_prague(suite, number):
    from django_q.tasks import async_task, fetch

    from events.models import Audience, Kind, Occurrence, Series, Venue
    from events.recurrence import local_starts, to_local
    from events.services import horizon_end

    from ._seed import make_series, next_weekday

    row = Row("a series at 02:30 on Sundays, then the horizon job",
              "the job does not stall: every other series gets its dates")
    now = timezone.now()
    # The horizon as it stood months ago: the dates beyond it are still to be made by the job.
    Occurrence.objects.filter(start__gt=now + timedelta(days=200), registrations__isnull=True).delete()
    # Written as a row: staff's validation now refuses the rule (as it should), an old row may still hold it.
    bad = Series.objects.create(
        title="Noční bdění", slug="nocni-bdeni", kind=Kind.MEETING, venue=Venue.objects.get(slug="mestanska-beseda"),
        starts_on=next_weekday(6), start_time=clock_time(2, 30), duration=timedelta(hours=1),
        recurrence="FREQ=WEEKLY;BYDAY=SU", capacity=10,
    )
    bad.audiences.set(Audience.objects.filter(slug="seniori"))
    # Series after it, with no dates yet: the job must make them even though the bad one fails.
    make_series("Senioři baví seniory", "seniori-bavi-seniory", rule="FREQ=WEEKLY;BYDAY=FR",
                starts_on=next_weekday(4), start_time=clock_time(15, 0), kind=Kind.FESTIVAL, sync=False)
    make_series("Umííí", "umiii", rule="FREQ=MONTHLY;BYMONTHDAY=10", starts_on=_tenth_after(timezone.localdate()
                + timedelta(days=40)), start_time=clock_time(10, 0), kind=Kind.FESTIVAL, sync=False)

    began = time.monotonic()
    task = fetch(async_task("events.tasks.extend_horizons"), wait=JOB_SECONDS * 1000)
    row.seconds = time.monotonic() - began
    if task is None:
        row.missed.append(f"the horizon job did not finish within {JOB_SECONDS} s")
    elif not task.success:
        row.notes.append(f"the job task failed: {str(task.result).strip().splitlines()[-1][:150]}")
    else:
        row.notes.append(f"job finished in {row.seconds:.0f} s: {task.result}")

    short = []
    for series in Series.objects.exclude(recurrence="").order_by("pk"):
        wanted = local_starts(series.recurrence, series.first_start_local, after=to_local(now),
                              before=to_local(horizon_end(now)))
        made = series.occurrences.filter(recurrence_id__gte=now).count()
        if series.pk == bad.pk:
            impossible = sum(1 for start in wanted if _clock_change(start))
            row.notes.append(f"„{bad.title}“: {made} of {len(wanted)} dates made, {impossible} fall into a clock"
                             " change")
        elif made < len(wanted):
            short.append(f"„{series.title}“ {made} of {len(wanted)}")
    if short:
        row.missed.append("series left without their dates: " + ", ".join(short))
    recorded = _job_run("events.tasks.extend_horizons")
    if recorded:
        row.notes.append(f"job run recorded: {recorded}")
    return row


def _job_run(job):
    """What the last run of a daily job recorded for staff (jobs.models.JobRun), if anything."""
    try:
        from jobs.models import JobRun
    except ImportError:
        return ""
    run = JobRun.objects.filter(job=job).order_by("-started_at").first()
    if run is None:
        return ""
    failures = " ".join(run.failures.split())[:200]
    return f"{run.items_done} done, {run.items_failed} failed" + (f" ({failures})" if failures else "")


# --- 6. Bad input ----------------------------------------------------------------------------------

NESTING = 1100


def bad_input(suite, number):
    row = Row(f"JSON nested {NESTING} levels; NUL in path tokens", "every answer 4xx, 0 5xx")
    nested_list = b"[" * NESTING + b"]" * NESTING
    nested_object = b'{"a":' * NESTING + b"1" + b"}" * NESTING
    writes = [("POST", path, body) for path in ("/api/v1/registrations/", "/api/v1/checkins/")
              for body in (nested_list, nested_object)]
    paths = ["/moje-akce/%00/", "/feeds/me/%00.ics", "/vstupenka/%00/", "/vstupenka/%00/qr.svg",
             "/api/v1/registrations/%00/", "/moje-akce/a%00b/", "/feeds/me/a%00b.ics"]
    reads = [("GET", path, None) for path in paths]
    statuses = Counter()
    for label, requests, headers in (
        ("anonymous", writes + reads, None),
        ("staff", writes, {"Authorization": f"Token {suite.site.staff_token}"}),
    ):
        run = fire(suite.port, label, requests, clients=1, headers=headers)
        statuses.update(run.statuses)
    row.answers = _classified(statuses)
    row.notes.append("answers: " + ", ".join(f"{status}×{count}" for status, count in sorted(statuses.items(),
                                                                                             key=str)))
    wrong = row.requests - row.count("refused")
    if wrong:
        row.missed.append(f"{wrong} of {row.requests} answers not 4xx ({row.count('5xx')} of them 5xx)")
    return row


def _classified(statuses):
    """HTTP statuses (or what went wrong) counted under the labels of the table."""
    answers = Counter()
    for status, count in statuses.items():
        if not isinstance(status, int):
            answers["no answer"] += count
        elif status >= 500:
            answers["5xx"] += count
        elif status >= 400:
            answers["refused"] += count
        else:
            answers["ok"] += count
    return answers


# --- 7. Anonymisation ------------------------------------------------------------------------------

def anonymisation(suite, number):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User
    from django_q.tasks import async_task, fetch

    from registrations.models import Registration

    row = Row("attendees anonymised, then every table dumped", "none of the planted names, contacts, needs")
    mark = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))
    domain = f"{mark}.plant.{_traffic.MAIL_DOMAIN}"
    phones = [f"6{secrets.randbelow(10**8):08d}" for _ in range(3)]
    people = [
        ("API", f"Žofie {mark.capitalize()}ová", f"zofie@{domain}", phones[0], f"kyslíkový přístroj {mark}"),
        ("API", f"Xaver {mark.capitalize()}", f"xaver@{domain}", phones[1], f"vodicí pes {mark}"),
        ("web", f"Bohumila {mark.capitalize()}ová", f"bohumila@{domain}", phones[2], f"inzulín {mark}"),
    ]
    api, form = [], []
    for index, (door, name, email, phone, needs) in enumerate(people):
        occurrence = suite.site.occurrences[0 if index < 2 else 1]
        if door == "API":
            api.append(("POST", _traffic.API_REGISTRATIONS, json.dumps({
                "occurrence": occurrence, "name": name, "email": email, "phone": phone, "needs_note": needs,
                "needs_wheelchair": True,
            }).encode()))
        else:
            from urllib.parse import urlencode

            form.append(("POST", f"/termin/{occurrence}/prihlasit/", urlencode({
                "name": name, "email": email, "phone": phone, "seats": 1, "needs_note": needs,
                "needs_hearing": "on", "consent": "on", "csrfmiddlewaretoken": suite.site.csrf,
            }).encode()))
    registered = [fire(suite.port, "plant, API", api, clients=1),
                  fire(suite.port, "plant, form", form, clients=1, headers={
                      "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html",
                      "Cookie": f"csrftoken={suite.site.cookie}"})]
    for run in registered:
        row.answers.update(_classified(run.statuses))
    planted = list(Registration.objects.filter(person__email__endswith=f"@{domain}").select_related("person")
                   .order_by("pk"))
    if len(planted) != len(people):
        row.missed.append(f"only {len(planted)} of {len(people)} planted registrations were saved")
        return row
    wait_for_outbox()
    count_messages(row, suite, domain)

    # At the first date's door: its own attendee, and another date's (whose name the answer shows).
    door = planted[0].occurrence_id
    scans = [("POST", "/api/v1/checkins/", json.dumps({"occurrence": door, "code": registration.code,
                                                        "nonce": uuid.uuid4().hex}).encode())
             for registration in (planted[0], planted[2])]
    run = fire(suite.port, "door", scans, clients=1, headers={"Authorization": f"Token {suite.site.staff_token}"})
    row.answers.update(_classified(run.statuses))
    if row.answers["ok"] != row.requests:
        row.missed.append(f"planting: {row.requests - row.answers['ok']} of {row.requests} requests were not answered"
                          " 2xx/3xx")
    # Staff corrected the people in the admin: its history names them.
    staff = User.objects.get(username="pracovnice")
    for registration in planted:
        LogEntry.objects.log_actions(
            user_id=staff.pk, queryset=[registration.person], action_flag=CHANGE,
            change_message=f"Opraveno: {registration.person.name}, {registration.needs_note}", single_object=True,
        )

    # The daily job, a year on: every attendee's last date is long past.
    task = fetch(async_task("registrations.tasks.anonymise_past_attendees", now=timezone.now() + timedelta(days=400)),
                 wait=JOB_SECONDS * 1000)
    if task is None or not task.success:
        row.missed.append("the anonymisation job did not finish"
                          + (f": {str(task.result).strip().splitlines()[-1][:150]}" if task else ""))
        return row
    row.notes.append(f"{task.result} people anonymised")
    left = Registration.objects.filter(pk__in=[registration.pk for registration in planted],
                                       person__anonymised_at__isnull=True).count()
    if left:
        recorded = _job_run("registrations.tasks.anonymise_past_attendees")
        row.missed.append(f"{left} of {len(planted)} planted people not anonymised"
                          + (f"; the job recorded: {recorded}" if recorded else ""))

    dump = suite.var_dir / "dump.json"
    done = subprocess.run([sys.executable, "manage.py", "dumpdata", "--all", "--output", str(dump)], cwd=ROOT,
                          env=suite.child_env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        row.missed.append(f"dumpdata failed: {done.stderr.strip().splitlines()[-1][:200]}")
        return row
    text = dump.read_text(encoding="utf-8")
    needles = [mark, *phones]
    found = Counter()
    for record in json.loads(text):
        for name, value in record["fields"].items():
            for string in _strings(value):
                flat = string.lower().replace(" ", "")
                if any(needle in flat for needle in needles):
                    found[f"{record['model']}.{name}"] += 1
    leftovers = sum(1 for needle in needles if needle in text.lower().replace(" ", "")) if not found else 0
    row.notes.append(f"dump of every table: {len(text) // 1024} KiB")
    if found:
        row.missed.append("still in the dump: " + ", ".join(f"{place} ×{count}" for place, count in found.items()))
    elif leftovers:
        row.missed.append(f"{leftovers} planted values still in the dump's text")
    return row


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _tenth_after(day):
    """The first 10th of a month on or after `day`: the first date of a BYMONTHDAY=10 rule, whatever today is."""
    from datetime import date

    if day.day <= 10:
        return day.replace(day=10)
    return date(day.year + day.month // 12, day.month % 12 + 1, 10)
