"""django-q2 jobs of the volunteer register: thin wrappers that load rows and call services.

The daily job (scheduled after migrate, see receivers.py) can run twice without harm.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.runner import run_job
from messaging import outbox

from . import services
from .models import Assignment


def send_shift_reminders(now=None):
    """Two days before a shift, ask each volunteer on it to confirm; once, even if the job runs twice.

    The row is claimed (reminded_at set) in the transaction that queues its message, one by one.
    """
    now = now or timezone.now()
    day = timezone.localdate(now) + timedelta(days=services.REMINDER_DAYS_BEFORE)
    due = (
        Assignment.objects.live().filter(reminded_at__isnull=True, shift__starts_at__date=day)
        .exclude(volunteer__email="").exclude(shift__occurrence__status="cancelled")
        .values_list("pk", flat=True)
    )
    queued = []

    def remind(assignment_id):
        if Assignment.objects.filter(pk=assignment_id, reminded_at__isnull=True).update(reminded_at=now):
            outbox.queue("volunteers.messages.shift_reminder", assignment_id,
                         dedupe_key=f"volunteers.shift_reminder:{assignment_id}")
            queued.append(assignment_id)

    run_job("volunteers.tasks.send_shift_reminders", list(due), remind,
            lambda assignment_id: _("shift assignment #%(id)s") % {"id": assignment_id},
            label=_("Remind volunteers of shifts in two days"))
    return len(queued)
