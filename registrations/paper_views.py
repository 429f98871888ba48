"""The paper fallback of the door: a list to print for the evening, and a form to type its ticks in afterwards.

Both go through `get_occurrence_for_organizer` like every staff page: department staff and the
date's organizers only; another series' date answers 404 and nothing changes.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from events.roles import get_occurrence_for_organizer
from kernel.ids import as_id

from . import door, paper, services
from .staff_views import staff_page

MAX_TICKS = 2000


class TicksField(forms.Field):
    """The ids of the ticked registrations (checkboxes named "came"): numbers, no matter of which date yet."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = []
        for raw in value or []:
            number = as_id(raw)
            if number is None:
                raise forms.ValidationError(_("A tick was sent in a form we cannot read. Open the list again."))
            ids.append(number)
        if len(ids) > MAX_TICKS:
            raise forms.ValidationError(_("Too many ticks at once."))
        return list(dict.fromkeys(ids))


class PaperTicksForm(forms.Form):
    """Who was ticked on paper, and (optionally) the time written next to each name."""

    came = TicksField(required=False)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            self.fields[f"time_{registration.pk}"] = forms.TimeField(
                label=gettext_lazy("came at"), required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={"invalid": gettext_lazy("Write the time as hours:minutes, for example 18:05.")},
            )

    def ticks(self):
        """{registration id: time or None} for the ticked ones; a time typed next to an unticked name is ignored."""
        return {pk: self.cleaned_data.get(f"time_{pk}") for pk in self.cleaned_data["came"]}

    def rows(self):
        """Each registration with its time field, for the template."""
        return [(registration, self[f"time_{registration.pk}"]) for registration in self.registrations]


@staff_page
def door_sheet(request, pk):
    """The list to print: A4, large type, sorted by surname, a box to tick for each registration."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    sheet = paper.door_sheet(occurrence)
    return render(request, "registrations/staff/door_sheet.html", {
        "occurrence": occurrence, "series": occurrence.series, "sheet": sheet,
    })


@staff_page
@require_http_methods(["GET", "POST"])
def paper_ticks(request, pk):
    """Type in the ticks of the paper list: those not admitted yet are admitted, as if scanned at the door."""
    occurrence = get_occurrence_for_organizer(request.user, pk)
    sheet = paper.door_sheet(occurrence)
    form = PaperTicksForm(request.POST if request.method == "POST" else None, registrations=sheet.confirmed)
    ticked = set(request.POST.getlist("came"))
    for registration in sheet.confirmed:
        registration.ticked = str(registration.pk) in ticked  # kept when the form comes back with a refusal
    error, status = None, 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif not form.cleaned_data["came"]:
            error, status = services.RegistrationError("nothing_ticked", _("Nobody is ticked: nothing was saved.")), 400
        else:
            try:
                result = paper.admit_from_paper(occurrence, form.ticks(), by=request.user)
            except services.RegistrationError as refusal:
                error, status = refusal, refusal.status
            else:
                _tell(request, result)
                return redirect("registrations_staff:date", pk=occurrence.pk)
    return render(request, "registrations/staff/paper_ticks.html", {
        "occurrence": occurrence, "series": occurrence.series, "sheet": sheet, "form": form, "error": error,
        "rows": form.rows(),
    }, status=status)


def _tell(request, result):
    if result.admitted:
        seats = sum(registration.seats for registration in result.admitted)
        messages.success(request, ngettext(
            "Admitted from the paper list: %(count)s registration, %(people)s.",
            "Admitted from the paper list: %(count)s registrations, %(people)s.", len(result.admitted),
        ) % {"count": len(result.admitted), "people": door.seats_text(seats)})
    if result.already:
        names = ", ".join(paper.name_of(registration) for registration in result.already)
        messages.info(request, _("Already admitted before, left as it was: %(names)s.") % {"names": names})

