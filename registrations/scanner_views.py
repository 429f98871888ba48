"""The door: a phone scans tickets; without JavaScript the same page takes typed codes."""

import uuid

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from events.models import Occurrence
from events.roles import get_occurrence_for_organizer, series_managed_by

from . import services
from .door import door_counts
from .models import Registration


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
        "wrong_occurrence": _("The ticket is for another date"),
        "unknown": _("Unknown code"),
        "already": _("Already checked in"),
        "offline": _("offline — will be saved later"),
        "saved": _("Saved"),
        "conflicts": _("Admitted by two phones while offline:"),
        "camera_off": _("The camera is not available. Type the code or find the name below."),
        "ready": _("Ready for the next ticket"),
        "undone": _("Check-in undone"),
        "seats": [ngettext("%(count)s person", "%(count)s people", n) % {"count": "{n}"} for n in (1, 2, 5)],
    }


@never_cache
@login_required
def scanner(request, pk):
    occurrence = get_occurrence_for_organizer(request.user, pk)
    answer, error = None, None
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            if request.POST.get("action") == "undo":
                services.undo_check_in(occurrence, code=code, by=request.user)
                answer = {"status": "undone", "message": _("Check-in undone")}
            else:
                answer = services.check_in(occurrence, code=code, nonce=request.POST.get("nonce") or uuid.uuid4().hex,
                                           by=request.user)
        except services.RegistrationError as refusal:
            error = refusal
    query = request.GET.get("q", "").strip()
    found = _find(occurrence, query) if len(query) >= 2 else []
    context = {
        "occurrence": occurrence, "series": occurrence.series, "answer": answer, "error": error,
        "query": query, "found": found, "counts": door_counts(occurrence), "nonce": uuid.uuid4().hex,
        "config": {
            "occurrence": occurrence.pk,
            "checkin": reverse("api-v1:checkin-list"), "sync": reverse("api-v1:checkin-sync"),
            "undo": reverse("api-v1:checkin-undo"), "list": reverse("api-v1:checkin-list"),
            "texts": _texts(),
        },
    }
    status = error.status if error else 200
    return render(request, "registrations/scanner.html", context, status=status)


def _find(occurrence, query):
    """Today's list searched by name or code, for tickets without a readable QR."""
    compact = query.replace("-", "").replace(" ", "").upper()
    return list(
        Registration.objects.filter(occurrence=occurrence)
        .filter(Q(person__name__icontains=query) | Q(code__startswith=compact))
        .select_related("person").order_by("person__name")[:30]
    )

