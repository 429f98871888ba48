"""Settings of the gunicorn server that bench/registration_rush.py starts: the site, in the bench database.

As in bench/_settings.py the site runs as in production (DEBUG off). Everything it writes stays in
the throwaway database: tasks go to the ORM broker (a REDIS_URL in the environment is ignored, so no
real worker would ever pick up a bench e-mail), the cache is the process's own memory and mail
never leaves the process.
"""

import os

from bench._settings import *  # noqa: F403
from bench._settings import ALLOWED_HOSTS, DATABASES, Q_CLUSTER

ROOT_URLCONF = "bench._server_urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1"]
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
Q_CLUSTER = {**{key: value for key, value in Q_CLUSTER.items() if key != "redis"}, "orm": "default"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
