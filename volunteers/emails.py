"""E-mails of the volunteer register, in Czech, built by the outbox's worker from ids (messages.py)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.ical import absolute


def _message(template, subject, to, context):
    body = render_to_string(f"volunteers/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def _shift_context(assignment):
    shift = assignment.shift
    return {
        "assignment": assignment, "shift": shift, "volunteer": assignment.volunteer,
        "occurrence": shift.occurrence, "place": shift.occurrence.place,
        "page_url": absolute(reverse("volunteers:my_shifts", kwargs={"token": assignment.volunteer.token})),
    }


def shift_request(assignment):
    with translation.override("cs"):
        subject = _("Can you help? %(role)s at %(title)s") % {
            "role": assignment.shift.role, "title": assignment.shift.occurrence.series.title,
        }
        return _message("shift_request", subject, assignment.volunteer.email, _shift_context(assignment))


def shift_reminder(assignment):
    with translation.override("cs"):
        subject = _("In two days: %(role)s at %(title)s") % {
            "role": assignment.shift.role, "title": assignment.shift.occurrence.series.title,
        }
        return _message("shift_reminder", subject, assignment.volunteer.email, _shift_context(assignment))


def new_volunteer_link(volunteer):
    with translation.override("cs"):
        return _message("new_volunteer_link", _("Your new private link to your shifts"), volunteer.email, {
            "volunteer": volunteer,
            "page_url": absolute(volunteer.get_absolute_url()),
        })
