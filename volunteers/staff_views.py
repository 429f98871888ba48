"""The department staff's pages of the volunteer register: volunteers, checks, shifts, attendance, hours.

Every page goes through a getter in `roles`: missing and not allowed look the same (404).
"""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.spreadsheet import csv_response, excel_number, safe_cell
from kernel.pages import page_for

from . import roles, selectors, services
from .forms import AskForm, AttendanceForm, CheckForm, ShiftForm, VolunteerForm, VolunteerSearchForm
from .models import Assignment
from .services import VolunteersError

PER_PAGE = 50


# Only the department's volunteer coordinators (staff); to anyone else the pages do not exist.
staff_page = page_for(roles.is_coordinator)


# --- The volunteer register ------------------------------------------------------------------


@staff_page
def volunteer_list(request):
    form = VolunteerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    volunteers = selectors.find_volunteers(
        query=filters.get("q", ""), skill=filters.get("skill"), available=filters.get("available", ""),
        include_inactive=filters.get("inactive", False),
    )
    page = Paginator(volunteers, PER_PAGE).get_page(request.GET.get("strana"))
    query = request.GET.copy()
    query.pop("strana", None)
    return render(request, "volunteers/staff/volunteers.html", {
        "form": form, "volunteers": page, "query": query.urlencode(), "year": timezone.localdate().year,
    }, status=200 if not form.is_bound or form.is_valid() else 400)


@staff_page
@require_http_methods(["GET", "POST"])
def volunteer_new(request):
    form = VolunteerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            volunteer = services.add_volunteer(**form.details())
            messages.success(request, _("%(name)s is in the register.") % {"name": volunteer.name})
            return redirect("volunteers:staff_volunteer", pk=volunteer.pk)
        return render(request, "volunteers/staff/volunteer_form.html", {"form": form}, status=400)
    return render(request, "volunteers/staff/volunteer_form.html", {"form": form})


def _volunteer_page(request, volunteer, *, form=None, check_form=None, error=None, status=200):
    return render(request, "volunteers/staff/volunteer.html", {
        "volunteer": volunteer,
        "form": form or (None if volunteer.is_anonymised else VolunteerForm(instance=volunteer)),
        "check_form": check_form or CheckForm(),
        "checks": list(volunteer.checks.all()),
        "upcoming": list(selectors.assignments_of(volunteer)),
        "past": list(selectors.assignments_of(volunteer, upcoming=False)[:50]),
        "years": selectors.hours_by_year(volunteer),
        "today": timezone.localdate(),
        "error": error,
    }, status=status)


@staff_page
@require_http_methods(["GET", "POST"])
def volunteer_detail(request, pk):
    volunteer = roles.get_volunteer_for_staff(request.user, pk)
    if request.method == "GET":
        return _volunteer_page(request, volunteer)
    if volunteer.is_anonymised:
        error = VolunteersError("volunteer_left", _("This volunteer has left; their details are no longer kept."),
                                409)
        return _volunteer_page(request, volunteer, error=error, status=error.status)
    form = VolunteerForm(request.POST, instance=volunteer)
    if not form.is_valid():
        return _volunteer_page(request, volunteer, form=form, status=400)
    try:
        services.update_volunteer(volunteer, **form.details())
    except VolunteersError as error:  # they left while the form was being checked: show them as they are now
        return _volunteer_page(request, roles.get_volunteer_for_staff(request.user, pk), error=error,
                               status=error.status)
    messages.success(request, _("The details of %(name)s are saved.") % {"name": volunteer.name})
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


@staff_page
@require_POST
def volunteer_check(request, pk):
    volunteer = roles.get_volunteer_for_staff(request.user, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _volunteer_page(request, volunteer, check_form=form, status=400)
    data = form.cleaned_data
    try:
        services.record_check(volunteer, kind=data["kind"], checked_on=data["checked_on"],
                              valid_until=data["valid_until"], by=request.user)
    except VolunteersError as error:
        return _volunteer_page(request, volunteer, check_form=form, error=error, status=error.status)
    messages.success(request, _("The check is recorded (only its dates)."))
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def volunteer_leave(request, pk):
    """Asks first: the volunteer's details are deleted for good; their hours stay in the statistics."""
    volunteer = roles.get_volunteer_for_staff(request.user, pk)
    if request.method == "GET":
        return render(request, "volunteers/staff/leave.html", {"volunteer": volunteer})
    try:
        services.volunteer_leaves(volunteer)
    except VolunteersError as error:
        return _volunteer_page(request, volunteer, error=error, status=error.status)
    messages.success(request, _("The volunteer's details are deleted; their hours stay in the statistics."))
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)



@staff_page
@require_http_methods(["GET", "POST"])
def volunteer_renew_link(request, pk):
    """Asks first: the volunteer's old private link stops working at once, the new one is e-mailed if it can be."""
    volunteer = roles.get_volunteer_for_staff(request.user, pk)
    if request.method == "GET":
        try:
            services.check_volunteer_link_renewable(volunteer)
        except VolunteersError as error:
            return _volunteer_page(request, volunteer, error=error, status=error.status)
        return render(request, "volunteers/staff/renew_link.html", {
            "person_name": volunteer.name, "email": volunteer.email,
            "back_url": reverse("volunteers:staff_volunteer", kwargs={"pk": volunteer.pk}),
            "renewals": list(volunteer.link_renewals.select_related("by")[:10]),
        })
    try:
        renewal = services.renew_volunteer_link(volunteer, by=request.user)
    except VolunteersError as error:
        return _volunteer_page(request, volunteer, error=error, status=error.status)
    volunteer = renewal.volunteer
    done = _("%(name)s has a new private link; the old one no longer works.") % {"name": volunteer.name}
    if renewal.emailed:
        messages.success(request, done + " " + _("The new link is on its way to %(email)s.")
                         % {"email": volunteer.email})
    else:
        messages.warning(request, done + " " + _(
            "There is no e-mail on file, so nothing was sent: pass the new link on yourself: %(link)s"
        ) % {"link": request.build_absolute_uri(volunteer.get_absolute_url())})
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


@staff_page
def shift_list(request):
    past = request.GET.get("probehle") == "1"
    shifts = list(selectors.staff_shifts(past=past)[:200])
    return render(request, "volunteers/staff/shifts.html", {"shifts": shifts, "past": past})


@staff_page
@require_http_methods(["GET", "POST"])
def shift_new(request):
    initial = {}
    date_pk = request.GET.get("termin", "")
    if (date_pk.isascii() and date_pk.isdigit()):
        initial["occurrence"] = int(date_pk)
    form = ShiftForm(request.POST or None, initial=initial)
    if request.method == "GET":
        return render(request, "volunteers/staff/shift_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "volunteers/staff/shift_form.html", {"form": form}, status=400)
    data = form.cleaned_data
    starts_at, ends_at = form.times()
    try:
        shift = services.open_shift(
            data["occurrence"], role=data["role"], starts_at=starts_at, ends_at=ends_at,
            places_needed=data["places_needed"], required_check=data["required_check"], note=data["note"],
            by=request.user,
        )
    except VolunteersError as error:
        return render(request, "volunteers/staff/shift_form.html", {"form": form, "error": error},
                      status=error.status)
    messages.success(request, _("The shift is open: %(role)s.") % {"role": shift.role})
    return redirect("volunteers:staff_shift", pk=shift.pk)


def _shift_page(request, shift, *, ask_form=None, error=None, status=200):
    assignments = list(selectors.shift_assignments(shift))
    return render(request, "volunteers/staff/shift.html", {
        "shift": shift, "assignments": assignments,
        "live": [a for a in assignments if a.is_live], "ended": [a for a in assignments if not a.is_live],
        "ask_form": ask_form or AskForm(), "error": error, "started": shift.has_started(),
        "attendance_form": AttendanceForm(),
    }, status=status)


@staff_page
def shift_detail(request, pk):
    return _shift_page(request, roles.get_shift_for_staff(request.user, pk))


@staff_page
@require_POST
def shift_ask(request, pk):
    shift = roles.get_shift_for_staff(request.user, pk)
    form = AskForm(request.POST)
    if not form.is_valid():
        return _shift_page(request, shift, ask_form=form, status=400)
    try:
        assignment = services.ask(shift, form.cleaned_data["volunteer"], by=request.user)
    except VolunteersError as error:
        return _shift_page(request, shift, ask_form=form, error=error, status=error.status)
    messages.success(request, _("%(name)s is asked; the place is held until they answer.")
                     % {"name": assignment.volunteer.name})
    return redirect("volunteers:staff_shift", pk=shift.pk)


def _assignment_of(shift, pk):
    return get_object_or_404(Assignment.objects.select_related("volunteer", "shift"), shift=shift, pk=pk)


@staff_page
@require_POST
def shift_cancel(request, pk, assignment_pk):
    shift = roles.get_shift_for_staff(request.user, pk)
    assignment = _assignment_of(shift, assignment_pk)
    try:
        services.cancel_assignment(assignment)
    except VolunteersError as error:
        return _shift_page(request, shift, error=error, status=error.status)
    messages.success(request, _("%(name)s is taken off the shift.") % {"name": assignment.volunteer.name})
    return redirect("volunteers:staff_shift", pk=shift.pk)


@staff_page
@require_POST
def shift_attendance(request, pk, assignment_pk):
    shift = roles.get_shift_for_staff(request.user, pk)
    assignment = _assignment_of(shift, assignment_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        error = VolunteersError("invalid_attendance", _("Choose whether the volunteer came, and the hours."))
        return _shift_page(request, shift, error=error, status=400)
    try:
        services.mark_attendance(assignment, attended=form.cleaned_data["attended"],
                                 hours=form.cleaned_data["hours"], by=request.user)
    except VolunteersError as error:
        return _shift_page(request, shift, error=error, status=error.status)
    messages.success(request, _("Attendance of %(name)s is saved.") % {"name": assignment.volunteer.name})
    return redirect("volunteers:staff_shift", pk=shift.pk)


@staff_page
def hours(request):
    years = selectors.years_with_hours()
    raw = request.GET.get("rok", "")
    year = int(raw) if (raw.isascii() and raw.isdigit()) and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    rows = selectors.hours_table(year)
    if request.GET.get("format") == "csv":
        response, writer = csv_response(f"dobrovolnici-hodiny-{year}.csv")
        writer.writerow([str(pgettext_lazy("CSV column", "name")), str(pgettext_lazy("CSV column", "hours")),
                         str(pgettext_lazy("CSV column", "shifts")), str(pgettext_lazy("CSV column", "no-shows"))])
        for row in rows:
            hours_worked = excel_number(row["hours"] or 0)
            writer.writerow([safe_cell(row["volunteer__name"]), hours_worked, row["came"], row["missed"]])
        return response
    return render(request, "volunteers/staff/hours.html", {
        "year": year, "years": sorted(set(years) | {year, date.today().year}, reverse=True), "rows": rows,
        "total": sum((row["hours"] or 0) for row in rows),
    })
