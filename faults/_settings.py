"""Settings of the fault suite: the runner, its gunicorn and its qcluster share them.

As in bench/_settings.py the site runs as in production (DEBUG off, no SQL log), in a database
of its own that faults/run.py creates and drops: "faults_<name>" on PostgreSQL, a file in the
throwaway SPOLU_VAR_DIR on SQLite. REDIS_URL is the suite's own redis-server, so the cache and
the django-q2 broker are Redis, as on a real site. E-mails are not sent: each is one line in a
file (faults/_mailbox.py), so every process's deliveries can be counted.
"""

import os

from bench._settings import *  # noqa: F403
from bench._settings import ALLOWED_HOSTS, DATABASES, LOGGING, Q_CLUSTER, SQLITE_ENGINE, VAR_DIR

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1"]

if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "faults.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"faults_{DATABASES['default']['NAME']}"}
# The processes the runner starts open the database it created (bench._load.Server passes it).
if os.environ.get("BENCH_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]

# The last scenario kills the worker on django-q2's other broker, the database (the default without Redis).
if os.environ.get("FAULTS_BROKER") == "orm":
    Q_CLUSTER = {**{key: value for key, value in Q_CLUSTER.items() if key != "redis"}, "orm": "default"}

# The runner sees in qcluster's log when it is up ("Q Cluster … running."), and a reader what it did.
LOGGING = {**LOGGING, "loggers": {**LOGGING.get("loggers", {}), "django-q": {"level": "INFO"}}}

EMAIL_BACKEND = "faults._mailbox.CountingBackend"
FAULTS_MAIL_LOG = VAR_DIR / "mail.log"
