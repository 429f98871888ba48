"""E-mails of the award, in Czech, built by the outbox's worker from ids (messages.py)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from events.ical import absolute

from . import services


def _message(template, subject, to, context):
    body = render_to_string(f"awards/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to])


def nomination_thanks(story):
    nomination = story.nomination
    with translation.override("cs"):
        subject = _("Thank you for your nomination for the %(award)s award") % {"award": str(nomination.round)}
        return _message("nomination_thanks", subject, story.nominator_email, {
            "story": story, "nomination": nomination, "award_round": nomination.round,
            "kept_days": services.nominations_kept_days(),
        })


def nominee_information(nomination):
    with translation.override("cs"):
        subject = _("You have been nominated for the %(award)s award") % {"award": str(nomination.round)}
        return _message("nominee_information", subject, nomination.nominee_email, {
            "nomination": nomination, "award_round": nomination.round,
            "consent_url": absolute(nomination.get_nominee_url()),
            "kept_days": services.nominations_kept_days(),
        })


def new_nominee_link(nomination):
    with translation.override("cs"):
        subject = _("Your new private link to your nomination for the %(award)s award") % {
            "award": str(nomination.round),
        }
        return _message("new_nominee_link", subject, nomination.nominee_email, {
            "nomination": nomination, "award_round": nomination.round,
            "consent_url": absolute(nomination.get_nominee_url()),
        })
