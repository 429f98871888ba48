"""The fault suite of issue 11: the real processes, each fault injected, and what was lost counted.

    .venv/bin/python faults/run.py                 # every scenario (what `make faults` does)
    .venv/bin/python faults/run.py redis postgresql   # only some, by the names in SCENARIOS

It starts its own redis-server on a spare port, gunicorn (2 workers) and `manage.py qcluster`
(django-q2 on that Redis), in a database of its own: with DATABASE_URL=postgres://… a separate
"faults_<name>" database (needs CREATEDB), else a SQLite file in a temporary directory. The
developer's data is never touched. Then each fault of the issue's table is injected while people
register over HTTP, and a table says, for each: requests, 5xx, registrations saved, e-mails
expected / delivered / duplicated, and the goal beside it. The exit status is 1 when a goal is
missed, so `.ci/run` fails.

Stopping PostgreSQL needs root and pg_ctlcluster (as in CI); on SQLite that scenario is skipped
with its reason. Whatever happens, even Ctrl-C, the processes are killed, PostgreSQL is started
again and the database is dropped. FAULTS_KEEP=1 keeps the temporary directory (logs, mail log).
"""

import logging
import os
import platform
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

FAULTS_DIR = Path(__file__).resolve().parent
ROOT = FAULTS_DIR.parent
WEB_WORKERS = 2
WEB_THREADS = 4
LEASE_SECONDS = 20

# name on the command line: (scenario function, keyword arguments)
SCENARIOS = {
    "redis": ("redis_stopped", {}),
    "web-worker": ("web_worker_killed", {}),
    "postgresql": ("postgresql_stopped", {}),
    "qcluster": ("worker_killed", {}),
    "horizon": ("missing_time_in_prague", {}),
    "bad-input": ("bad_input", {}),
    "anonymisation": ("anonymisation", {}),
    "qcluster-orm": ("worker_killed", {"broker": "ORM"}),
}


class Suite:
    """The running parts, handed to every scenario."""

    def __init__(self, var_dir):
        self.var_dir = var_dir
        self.mail_log = var_dir / "mail.log"
        self.stopping = threading.Event()
        self.threads = WEB_THREADS
        self.redis = self.qcluster = self.server = self.site = self.postgresql = None
        self.vendor = ""
        self.child_env = {}
        self.broker = "Redis"

    @property
    def port(self):
        return self.server.port

    def start_web(self, database_name):
        from bench._load import Server

        self.server = Server(
            database_name=database_name, workers=WEB_WORKERS, threads=WEB_THREADS,
            env={"DJANGO_SETTINGS_MODULE": "faults._settings", "FAULTS_BROKER": self.child_env["FAULTS_BROKER"]},
            log_path=self.var_dir / f"gunicorn-{self.broker.lower()}.log",
        ).__enter__()

    def use_broker(self, broker, database_name):
        """Start the web and the worker again with the other django-q2 broker ("Redis" or "ORM")."""
        self.server.stop()
        self.qcluster.stop()
        self.broker = broker
        self.child_env["FAULTS_BROKER"] = broker.lower()
        self.start_web(database_name)
        self.qcluster.env = self.child_env
        self.qcluster.start()

    def revive(self):
        """A part that died by itself is a finding; start it again so the next scenario can run."""
        died = []
        if self.qcluster.process is None or not self.qcluster.running:
            died.append("qcluster")
            self.qcluster.process = None
            self.qcluster.start()
        if self.server.process is None or self.server.process.poll() is not None:
            died.append("gunicorn")
            self.server.stop()
            self.start_web(self.child_env["BENCH_DATABASE_NAME"])
        if not self.redis.running:
            died.append("redis-server")
            self.redis.start()
        return died

    def stop(self):
        self.stopping.set()
        for part in (self.server, self.qcluster, self.redis):
            if part is not None:
                try:
                    part.stop()
                except Exception:  # the others must still be stopped
                    traceback.print_exc()


def main(selected):
    # Run as a script, Python puts faults/ itself first on the path; the project root is wanted.
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != FAULTS_DIR]
    unknown = set(selected) - set(SCENARIOS)
    if unknown:
        sys.exit(f"No such scenario: {', '.join(sorted(unknown))}. Available: {', '.join(SCENARIOS)}")
    names = [name for name in SCENARIOS if not selected or name in selected]

    var_dir = Path(tempfile.mkdtemp(prefix="spolu-faults-"))
    (var_dir / "staticfiles").mkdir()
    os.environ.update({
        "SPOLU_VAR_DIR": str(var_dir),
        "DEBUG": "1",  # see bench/_settings.py, which turns it off again
        "DJANGO_SETTINGS_MODULE": "faults._settings",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "SPOLU_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        # Every client is 127.0.0.1: the limits per address would stop the suite, not a fault.
        "SPOLU_REGISTRATION_THROTTLE": "1000000/hour",
        "SPOLU_STAFF_REGISTRATION_THROTTLE": "1000000/hour",
        "Q_WORKERS": "2",
        "FAULTS_BROKER": "redis",
    })
    os.environ.pop("REDIS_URL", None)
    # Ctrl-C and a CI's timeout both end in the clean-up below (even when started in the background,
    # where a shell leaves SIGINT ignored).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from faults._processes import PostgreSQL, QCluster, Redis

    suite = Suite(var_dir)
    started = time.monotonic()
    failed = True
    database = None
    try:
        suite.redis = Redis(var_dir / "redis.log", var_dir)
        suite.redis.start()
        os.environ["REDIS_URL"] = suite.redis.url

        import django

        django.setup()
        logging.getLogger("django-q").setLevel(logging.WARNING)  # the runner's own "Enqueued …"
        from django.db import connection

        from faults import _scenarios
        from faults._seed import seed
        from faults._traffic import Site

        suite.vendor = connection.vendor
        if suite.vendor == "postgresql":
            suite.postgresql = PostgreSQL(connection.settings_dict["HOST"] or "127.0.0.1",
                                          connection.settings_dict["PORT"] or 5432)
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        database_name = connection.settings_dict["NAME"]
        open_dates, staff_token = seed()
        suite.child_env = {**os.environ, "BENCH_DATABASE_NAME": str(database_name)}
        suite.start_web(database_name)
        suite.qcluster = QCluster(var_dir / "qcluster.log", suite.child_env)
        suite.qcluster.start()
        suite.site = Site(suite.port, open_dates, staff_token)
        print(f"Spolu fault suite — Python {platform.python_version()}, Django {django.get_version()},"
              f" {suite.vendor} ({database_name}), {os.cpu_count()} CPUs; gunicorn {WEB_WORKERS} workers ×"
              f" {WEB_THREADS} threads, qcluster 2 workers on its own Redis (port {suite.redis.port}); outbox lease"
              f" {LEASE_SECONDS} s; ready in {time.monotonic() - started:.0f} s", flush=True)

        rows = []
        for number, name in enumerate(names, start=1):
            function, options = SCENARIOS[name]
            if options.get("broker", "Redis") != suite.broker:
                suite.use_broker(options["broker"], database_name)
            print(f"\n== {number}. {name}", flush=True)
            began = time.monotonic()
            try:
                row = getattr(_scenarios, function)(suite, number, **options)
            except Exception as error:
                traceback.print_exc()
                row = _scenarios.Row(name, "the scenario runs", missed=[f"the scenario crashed: {error!r}"])
            row.seconds = time.monotonic() - began
            died = suite.revive()
            if died:
                row.missed.append(f"{', '.join(died)} died and had to be started again")
            _print_progress(row)
            rows.append(row)
        print()
        print_table(rows)
        missed = [row for row in rows if row.missed]
        print(f"\n{len(rows) - len(missed) - sum(1 for row in rows if row.skipped)} met, {len(missed)} missed,"
              f" {sum(1 for row in rows if row.skipped)} skipped; {time.monotonic() - started:.0f} s in all")
        if missed:
            _print_log_errors(suite)
        failed = bool(missed)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the processes and dropping the database.", file=sys.stderr)
    finally:
        suite.stop()
        if suite.postgresql is not None:
            suite.postgresql.start()
        if database is not None:
            _drop_database(database)
        if failed or os.environ.get("FAULTS_KEEP") == "1":
            print(f"(logs and the mail log kept in {var_dir})")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 1 if failed else 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _drop_database(original_name):
    from django.db import connection

    connection.close()
    if connection.vendor == "postgresql":
        # Every process of the suite is gone; a backend may linger a moment after its client.
        for _attempt in range(3):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                   " WHERE datname = current_database() AND pid <> pg_backend_pid()")
                break
            except Exception:
                connection.close()
                time.sleep(1)
        connection.close()
    try:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    except Exception as error:
        print(f"!! could not drop the suite's database: {error}", file=sys.stderr)


def _print_progress(row):
    if row.skipped:
        print(f"  skipped: {row.skipped}", flush=True)
        return
    for note in row.notes:
        print(f"  {note}")
    verdict = "goal met" if not row.missed else "GOAL MISSED: " + "; ".join(row.missed)
    print(f"  {verdict} ({row.seconds:.0f} s)", flush=True)


def _cell(value):
    return "-" if value is None else str(value)


def print_table(rows):
    header = (f"  {'#':>2}  {'fault':<62} {'requests':>8} {'5xx':>12} {'no answer':>9} {'saved':>6}"
              f" {'e-mails expected':>16} {'delivered':>9} {'duplicated':>10}  goal")
    print(header)
    print("  " + "-" * (len(header) + 40))
    for number, row in enumerate(rows, start=1):
        if row.skipped:
            print(f"  {number:>2}  {row.fault:<62} skipped: {row.skipped}")
            continue
        errors = row.count("5xx")
        during = row.count("5xx, database down")
        server_errors = f"{errors}" + (f" (+{during} db↓)" if during else "")
        no_answer = row.count("no answer") + row.count("no answer, database down")
        verdict = "met" if not row.missed else "MISSED"
        duplicated = _cell(row.duplicated) + (f" ({row.crash_resends} kill)" if row.crash_resends else "")
        print(f"  {number:>2}  {row.fault:<62} {row.requests:>8} {server_errors:>12} {no_answer:>9}"
              f" {_cell(row.saved):>6} {_cell(row.expected):>16} {_cell(row.delivered):>9}"
              f" {duplicated:>10}  {row.goal}: {verdict}")
        for reason in row.missed:
            print(f"  {'':>2}  !! {reason}")
    print("  (5xx: answers 5xx while the database was up; \"db↓\": while PostgreSQL was stopped, which the goal"
          " allows. No answer: the connection was dropped, as by a killed web worker. Duplicated \"kill\": sent again"
          " because the killed worker had handed it to the mail server but not marked it sent.)")


def _print_log_errors(suite, lines=12):
    """The last errors of each process, for a reader of CI's log who cannot open the files."""
    for path in sorted(suite.var_dir.glob("*.log")):
        if path.name == "mail.log":
            continue
        text = path.read_text(errors="replace").splitlines()
        errors = [line for line in text if any(word in line for word in ("ERROR", "Error", "Traceback", "CRITICAL"))]
        if errors:
            print(f"\n-- {path.name}: {len(errors)} error lines, the last {min(lines, len(errors))}:")
            for line in errors[-lines:]:
                print(f"   {line[:200]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
