"""Registrations and page views over HTTP, in streams that run at once while a fault is injected.

Each stream is one `bench._load.fire()` run: a few clients, each starting a request every
`pace` seconds, as people at their screens rather than a machine at full speed, so a burst lasts
long enough for a fault to fall into its middle. Every answer is sorted the moment it arrives:
ok (2xx/3xx), refused (4xx), 5xx, or no answer at all, each "while the database was down" when
the PostgreSQL scenario has it stopped.
"""

import http.client
import json
import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench._load import fire

API_REGISTRATIONS = "/api/v1/registrations/"
MAIL_DOMAIN = "faults.example.org"


def mail_domain(tag):
    """Every scenario registers people with addresses of its own domain, so its e-mails can be counted."""
    return f"{tag}.{MAIL_DOMAIN}"


class Outage:
    """When the database is down: 5xx and unanswered requests then are expected, not failures.

    `end(grace)` keeps the window open a little after the database is back, for the requests
    that were already waiting on it.
    """

    def __init__(self):
        self._down = False
        self._until = 0.0
        self.seconds = 0.0
        self._began = None

    def begin(self):
        self._began = time.monotonic()
        self._down = True

    def end(self, grace=2.0):
        if self._down:
            self.seconds += time.monotonic() - self._began
        self._down = False
        self._until = time.monotonic() + grace

    def now(self):
        return self._down or time.monotonic() < self._until


@dataclass
class Stream:
    label: str
    requests: list
    clients: int
    pace: float
    headers: dict = field(default_factory=dict)
    registers: bool = False


@dataclass
class Burst:
    """What the clients saw, summed over the streams."""

    answers: Counter = field(default_factory=Counter)
    registrations_ok: int = 0
    seconds: float = 0.0

    @property
    def requests(self):
        return sum(self.answers.values())


def _answer(outage):
    def answer_of(status, body):
        during = outage is not None and outage.now()
        if isinstance(status, int):
            if status < 400:
                return "ok"
            if status < 500:
                return "refused"
            return "5xx, database down" if during else "5xx"
        return "no answer, database down" if during else "no answer"

    return answer_of


def run(port, streams, *, fault=None, outage=None, stopping=None, slack_seconds=60):
    """Fire every stream at once, with `fault()` in a thread beside them; returns a Burst.

    An error of the fault itself (a process that would not start again) is raised after the
    streams have finished, so the suite stops instead of counting a fault that did not happen.
    On Ctrl-C, `stopping` is set and the fault gets a moment to undo itself (start PostgreSQL
    again) before the runner cleans up.
    """
    burst = Burst()
    results, fault_error = {}, []

    def send(stream):
        seconds = math.ceil(len(stream.requests) / stream.clients) * stream.pace
        results[stream.label] = fire(
            port, stream.label, stream.requests, clients=stream.clients, pace_seconds=stream.pace,
            deadline_seconds=seconds + slack_seconds, headers=stream.headers, answer_of=_answer(outage),
        ), stream

    def inject():
        try:
            fault()
        except BaseException as error:  # re-raised in the main thread
            fault_error.append(error)

    threads = [threading.Thread(target=send, args=(stream,), daemon=True) for stream in streams]
    if fault is not None:
        threads.append(threading.Thread(target=inject, daemon=True))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        if stopping is not None:
            stopping.set()
        if fault is not None:
            threads[-1].join(timeout=60)
        raise
    burst.seconds = time.monotonic() - began
    if fault_error:
        raise fault_error[0]
    for figures, stream in results.values():
        burst.answers.update(figures.answers)
        if stream.registers:
            burst.registrations_ok += figures.answers.get("ok", 0)
    return burst


def _person(tag, kind, number):
    return {
        "name": f"Účastnice {tag} {kind} {number}",
        "email": f"{kind}{number}@{mail_domain(tag)}",
        "seats": 2 if number % 4 == 3 else 1,
    }


def _phone(scenario_number, kind_number, number):
    return f"7{scenario_number % 100:02d}{kind_number}{number:05d}"


class Site:
    """What the streams need to know about the running site: its port, dates open for registration,
    a browser's CSRF cookie and token for the form, and a staff member's API token."""

    def __init__(self, port, occurrences, staff_token):
        self.port = port
        self.occurrences = occurrences
        self.staff_token = staff_token
        self.cookie, self.csrf = self._csrf()

    def _csrf(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", f"/termin/{self.occurrences[0]}/prihlasit/")
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if response.status != 200 or not cookie or not token:
            raise RuntimeError(f"the registration form did not give a CSRF token (status {response.status})")
        return cookie.group(1), token.group(1)

    def occurrence(self, number):
        return self.occurrences[number % len(self.occurrences)]

    def streams(self, tag, scenario_number, *, seconds, pace=0.5, reads=True, form=True, staff=True, clients=2):
        """The registrations (public API, web form, staff API) and page views of one burst."""
        per_client = max(1, round(seconds / pace))
        count = per_client * clients
        streams = [Stream("API, anonymous", [
            ("POST", API_REGISTRATIONS, json.dumps({
                **_person(tag, "api", number), "occurrence": self.occurrence(number),
                "phone": _phone(scenario_number, 1, number),
            }).encode())
            for number in range(count)
        ], clients, pace, registers=True)]
        if form:
            streams.append(Stream("web form", [
                ("POST", f"/termin/{self.occurrence(number + 1)}/prihlasit/", urlencode({
                    **_person(tag, "web", number), "phone": "", "csrfmiddlewaretoken": self.csrf, "consent": "on",
                    "needs_note": "",
                }).encode())
                for number in range(count)
            ], clients, pace, {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html",
                               "Cookie": f"csrftoken={self.cookie}"}, registers=True))
        if staff:
            staff_count = max(1, count // 2)
            streams.append(Stream("API, staff", [
                ("POST", API_REGISTRATIONS, json.dumps({
                    **_person(tag, "staff", number), "occurrence": self.occurrence(number + 2),
                    "phone": _phone(scenario_number, 3, number),
                }).encode())
                for number in range(staff_count)
            ], 1, pace, {"Authorization": f"Token {self.staff_token}"}, registers=True))
        if reads:
            paths = ["/", "/api/v1/occurrences/", "/feeds/program.ics",
                     *(f"/api/v1/occurrences/{pk}/" for pk in self.occurrences[:3])]
            streams.append(Stream("programme and API reads", [
                ("GET", paths[number % len(paths)], None) for number in range(count)
            ], clients, pace))
        return streams
