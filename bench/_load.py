"""Load over real HTTP: a gunicorn server on 127.0.0.1 and many clients, each with its own connection.

Used by bench/registration_rush.py and bench/checkin_rush.py. The server runs `bench._server_settings`
against the bench database of bench/run.py; it is started in its own process group and always stopped again.
"""

import http.client
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 20
REQUEST_TIMEOUT = 30


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the site, as a context manager: started on a free port, stopped on the way out."""

    def __init__(self, *, database_name, workers, threads, env=None, log_path):
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.log_path = Path(log_path)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench._server_settings",
            "BENCH_DATABASE_NAME": str(database_name),
            **(env or {}),
        }
        self.process = None

    @property
    def description(self):
        return f"gunicorn, {self.workers} workers × {self.threads} threads on 127.0.0.1:{self.port}"

    def __enter__(self):
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--threads", str(self.threads),
            "--worker-class", "gthread", "--keep-alive", "10", "--timeout", "60", "--graceful-timeout", "5",
            "--log-level", "warning", "--chdir", str(ROOT),
        ]
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/bench/trivial/")
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self):
        """SIGTERM to the master (it stops its workers), then SIGKILL to the group if it lingers."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()
        self.process = None

    def log_tail(self, lines=30):
        self.log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


@dataclass
class Run:
    label: str
    wall_seconds: float = 0.0
    samples_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    answers: Counter = field(default_factory=Counter)  # what `answer_of` made of the bodies, if given
    cut_short: bool = False

    @property
    def requests(self):
        return len(self.samples_ms)

    @property
    def succeeded(self):
        return sum(count for status, count in self.statuses.items() if isinstance(status, int) and status < 300)

    @property
    def per_second(self):
        return self.succeeded / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, p):
        if len(self.samples_ms) < 2:
            return self.samples_ms[0] if self.samples_ms else float("nan")
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[p - 1]

    @property
    def status_text(self):
        return ", ".join(f"{status}×{count}" for status, count in sorted(self.statuses.items(), key=str))


def fire(port, label, requests, *, clients, deadline_seconds=12.0, headers=None, answer_of=None, shares=False,
         pace_seconds=None):
    """Send `requests` (a list of (method, path, body bytes)) from `clients` threads at once.

    Every thread opens its own keep-alive connection and takes the next request from the shared
    list until it is used up or the deadline passes. Returns the figures of the whole run.
    With `shares=True`, `requests` is instead one list per client, which that client alone sends
    in order (as a scanner at its own door). `headers` are sent with every request (e.g. a token),
    and `answer_of(status, body bytes)` may name what an answer said: it is counted in `answers`.
    With `pace_seconds`, each client starts a request every so often instead of at once (a person at
    a door, not a machine; the clients staggered evenly): latency without the queue that back-to-back
    requests build.
    """
    run = Run(label)
    if shares and len(requests) != clients:
        raise ValueError(f"shares=True needs one list of requests per client: {len(requests)} lists, {clients} clients")
    next_index = itertools.count()
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(number, own):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        samples, statuses, answers = [], Counter(), Counter()
        queue, indexes = (own, itertools.count()) if own is not None else (requests, next_index)
        start.wait()
        next_start = time.monotonic() + (pace_seconds or 0) * number / clients
        while True:
            index = next(indexes)
            if index >= len(queue):
                break
            if pace_seconds:
                time.sleep(max(0.0, next_start - time.monotonic()))
                next_start += pace_seconds
            if time.monotonic() > deadline[0]:
                with lock:
                    run.cut_short = True
                break
            method, path, body = queue[index]
            began = time.perf_counter()
            status, data = _send(connection, method, path, body, headers)
            samples.append((time.perf_counter() - began) * 1000)
            statuses[status] += 1
            if answer_of is not None:
                answers[answer_of(status, data)] += 1
        connection.close()
        with lock:
            run.samples_ms.extend(samples)
            run.statuses.update(statuses)
            run.answers.update(answers)

    threads = [
        threading.Thread(target=client, args=(number, requests[number] if shares else None), daemon=True)
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = time.monotonic() + deadline_seconds
    start.wait()
    for thread in threads:
        thread.join(deadline_seconds + REQUEST_TIMEOUT + 5)
    run.wall_seconds = time.perf_counter() - began
    return run


def _send(connection, method, path, body, extra_headers=None):
    """Returns the status (or the name of what went wrong) and the body read."""
    headers = {"Content-Type": "application/json", "Accept": "application/json", **(extra_headers or {})}
    for attempt in range(2):
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection: reconnect once, as a browser would.
            connection.close()
            if attempt:
                return "disconnected", b""
        except (TimeoutError, OSError, http.client.HTTPException) as error:
            connection.close()
            return type(error).__name__, b""
    return "disconnected", b""
