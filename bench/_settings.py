"""The site's own settings, timed as production runs them: no SQL log, no template debugging.

bench/run.py starts Django with DEBUG=1 in the environment so that config.settings picks the
plain static-files storage and no HTTPS redirect (neither needs a deployment), then this module
turns DEBUG off: with it on, every query would also be written to `connection.queries`.
"""

from config.settings import *  # noqa: F403
from config.settings import ALLOWED_HOSTS, DATABASES, SQLITE_ENGINE, VAR_DIR

DEBUG = False
ROOT_URLCONF = "bench._urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]

# The benchmark works in a database of its own, created and dropped by bench/run.py the way
# the test runner does it, so a DATABASE_URL pointing at real data is safe. On PostgreSQL it
# is "bench_<name>", not the test runner's "test_<name>", so a test run at the same time
# keeps its database. On SQLite it is a file in the throwaway SPOLU_VAR_DIR rather than in
# memory, so the timings include the file and its WAL journal, as on a real site.
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "bench.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"bench_{DATABASES['default']['NAME']}"}
