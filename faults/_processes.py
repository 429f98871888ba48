"""The real parts the suite starts, stops and kills: its own redis-server, `manage.py qcluster`,
the machine's PostgreSQL cluster, and the workers of gunicorn (bench._load.Server).

Every process is started in a session of its own, so a kill reaches its whole group and Ctrl-C
in the terminal reaches only the runner, which stops them on its way out.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from bench._load import ROOT, free_port


class Process:
    """A child process in its own process group, logging to a file."""

    def __init__(self, name, log_path):
        self.name, self.log_path = name, Path(log_path)
        self.process = None

    def _spawn(self, command, env=None):
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """kill -9 of the whole group, as when the machine loses the process."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self.process = None

    def stop(self, grace=5.0):
        """SIGTERM, then kill -9 of the group after `grace` seconds (qcluster can hang on SIGTERM)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def log_tail(self, lines=15):
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return "\n".join(text[-lines:])


class Redis(Process):
    """redis-server on a spare port, without persistence: stopping it loses what it held, as a crash does."""

    def __init__(self, log_path, work_dir):
        super().__init__("redis-server", log_path)
        self.port = free_port()
        self.work_dir = work_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=15):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self._spawn([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--dir", str(self.work_dir)])
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"redis-server exited:\n{self.log_tail()}")
            try:
                if client.ping():
                    return
            except redis.RedisError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not answer within {timeout} s:\n{self.log_tail()}")


class QCluster(Process):
    """`manage.py qcluster`: the django-q2 workers, with the schedules (the outbox's sweep)."""

    READY = b"running."

    def __init__(self, log_path, env):
        super().__init__("qcluster", log_path)
        self.env = env
        self.starts = 0

    def start(self, timeout=30):
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._spawn([sys.executable, "manage.py", "qcluster"], env=self.env)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"qcluster exited with {self.process.returncode}:\n{self.log_tail()}")
            with self.log_path.open("rb") as log:
                log.seek(offset)
                if self.READY in log.read():
                    return
            time.sleep(0.2)
        raise RuntimeError(f"qcluster did not start within {timeout} s:\n{self.log_tail()}")


def _processes():
    """(pid, parent pid, process group) of every process, from /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid pgrp ...": the name may hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[1].split()
        yield int(entry.name), int(fields[1]), int(fields[2])


def children(pid):
    """The process ids whose parent is `pid` (gunicorn's workers of its master)."""
    return sorted(child for child, parent, _group in _processes() if parent == pid)


def group(pid):
    """Every process of the group `pid` leads (qcluster and its workers)."""
    return sorted(member for member, _parent, leader in _processes() if leader == pid)


class PostgreSQL:
    """The machine's own cluster (pg_ctlcluster), stopped and started by the PostgreSQL scenario only."""

    def __init__(self, host="127.0.0.1", port=5432):
        self.host, self.port = host, str(port)
        self.stopped_by_us = False

    @staticmethod
    def version():
        versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
        return versions[-1] if versions else None

    def available(self):
        """Why the cluster cannot be stopped and started here, or None when it can."""
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            return f"the database is on {self.host}, not on this machine"
        if not shutil.which("pg_ctlcluster") or not shutil.which("pg_isready"):
            return "pg_ctlcluster and pg_isready are not installed"
        if self.version() is None:
            return "no cluster in /etc/postgresql"
        if os.geteuid() != 0:
            return "stopping the cluster needs root (pg_ctlcluster)"
        return None

    def _ctl(self, action, *extra):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version(), "main", action, *extra],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
        )

    def ready(self):
        return subprocess.run(["pg_isready", "-q", "-h", self.host, "-p", self.port], timeout=10).returncode == 0

    def stop(self):
        self.stopped_by_us = True
        self._ctl("stop", "-m", "fast")

    def start(self, timeout=60):
        """Start the cluster (if it is not running) and wait until it accepts connections."""
        if not self.ready():
            try:
                self._ctl("start")
            except subprocess.CalledProcessError as error:
                if not self.ready():  # "already running" is fine; anything else is not
                    raise RuntimeError(f"pg_ctlcluster start failed: {error.stderr.decode(errors='replace')}") from None
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not accept connections within {timeout} s")
            time.sleep(0.2)
        self.stopped_by_us = False
