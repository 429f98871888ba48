"""Run a daily job item by item, so that one bad row never stops the others, and record the run."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobRun

logger = logging.getLogger(__name__)

KEEP_RUNS_FOR = timedelta(days=90)
MAX_FAILURE_LINES = 50


def reason_of(error):
    """The reason to record: the message of the app's own errors (written for people), otherwise only
    the kind of error; the full traceback goes to the log. Messages of other errors (a database's
    "Key (email)=(…) already exists") may carry personal data."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    return type(error).__name__


def run_job(job, items, handle, describe=str, *, label=""):
    """Call `handle(item)` for each item, each in its own transaction, and record a JobRun.

    An item whose `handle` raises is rolled back, logged with `describe(item)` and the reason, and
    the others go on. `handle` may instead return a list of problems — parts it could not do while
    doing the rest, such as one date of a series that does not exist in Prague: its work is kept,
    and the item counts as failed with those problems as the reason. `describe(item)` names the item
    for staff and the log: a title and an id, never a person's name or contact.

    Returns the finished JobRun; `ok` is true when no item failed. An error while loading the items
    is recorded as a failed run and raised again.
    """
    run = JobRun.objects.create(job=job, label=str(label)[:200], started_at=timezone.now())
    failures = []

    def failed(item, reasons):
        failures.append(f"{_describe(describe, item)}: {'; '.join(reasons)}")
        run.items_failed += 1

    try:
        for item in items:
            try:
                with transaction.atomic():
                    problems = handle(item)
            except Exception as error:
                logger.exception("Job %s: %s failed", job, _describe(describe, item))
                failed(item, [reason_of(error)])
                continue
            if isinstance(problems, (list, tuple)) and problems:
                problems = [str(problem) for problem in problems]
                logger.warning("Job %s: %s: %s", job, _describe(describe, item), "; ".join(problems))
                failed(item, problems)
            else:
                run.items_done += 1
    except Exception as error:
        logger.exception("Job %s stopped", job)
        failures.append(f"{_('the job itself')}: {reason_of(error)}")
        try:
            _finish(run, failures, ok=False)
        except Exception:  # the database itself is gone: the log has it, the run stays unfinished
            logger.exception("Job %s: its run could not be recorded", job)
        raise
    _finish(run, failures, ok=not failures)
    return run


def _describe(describe, item):
    try:
        return str(describe(item))
    except Exception:  # naming the item must never hide its failure
        return repr(getattr(item, "pk", "?"))


def _finish(run, failures, *, ok):
    lines = failures[:MAX_FAILURE_LINES]
    if len(failures) > MAX_FAILURE_LINES:
        lines.append(_("… and %(count)s more") % {"count": len(failures) - MAX_FAILURE_LINES})
    run.failures = "\n".join(lines)
    run.ok = ok
    run.finished_at = timezone.now()
    run.save(update_fields=["items_done", "items_failed", "failures", "ok", "finished_at"])
    JobRun.objects.filter(job=run.job, started_at__lt=run.started_at - KEEP_RUNS_FOR).delete()
