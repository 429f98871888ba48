"""Staff pages of "message everyone on a date": write, see what went out, call those with only a phone.

Every page goes through `get_occurrence_for_organizer` (someone else's date is a 404, as a missing one).
"""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from events.roles import get_occurrence_for_organizer

from . import broadcast
from .models import DateMessage, DateMessageCall
from .services import RegistrationError
from .staff_forms import DateMessageForm
from .staff_views import format_phone, staff_page


def _form_page(request, occurrence, form, *, error=None, status=200):
    # Whom each choice reaches, and how: read once for everyone registered or waiting.
    counts = {audience: {"email": 0, "phone": 0} for audience in DateMessage.Audience.values}
    for registration in broadcast.recipients(occurrence, DateMessage.Audience.BOTH):
        channel = "email" if registration.person.email else "phone" if registration.person.phone else None
        if channel is None:
            continue
        counts[DateMessage.Audience.BOTH][channel] += 1
        audience = DateMessage.Audience.REGISTERED if registration.is_confirmed else DateMessage.Audience.WAITING
        counts[audience][channel] += 1
    chosen = form["audience"].value()
    choices = [
        {"value": value, "label": label, "id": f"id_audience_{index}", "checked": value == chosen, **counts[value]}
        for index, (value, label) in enumerate(DateMessage.Audience.choices)
    ]
    context = {"occurrence": occurrence, "series": occurrence.series, "form": form, "error": error,
               "audience_choices": choices}
    return render(request, "registrations/staff/date_message_form.html", context, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def write(request, pk):
    occurrence = get_occurrence_for_organizer(request.user, pk)
    if request.method == "GET":
        form = DateMessageForm(initial={"submission": secrets.token_urlsafe(24)})
        return _form_page(request, occurrence, form)
    form = DateMessageForm(request.POST)
    if not form.is_valid():
        return _form_page(request, occurrence, form, status=400)
    data = form.cleaned_data
    try:
        sent = broadcast.send_to_date(
            occurrence, subject=data["subject"], text=data["text"], audience=data["audience"], by=request.user,
            submission=data["submission"],
        )
    except RegistrationError as error:
        return _form_page(request, occurrence, form, error=error, status=error.status)
    message = sent.message
    if sent.created:
        to_call = message.calls.count()
        messages.success(request, " ".join([
            ngettext("The message is on its way to %(count)s e-mail address.",
                     "The message is on its way to %(count)s e-mail addresses.", message.emailed)
            % {"count": message.emailed},
            ngettext("%(count)s person has only a phone: call them from the list below.",
                     "%(count)s people have only a phone: call them from the list below.", to_call)
            % {"count": to_call} if to_call else "",
        ]).strip())
    else:
        messages.info(request, _("This message had already been sent; nothing was sent again."))
    return redirect("registrations_staff:date_message", pk=occurrence.pk, message_pk=message.pk)


def _message_of(occurrence, message_pk):
    return get_object_or_404(DateMessage.objects.select_related("sent_by"), occurrence=occurrence, pk=message_pk)


@staff_page
def detail(request, pk, message_pk):
    """The message as sent, and the call list to print and tick off."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    message = _message_of(occurrence, message_pk)
    calls = list(message.calls.select_related("registration__person", "called_by"))
    for call in calls:
        person = call.registration.person
        call.phone_display = format_phone(person.phone) if person else ""
    context = {
        "occurrence": occurrence, "series": occurrence.series, "message": message, "calls": calls,
        "called": sum(1 for call in calls if call.called_at),
    }
    return render(request, "registrations/staff/date_message.html", context)


@staff_page
@require_POST
def tick(request, pk, message_pk, call_pk):
    """Tick off a call made (who, when), or take a tick back."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    message = _message_of(occurrence, message_pk)
    call = get_object_or_404(DateMessageCall, message=message, pk=call_pk)
    broadcast.tick_call(call, by=request.user, called=request.POST.get("called") != "0")
    url = reverse("registrations_staff:date_message", kwargs={"pk": occurrence.pk, "message_pk": message.pk})
    return redirect(f"{url}#volani-{call.pk}")
