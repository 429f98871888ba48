"""Settings for the test suite: django-q2 reads Q_CLUSTER once at import, so `sync` is set here."""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403
from config.settings import Q_CLUSTER, VAR_DIR  # noqa: E402

Q_CLUSTER = {**Q_CLUSTER, "sync": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "test-mail"

# Concurrency tests run threads with their own connections: on SQLite they need a real file
# (an in-memory shared cache fails at once with "table is locked" instead of waiting).
from config.settings import DATABASES, SQLITE_ENGINE  # noqa: E402

# One test database per run, so two runs on one machine (a developer and CI) never share one.
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-spolu-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_spolu_{os.getpid()}"}
