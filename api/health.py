"""/health/: what a city's monitoring polls. Plain JSON, no personal data, never cached.

200 with "status": "ok" when all is well; 503 with "status": "attention" and the failing parts
marked "ok": false when something needs a person: the database or the task broker unreachable,
the cache (Redis) down, a message waiting too long, a scheduled job overdue (the worker is not
running), or a daily job whose last run failed or that has not succeeded for over a day.

Every check is quick and never raises: a check that fails reports itself as down.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A daily job runs once a day; two more hours cover a slow night.
JOB_SUCCESS_WITHIN = timedelta(hours=26)
# The scheduler looks at due schedules every few seconds: a schedule this late means no worker runs.
SCHEDULE_OVERDUE_AFTER = timedelta(hours=1)
# The outbox is swept every minute and retries with growing waits; this old means delivery is stuck.
MESSAGE_WAITS_AT_MOST = timedelta(minutes=15)
BROKER_TIMEOUT_SECONDS = 0.5


def _checked(check, *args):
    """Run one check; an error of any kind makes it report itself as down, with the kind only."""
    started = time.monotonic()
    try:
        result = check(*args)
    except Exception as error:  # a health check must answer, whatever broke
        logger.warning("Health check %s failed", check.__name__, exc_info=True)
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_cache():
    cache = caches["default"]
    key = f"spolu-health-{time.monotonic_ns()}"
    cache.set(key, "1", 10)
    answered = cache.get(key) == "1"
    cache.delete(key)
    # The Redis cache falls back to this process's memory when Redis is down (config/cache.py):
    # the pages work, but Redis needs a person.
    if getattr(cache, "is_down", False):
        return {"ok": False, "backend": "redis", "error": "unreachable, using memory"}
    return {"ok": answered, "backend": cache.__class__.__name__}


def check_broker(database):
    if not settings.REDIS_URL:
        # django-q2 keeps its queue in the database: the database check says it all.
        return {"ok": database["ok"], "kind": "orm"}
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=BROKER_TIMEOUT_SECONDS, socket_timeout=BROKER_TIMEOUT_SECONDS,
    )
    try:
        return {"ok": bool(client.ping()), "kind": "redis"}
    finally:
        client.close()


def check_outbox(now):
    from messaging.models import Message
    from messaging.outbox import oldest_unsent_age

    age = oldest_unsent_age(now=now)
    return {
        "ok": age is None or age <= MESSAGE_WAITS_AT_MOST,
        "oldest_unsent_seconds": None if age is None else int(age.total_seconds()),
        # Failed for good, waiting for staff's "send again" in the admin; reported, not alarming:
        # a wrong address stays failed.
        "failed": Message.objects.filter(status=Message.Status.FAILED).count(),
    }


def check_jobs(now):
    """Every scheduled job: overdue or not; and for the daily jobs that record their runs, the last
    success and whether the last run succeeded."""
    from django_q.models import Schedule

    from jobs.models import JobRun

    runs = JobRun.objects.latest_by_job(now)
    jobs = {}
    for func, next_run in Schedule.objects.exclude(repeats=0).order_by("func").values_list("func", "next_run"):
        state = {"ok": True, "next_run": _iso(next_run)}
        if next_run is not None and next_run < now - SCHEDULE_OVERDUE_AFTER:
            state.update(ok=False, problem="overdue: no worker runs the schedules")
        recorded = runs.get(func)
        if recorded is not None and recorded["last_run"] is not None:  # (a first run still going is not judged)
            last_success = recorded["last_success"]
            state.update(last_success=_iso(last_success), last_run_ok=recorded["last_run_ok"])
            if recorded["last_run_ok"] is False:
                state.update(ok=False, problem="last run failed: see the admin, Daily jobs")
            elif last_success is None or last_success < now - JOB_SUCCESS_WITHIN:
                state.update(ok=False, problem="no successful run for over 26 hours")
        jobs[func] = state
    return {"ok": all(state["ok"] for state in jobs.values()), "each": jobs}


def _iso(moment):
    return None if moment is None else moment.isoformat()


@never_cache
@require_safe
def health(request):
    now = timezone.now()
    database = _checked(check_database)
    report = {
        "database": database,
        "cache": _checked(check_cache),
        "broker": _checked(check_broker, database),
        "outbox": _checked(check_outbox, now),
        "jobs": _checked(check_jobs, now),
    }
    attention = [part for part, result in report.items() if not result["ok"]]
    body = {"status": "attention" if attention else "ok", "attention": attention, "time": now.isoformat(), **report}
    return JsonResponse(body, status=503 if attention else 200)
