"""What the outbox sends about volunteers: each function builds one e-mail from ids, or None.

Called by the worker when the message is sent (messaging.outbox): the e-mail tells the state of
that moment, and a link is always the newest one.
"""

from . import emails
from .models import Assignment, Volunteer


def _load_assignment(assignment_id):
    return (
        Assignment.objects.select_related("volunteer", "shift__occurrence__series__venue", "shift__occurrence__venue")
        .filter(pk=assignment_id).first()
    )


def shift_request(assignment_id):
    assignment = _load_assignment(assignment_id)
    if assignment is None or not assignment.is_asked or not assignment.volunteer.email:
        return None
    return emails.shift_request(assignment)


def shift_reminder(assignment_id):
    if not Assignment.objects.live().filter(pk=assignment_id).exists():
        return None
    assignment = _load_assignment(assignment_id)
    if assignment is None or not assignment.volunteer.email or assignment.shift.occurrence.is_cancelled:
        return None
    return emails.shift_reminder(assignment)


def new_volunteer_link(volunteer_id):
    volunteer = Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).exclude(email="").first()
    return emails.new_volunteer_link(volunteer) if volunteer else None
