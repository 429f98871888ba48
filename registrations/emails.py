"""E-mails to people who registered. Built from ids inside tasks, in Czech, with the ticket."""

from datetime import datetime
from email.mime.image import MIMEImage

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events.ical import absolute, single_date_ics

from . import qr


def _context(registration, **extra):
    occurrence = registration.occurrence
    return {
        "registration": registration,
        "person": registration.person,
        "occurrence": occurrence,
        "series": occurrence.series,
        "place": occurrence.place,
        "ticket_url": absolute(registration.get_absolute_url()),
        "my_events_url": absolute(registration.person.get_absolute_url()),
        "cancel_url": absolute(reverse("registrations:cancel", kwargs={"code": registration.code})),
        # Other dates of the same series: its page, or the programme when the series is not public.
        "programme_url": absolute(
            occurrence.series.get_absolute_url() if occurrence.series.published else reverse("events:programme")
        ),
        **extra,
    }


def _message(registration, subject, template, *, with_ticket=False, **extra):
    context = _context(registration, **extra)
    text = render_to_string(f"registrations/email/{template}.txt", context)
    html = render_to_string(f"registrations/email/{template}.html", {**context, "with_ticket": with_ticket})
    message = EmailMultiAlternatives(subject=subject, body=text, to=[registration.person.email])
    message.attach_alternative(html, "text/html")
    if with_ticket:
        message.mixed_subtype = "related"
        image = MIMEImage(qr.png(registration.code), "png")
        image.add_header("Content-ID", "<ticket-qr>")
        image.add_header("Content-Disposition", "inline", filename="vstupenka.png")
        message.attach(image)
        occurrence = registration.occurrence
        ics = single_date_ics(occurrence, url=absolute(occurrence.get_absolute_url()))
        message.attach("termin.ics", ics, "text/calendar")
    return message


def can_email(registration):
    return bool(registration.person and registration.person.email)


def registration_email(registration):
    with translation.override("cs"):
        title = registration.occurrence.series.title
        if registration.is_waitlisted:
            subject = _("Waiting list: %(title)s") % {"title": title}
            return _message(registration, subject, "waitlisted", position=registration.waitlist_position())
        subject = _("Your ticket: %(title)s") % {"title": title}
        return _message(registration, subject, "confirmed", with_ticket=True)


def promotion_email(registration):
    with translation.override("cs"):
        subject = _("A place is free for you: %(title)s") % {"title": registration.occurrence.series.title}
        return _message(registration, subject, "promoted", with_ticket=True)


def reminder_email(registration):
    with translation.override("cs"):
        subject = _("Tomorrow: %(title)s") % {"title": registration.occurrence.series.title}
        return _message(registration, subject, "reminder", with_ticket=True)


def change_email(registration, change, before=None):
    """A date cancelled (no ticket, no "cancel", a way to the programme) or moved (the old time and the new)."""
    with translation.override("cs"):
        title = registration.occurrence.series.title
        if change == "cancelled":
            subject = _("Cancelled: %(title)s") % {"title": title}
        else:
            subject = _("Changed: %(title)s") % {"title": title}
        return _message(registration, subject, "changed", change=change, with_ticket=change != "cancelled",
                        **_times_before(before))


def _times_before(before):
    try:
        start, end = datetime.fromisoformat(before["start"]), datetime.fromisoformat(before["end"])
    except (TypeError, KeyError, ValueError):
        return {}
    return {"start_before": start, "end_before": end}


def new_address_email(person):
    """After "Get a new private address": the new link, so the person does not lose their page."""
    with translation.override("cs"):
        context = {"person": person, "my_events_url": absolute(person.get_absolute_url())}
        text = render_to_string("registrations/email/new_address.txt", context)
        return EmailMultiAlternatives(subject=_("Your new private address"), body=text, to=[person.email])


def date_message_email(registration, message):
    """What staff wrote to everyone on the date, with the date's details under it."""
    with translation.override("cs"):
        subject = f"{message.subject} ({registration.occurrence.series.title})"
        return _message(registration, subject, "date_message", staff_message=message)
