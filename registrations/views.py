from django.contrib import messages
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.ical import absolute, single_date_ics
from events.models import Occurrence
from events.roles import can_manage_series
from kernel.refusals import with_retry_after

from . import email_hints, qr, services
from .forms import RegistrationForm, ResendTicketForm
from .models import Person, Registration
from .throttles import check_registration_limits, check_resend_allowed, count_registration


def _refusal(request, error, template="registrations/refused.html", context=None):
    return with_retry_after(render(request, template, {"error": error, **(context or {})}, status=error.status), error)


def _public_occurrence(pk):
    return get_object_or_404(Occurrence.objects.public().for_page(), pk=pk)


def _browser_secret(request):
    """The browser's CSRF secret: the same browser sending the same details again finds its registration."""
    get_token(request)
    return request.META.get("CSRF_COOKIE")


@never_cache
@require_http_methods(["GET", "POST"])
def register(request, pk):
    """Screen one: the form. Screen two: the ticket (after a redirect, so reloading is harmless)."""
    occurrence = _public_occurrence(pk)
    # Staff of the department and this event's organizers may register callers outside the window.
    by_office = can_manage_series(request.user, occurrence.series)
    form = RegistrationForm(request.POST if request.method == "POST" else None,
                            max_seats=occurrence.series.max_seats_per_registration)
    context = {"occurrence": occurrence, "series": occurrence.series, "place": occurrence.place, "form": form,
               "state": occurrence.registration_state(), "by_office": by_office,
               "takes_registration": services.refusal_state(occurrence, by_office=by_office) is None}
    if request.method == "GET":
        return render(request, "registrations/register.html", context)
    if not form.is_valid() or form.email_suggestion:
        # A suggested e-mail alone is no mistake: the page asks for a second look and the next submit stands.
        return render(request, "registrations/register.html", context, status=400 if form.errors else 200)
    data = form.cleaned_data
    try:
        check_registration_limits(request, [data["phone"], data["email"]])
        outcome = services.register(
            occurrence, name=data["name"], email=data["email"], phone=data["phone"], seats=data["seats"],
            needs_wheelchair=data["needs_wheelchair"], needs_hearing=data["needs_hearing"],
            needs_note=data["needs_note"],
            source=Registration.Source.STAFF if by_office else Registration.Source.WEB,
            entered_by=request.user if by_office else None, request_secret=_browser_secret(request),
        )
    except services.RegistrationError as error:
        return _refusal(request, error, "registrations/register.html", context)
    if outcome.created:
        count_registration(request, [data["phone"], data["email"]])
    elif by_office:
        messages.info(request, _("This person was already registered for this date; nothing was changed."))
    else:
        messages.info(request, _("You are already registered for this date. Here is your ticket."))
    return redirect(outcome.registration)


@never_cache
@require_http_methods(["GET", "POST"])
def resend_ticket(request, pk):
    """"I registered but lost the ticket": the same answer whoever asks, the ticket only to the e-mail on file."""
    occurrence = _public_occurrence(pk)
    form = ResendTicketForm(request.POST or None)
    context = {"occurrence": occurrence, "series": occurrence.series, "place": occurrence.place, "form": form}
    if request.method == "GET":
        return render(request, "registrations/resend.html", context)
    if not form.is_valid():
        return render(request, "registrations/resend.html", context, status=400)
    data = form.cleaned_data
    try:
        check_resend_allowed(request)
        services.resend_ticket(occurrence, name=data["name"], email=data["email"], phone=data["phone"])
    except services.RegistrationError as error:
        return _refusal(request, error, "registrations/resend.html", context)
    return render(request, "registrations/resend.html", {**context, "done": True})


def _by_code(code):
    try:
        return services.get_registration_by_code(code)
    except services.RegistrationError as error:
        raise Http404(error.message) from None


@never_cache
def ticket(request, code):
    registration = _by_code(code)
    occurrence = registration.occurrence
    context = {
        "registration": registration, "occurrence": occurrence, "series": occurrence.series,
        "place": occurrence.place, "qr_svg": mark_safe(qr.svg(registration.code)),  # generated, not user input
        "position": registration.waitlist_position(),
        # Where the e-mails go (the ticket, changes), masked: the page opens by its code alone.
        "sent_to": email_hints.masked(registration.person.email) if registration.person else "",
    }
    return render(request, "registrations/ticket.html", context)


@never_cache
def ticket_print(request, code):
    """The ticket as it goes on paper, without JavaScript (a static script opens the print dialogue).

    Everything a senior needs with the paper in hand: the code, when and where, how to get in,
    the price, how to cancel and whom to call.
    """
    registration = _by_code(code)
    occurrence = registration.occurrence
    if not registration.is_confirmed or occurrence.is_cancelled:
        return redirect(registration)  # no ticket to print: the ticket page says why
    context = {
        "registration": registration, "occurrence": occurrence, "series": occurrence.series,
        "place": occurrence.place, "qr_svg": mark_safe(qr.svg(registration.code)),  # generated, not user input
        "cancel_url": request.build_absolute_uri(reverse("registrations:cancel", args=[registration.code])),
    }
    return render(request, "registrations/ticket_print.html", context)


@never_cache
def ticket_qr_svg(request, code):
    return HttpResponse(qr.svg(_by_code(code).code), content_type="image/svg+xml")


@never_cache
def ticket_qr_png(request, code):
    return HttpResponse(qr.png(_by_code(code).code), content_type="image/png")


@never_cache
def ticket_ics(request, code):
    occurrence = _by_code(code).occurrence
    body = single_date_ics(occurrence, url=absolute(occurrence.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, code):
    registration = _by_code(code)
    if request.method == "POST":
        try:
            services.cancel(registration, by=request.user if request.user.is_authenticated else None)
        except services.RegistrationError as error:
            return _refusal(request, error, context={"registration": registration})
        messages.success(request, _("The registration is cancelled. Thank you for letting us know."))
        next_url = request.POST.get("next", "")
        if registration.person and next_url == registration.person.get_absolute_url():
            return redirect(next_url)
        return redirect(registration)
    return render(request, "registrations/cancel.html", {"registration": registration,
                                                          "occurrence": registration.occurrence})


@never_cache
def my_events(request, token):
    person = get_object_or_404(Person, token=token, anonymised_at__isnull=True)
    registrations = (
        person.registrations.live().filter(occurrence__end__gt=timezone.now())
        .select_related("occurrence__series__venue", "occurrence__venue").order_by("occurrence__start")
    )
    return render(request, "registrations/my_events.html", {"person": person, "registrations": registrations})
