"""The door: a phone scans tickets; without JavaScript the same page takes typed codes."""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.cache import never_cache

from events.models import Occurrence
from events.roles import series_managed_by

from . import door
from .codes import ALPHABET
from .services import MAX_NAME, RegistrationError


@never_cache
@login_required
def scanner_home(request):
    """Today's dates: the user's own series first, then the rest they may manage."""
    today = timezone.localdate()
    dates = list(
        Occurrence.objects.filter(series__in=series_managed_by(request.user), start__date=today)
        .for_page().prefetch_related("series__organizers").order_by("start")
    )
    mine = [o for o in dates if request.user in o.series.organizers.all()]
    others = [o for o in dates if o not in mine]
    return render(request, "registrations/scanner_home.html", {"mine": mine, "others": others, "today": today})


def _texts():
    """Words the page needs when it must decide alone, offline; the rest comes from the server."""
    return {
        "ok": _("Entry allowed"),
        "cancelled": _("The registration is cancelled"),
        "waiting_list": _("On the waiting list: no place"),
        "wrong_date": _("Ticket for another date: %(when)s") % {"when": "{when}"},
        "unknown": _("Unknown code"),
        "already": _("Already inside since %(time)s") % {"time": "{time}"},
        "already_by": _("Already inside since %(time)s, admitted by %(who)s") % {"time": "{time}", "who": "{who}"},
        "offline": _("offline — will be saved later"),
        "saved": _("Saved"),
        "conflicts": _("Admitted by two phones while offline:"),
        "camera_off": _("The camera is not available. Type the code or find the name below."),
        "ready": _("Ready for the next ticket"),
        "undone": _("Check-in undone"),
        "undo": _("Undo the check-in"),
        "admit": _("Admit"),
        "admit_name": _("Admit %(name)s") % {"name": "{name}"},
        "nobody": _("Nobody on today's list has this name."),
        "state_registered": pgettext("door state", "registered"),
        "state_inside": _("inside since %(time)s") % {"time": "{time}"},
        "state_cancelled": pgettext("door state", "cancelled"),
        "state_waiting": pgettext("door state", "waiting list"),
        "seats": [ngettext("%(count)s person", "%(count)s people", n) % {"count": "{n}"} for n in (1, 2, 5)],
    }


class WalkInForm(forms.Form):
    """Someone without a ticket at the door: a name, a phone if they want, and how many come."""

    name = forms.CharField(label=gettext_lazy("Name and surname"), max_length=MAX_NAME)
    phone = forms.CharField(label=gettext_lazy("Phone (optional)"), max_length=30, required=False)
    seats = forms.IntegerField(label=gettext_lazy("Places"), min_value=1, max_value=99, initial=1)
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)


@never_cache
@login_required
def scanner(request, pk):
    """Door mode: the camera and the answer on one phone screen, the typed code, the name search
    and walk-ins below. Without JavaScript every form works through this same page."""
    try:
        occurrence = door.date_at_door(request.user, pk)
    except door.NoSuchDate:
        raise Http404("No such date.") from None  # the site's own 404 page, as every staff page answers
    answer, error, saved = None, None, False
    walk_in = WalkInForm(initial={"nonce": uuid.uuid4().hex, "seats": 1})
    if request.method == "POST":
        code = request.POST.get("code", "")
        action = request.POST.get("action")
        try:
            if action == "undo":
                door.undo_check_in(occurrence, code=code, by=request.user)
                answer = {"status": "undone", "message": _("Check-in undone")}
            elif action == "walk_in":
                walk_in = WalkInForm(request.POST)
                if walk_in.is_valid():
                    answer = door.admit_walk_in(
                        occurrence, name=walk_in.cleaned_data["name"], phone=walk_in.cleaned_data["phone"],
                        seats=walk_in.cleaned_data["seats"], by=request.user, nonce=walk_in.cleaned_data["nonce"],
                    )
                    walk_in = WalkInForm(initial={"nonce": uuid.uuid4().hex, "seats": 1})
                else:
                    error = RegistrationError("invalid_walk_in", _("Check the walk-in's details below."))
            else:
                answer = door.check_in(occurrence, code=code, nonce=request.POST.get("nonce") or uuid.uuid4().hex,
                                           by=request.user)
            saved = answer is not None
        except RegistrationError as refusal:
            error = refusal
    query = request.GET.get("q", "").strip()
    found = door.door_search(occurrence, query)
    for registration in found:
        registration.door_state = _door_state(registration)
    context = {
        "occurrence": occurrence, "series": occurrence.series, "answer": answer, "error": error, "saved": saved,
        "query": query, "found": found, "counts": door.door_counts(occurrence), "nonce": uuid.uuid4().hex,
        "walk_in": walk_in, "walk_in_open": door.walk_ins_open(occurrence),
        "config": {
            "occurrence": occurrence.pk, "time_zone": settings.TIME_ZONE, "code_alphabet": ALPHABET,
            "me": request.user.get_full_name() or request.user.get_username(),
            "checkin": reverse("api-v1:checkin-list"), "sync": reverse("api-v1:checkin-sync"),
            "undo": reverse("api-v1:checkin-undo"), "list": reverse("api-v1:checkin-list"),
            "texts": _texts(),
        },
    }
    status = error.status if error else 200
    return render(request, "registrations/scanner.html", context, status=status)


def _door_state(registration):
    """What the search shows of each person: registered, inside, waiting or cancelled."""
    if registration.is_cancelled:
        return "cancelled", pgettext("door state", "cancelled")
    if registration.is_waitlisted:
        return "waiting", pgettext("door state", "waiting list")
    if registration.admitted_at:
        return "inside", _("inside since %(time)s") % {"time": timezone.localtime(registration.admitted_at)
                                                         .strftime("%H:%M")}
    return "registered", pgettext("door state", "registered")
