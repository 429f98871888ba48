from datetime import timedelta

from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A run still unfinished after this long died with its worker (django-q2 stops a task after its
# timeout): it counts as failed.
RUN_DIED_AFTER = timedelta(hours=1)


class JobRunQuerySet(models.QuerySet):
    def latest_by_job(self, now=None):
        """For each job: when it last succeeded and whether its last run succeeded, in one query.

        A run in progress is not counted yet, unless it has been running so long that it died.
        """
        now = now or timezone.now()
        counted = Q(finished_at__isnull=False) | Q(started_at__lt=now - RUN_DIED_AFTER)
        rows = (
            self.order_by().values("job")
            .annotate(
                last_run=Max("started_at", filter=counted),
                last_ok_run=Max("started_at", filter=Q(ok=True)),
                last_success=Max("finished_at", filter=Q(ok=True)),
                label=Max("label"),
            )
        )
        return {
            row["job"]: {
                "label": row["label"] or row["job"],
                "last_success": row["last_success"],
                "last_run": row["last_run"],
                "last_run_ok": None if row["last_run"] is None else row["last_run"] == row["last_ok_run"],
            }
            for row in rows
        }


class JobRun(models.Model):
    """One run of a daily job. `failures` names each item that failed and why, never a person."""

    job = models.CharField(_("job"), max_length=200, help_text=_("The scheduled task, as django-q2 calls it."))
    label = models.CharField(_("what it does"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), default=False)
    items_done = models.PositiveIntegerField(_("items done"), default=0)
    items_failed = models.PositiveIntegerField(_("items failed"), default=0)
    failures = models.TextField(_("what failed"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "-started_at"], name="jobs_run_job_started")]
        verbose_name = _("run of a daily job")
        verbose_name_plural = _("runs of daily jobs")

    def __str__(self):
        return f"{self.label or self.job} ({timezone.localtime(self.started_at):%d. %m. %Y %H:%M})"
