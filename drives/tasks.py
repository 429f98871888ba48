"""django-q2 jobs: thin wrappers around the services."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jobs.runner import run_job

from . import services
from .models import Drive


def close_ended_drives(now=None):
    """Daily: running drives that ended more than SPOLU_DRIVE_CLOSE_AFTER_DAYS ago close on their own.

    Each drive in its own transaction: one that cannot close (its collection dates cannot be
    rescheduled) is recorded in the job's run with its name and the reason, and the others close.
    """
    grace = timedelta(days=settings.SPOLU_DRIVE_CLOSE_AFTER_DAYS)
    due = Drive.objects.filter(status=Drive.Status.RUNNING, ends_on__lt=services.local_today(now) - grace)
    closed = []

    def close(drive):
        try:
            services.close_drive(drive, by=None, now=now)
        except services.DrivesError as error:
            if error.code == "already_closed":  # closed by someone in the meantime
                return
            raise
        closed.append(drive.pk)

    run_job("drives.tasks.close_ended_drives", due.order_by("pk"), close,
            lambda drive: f"„{drive.title}“ (#{drive.pk})", label=_("Close drives that ended"))
    return len(closed)
