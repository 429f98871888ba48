"""django-q2 jobs: thin wrappers that load rows by id and call services or send e-mail.

The daily jobs (scheduled after migrate, see receivers.py) can run twice without harm.
"""

from datetime import timedelta

from django.utils import timezone

from . import emails, services
from .models import Assignment, Nomination, Story, Volunteer


def advance_award_rounds(now=None):
    return services.advance_rounds(now=now)


def anonymise_old_nominations(now=None):
    now = now or timezone.now()
    return services.anonymise_nominations(before=now - timedelta(days=services.nominations_kept_days()), now=now)


def send_nomination_thanks(story_id):
    story = Story.objects.select_related("nomination__round", "nomination__category").filter(pk=story_id).first()
    if story is None or not story.nominator_email:
        return "skipped"
    emails.nomination_thanks(story).send()
    return "sent"


def inform_nominee(nomination_id, now=None):
    """Tell the nominee, once, what is kept about them and ask whether it may be published."""
    now = now or timezone.now()
    claimed = Nomination.objects.filter(
        pk=nomination_id, informed_at__isnull=True, anonymised_at__isnull=True,
    ).exclude(nominee_email="").update(informed_at=now)
    if not claimed:
        return "skipped"
    nomination = Nomination.objects.select_related("round", "category").get(pk=nomination_id)
    emails.nominee_information(nomination).send()
    return "sent"


def _load_assignment(assignment_id):
    return (
        Assignment.objects.select_related("volunteer", "shift__occurrence__series__venue", "shift__occurrence__venue")
        .filter(pk=assignment_id).first()
    )


def send_shift_request(assignment_id):
    assignment = _load_assignment(assignment_id)
    if assignment is None or not assignment.is_asked or not assignment.volunteer.email:
        return "skipped"
    emails.shift_request(assignment).send()
    return "sent"


def send_shift_reminders(now=None):
    """Two days before a shift, ask each volunteer on it to confirm; once, even if the job runs twice.

    The row is claimed (reminded_at set) before the e-mail goes, so a second run finds nothing.
    """
    now = now or timezone.now()
    day = timezone.localdate(now) + timedelta(days=services.REMINDER_DAYS_BEFORE)
    due = (
        Assignment.objects.live().filter(reminded_at__isnull=True, shift__starts_at__date=day)
        .exclude(volunteer__email="").exclude(shift__occurrence__status="cancelled")
        .values_list("pk", flat=True)
    )
    sent = 0
    for assignment_id in list(due):
        if Assignment.objects.filter(pk=assignment_id, reminded_at__isnull=True).update(reminded_at=now):
            emails.shift_reminder(_load_assignment(assignment_id)).send()
            sent += 1
    return sent


def send_new_volunteer_link(volunteer_id):
    """The link is read when the e-mail is built, so it is always the newest one."""
    volunteer = Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).exclude(email="").first()
    if volunteer is None:
        return "skipped"
    emails.new_volunteer_link(volunteer).send()
    return "sent"


def send_new_nominee_link(nomination_id):
    nomination = (
        Nomination.objects.select_related("round", "category")
        .filter(pk=nomination_id, anonymised_at__isnull=True, informed_at__isnull=False)
        .exclude(nominee_email="").exclude(status=Nomination.Status.MERGED).first()
    )
    if nomination is None:
        return "skipped"
    emails.new_nominee_link(nomination).send()
    return "sent"
