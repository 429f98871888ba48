"""The volunteer's private page (/dobrovolnik/<token>/): thin, one service per action.

Refusals are shown with their Czech message and their 4xx status; nothing changes on a refusal.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import roles, selectors, services
from .models import Assignment, Shift
from .services import VolunteersError


def refusal(request, error, template="volunteers/refused.html", context=None):
    return render(request, template, {"error": error, **(context or {})}, status=error.status)


# --- The volunteer's private page ------------------------------------------------------------


@never_cache
def my_shifts(request, token):
    volunteer = roles.get_volunteer_by_token(token)
    now = timezone.now()
    return render(request, "volunteers/volunteer/home.html", {
        "volunteer": volunteer,
        "assignments": list(selectors.assignments_of(volunteer, now=now)),
        "open_shifts": list(selectors.open_shifts_for(volunteer, now=now)),
        "years": selectors.hours_by_year(volunteer),
    })


def _my_assignment(volunteer, pk):
    return get_object_or_404(Assignment.objects.select_related("shift"), volunteer=volunteer, pk=pk)


@never_cache
@require_POST
def volunteer_sign_up(request, token, shift_pk):
    volunteer = roles.get_volunteer_by_token(token)
    shift = get_object_or_404(Shift, pk=shift_pk)
    try:
        services.sign_up(shift, volunteer)
    except VolunteersError as error:
        return refusal(request, error, context={"volunteer": volunteer})
    messages.success(request, _("Thank you! You are on the shift: %(role)s.") % {"role": shift.role})
    return redirect(volunteer)


@never_cache
@require_POST
def volunteer_answer(request, token, pk, answer):
    volunteer = roles.get_volunteer_by_token(token)
    assignment = _my_assignment(volunteer, pk)
    try:
        if answer == "confirm":
            services.confirm(assignment)
            messages.success(request, _("Thank you for confirming. See you there!"))
        else:
            services.decline(assignment)
            messages.success(request, _("Thank you for letting us know. The place is free for someone else."))
    except VolunteersError as error:
        return refusal(request, error, context={"volunteer": volunteer})
    return redirect(volunteer)
