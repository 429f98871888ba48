"""The department staff's pages: the award rounds (the coordinator) and the volunteer register.

Every page goes through a getter in `roles`: missing and not allowed look the same (404).
Before judging closes the coordinator sees progress (who has scored how many), never values.
"""

import csv
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import roles, selectors, services
from .forms import (
    AskForm,
    AttendanceForm,
    CheckForm,
    NominationEditForm,
    ReasonForm,
    ShiftForm,
    TieForm,
    VolunteerForm,
    VolunteerSearchForm,
)
from .models import Assignment, AwardRound, Nomination, Phase, ScoreChange, Story
from .services import VolunteersError
from .views import refusal, results_page

PER_PAGE = 50


def staff_page(view):
    """Signed in, department staff (else 404), never kept in a shared cache: the pages hold contacts."""

    def checked(request, *args, **kwargs):
        if not roles.is_coordinator(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    checked.__name__ = view.__name__
    checked.__doc__ = view.__doc__
    return login_required(never_cache(checked))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text a spreadsheet shows as text: names come from the public form, and Excel runs '=…' as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def excel_number(value):
    """Two decimals with a decimal comma, as Czech Excel reads numbers; empty for no value."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


def _csv_response(filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response, delimiter=";")


# --- Award rounds ----------------------------------------------------------------------------


@staff_page
def rounds(request):
    return render(request, "volunteers/staff/rounds.html", {
        "rounds": list(AwardRound.objects.order_by("-year")),
    })


@staff_page
def round_detail(request, pk):
    return _round_page(request, roles.get_round_for_coordinator(request.user, pk))


def _round_page(request, award_round, *, error=None, status=200):
    wanted_status = request.GET.get("stav", "")
    if wanted_status not in Nomination.Status.values:
        wanted_status = ""
    nominations = list(selectors.staff_nominations(award_round, wanted_status or None))
    counts = dict.fromkeys(Nomination.Status.values, 0)
    for status_value in award_round.nominations.values_list("status", flat=True):
        counts[status_value] += 1
    context = {
        "award_round": award_round, "nominations": nominations, "wanted_status": wanted_status,
        "statuses": [(value, label, counts[value]) for value, label in Nomination.Status.choices],
        "progress": services.progress(award_round),
        "criteria_count": award_round.criteria.count(),
        "accepted_count": counts[Nomination.Status.ACCEPTED],
        "next_phase": Phase(award_round.next_phase) if award_round.next_phase else None,
        "phase_changes": list(award_round.phase_changes.select_related("by")),
        "error": error,
    }
    return render(request, "volunteers/staff/round.html", context, status=status)


@staff_page
@require_POST
def move_phase(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    try:
        award_round = services.move_phase(award_round, request.POST.get("phase", ""), by=request.user)
    except VolunteersError as error:
        return _round_page(request, award_round, error=error, status=error.status)
    messages.success(request, _("The round is now in the phase: %(phase)s.")
                     % {"phase": award_round.get_phase_display()})
    return redirect("volunteers:staff_round", pk=award_round.pk)


def _nomination_context(request, nomination, **extra):
    award_round = nomination.round
    return {
        "nomination": nomination, "award_round": award_round,
        "stories": list(nomination.stories.all()),
        "duplicates": list(services.possible_duplicates(nomination)),
        "merge_targets": list(
            award_round.nominations.exclude(pk=nomination.pk).exclude(status=Nomination.Status.MERGED)
            .filter(anonymised_at__isnull=True).select_related("category").order_by("name_key", "pk")
        ),
        "edit_form": extra.pop("edit_form", None) or NominationEditForm(award_round=award_round, initial={
            "nominee_name": nomination.nominee_name, "nominee_organisation": nomination.nominee_organisation,
            "nominee_email": nomination.nominee_email, "nominee_phone": nomination.nominee_phone,
            "category": nomination.category_id,
        }),
        "reject_form": extra.pop("reject_form", None) or ReasonForm(),
        "merged": list(nomination.merged.all()),
        **extra,
    }


def _nomination_page(request, nomination, *, status=200, **extra):
    return render(request, "volunteers/staff/nomination.html", _nomination_context(request, nomination, **extra),
                  status=status)


@staff_page
def nomination_detail(request, pk):
    return _nomination_page(request, roles.get_nomination_for_coordinator(request.user, pk))


@staff_page
@require_POST
def nomination_review(request, pk, decision):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    form = ReasonForm(request.POST) if decision == "reject" else None
    try:
        if decision == "accept":
            services.accept_nomination(nomination, by=request.user)
            messages.success(request, _("The nomination of %(name)s is accepted.") % {"name": nomination.nominee_name})
        else:
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.reject_nomination(nomination, reason=reason, by=request.user)
            messages.success(request, _("The nomination of %(name)s is rejected; it is kept with the reason.")
                             % {"name": nomination.nominee_name})
    except VolunteersError as error:
        return _nomination_page(request, nomination, error=error, status=error.status, reject_form=form)
    return redirect("volunteers:staff_nomination", pk=nomination.pk)


@staff_page
@require_POST
def nomination_edit(request, pk):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    form = NominationEditForm(request.POST, award_round=nomination.round)
    if not form.is_valid():
        return _nomination_page(request, nomination, edit_form=form, status=400)
    data = form.cleaned_data
    try:
        services.edit_nomination(
            nomination, nominee_name=data["nominee_name"], nominee_organisation=data["nominee_organisation"],
            nominee_email=data["nominee_email"], nominee_phone=data["nominee_phone"], category_id=data["category"],
        )
    except VolunteersError as error:
        return _nomination_page(request, nomination, edit_form=form, error=error, status=error.status)
    messages.success(request, _("The nominee's details are saved."))
    return redirect("volunteers:staff_nomination", pk=nomination.pk)


@staff_page
@require_POST
def nomination_merge(request, pk):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    target_pk = request.POST.get("into", "")
    into = (
        Nomination.objects.filter(round=nomination.round, pk=int(target_pk)).select_related("round").first()
        if (target_pk.isascii() and target_pk.isdigit()) and int(target_pk) < 2**63 else None
    )
    if into is None:
        error = VolunteersError("unknown_nomination", _("Choose the nomination to merge with."))
        return _nomination_page(request, nomination, error=error, status=error.status)
    try:
        services.merge_nominations(nomination, into=into, by=request.user)
    except VolunteersError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    messages.success(request, _("Merged: all stories are now with the nomination of %(name)s.")
                     % {"name": into.nominee_name})
    return redirect("volunteers:staff_nomination", pk=into.pk)


@staff_page
@require_POST
def nomination_consent(request, pk):
    """The nominee told staff (on the phone, in a letter) whether they may be published."""
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    answer = request.POST.get("agrees", "")
    if answer not in ("yes", "no"):
        error = VolunteersError("invalid_answer", _("Choose one of the two answers."))
        return _nomination_page(request, nomination, error=error, status=error.status)
    try:
        services.record_nominee_consent(nomination, agrees=answer == "yes")
    except VolunteersError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    messages.success(request, _("The nominee's answer is saved."))
    return redirect("volunteers:staff_nomination", pk=nomination.pk)



@staff_page
@require_http_methods(["GET", "POST"])
def nomination_renew_link(request, pk):
    """Asks first: the nominee's old private link stops working at once, the new one is e-mailed if it can be."""
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    if request.method == "GET":
        try:
            services.check_nominee_link_renewable(nomination)
        except VolunteersError as error:
            return _nomination_page(request, nomination, error=error, status=error.status)
        return render(request, "volunteers/staff/renew_link.html", {
            "person_name": nomination.nominee_name, "is_nominee": True,
            "email": nomination.nominee_email, "informed": nomination.informed_at is not None,
            "back_url": reverse("volunteers:staff_nomination", kwargs={"pk": nomination.pk}),
            "renewals": list(nomination.link_renewals.select_related("by")[:10]),
        })
    try:
        renewal = services.renew_nominee_link(nomination, by=request.user)
    except VolunteersError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    nomination = renewal.nomination
    done = _("%(name)s has a new private link; the old one no longer works.") % {"name": nomination.nominee_name}
    if renewal.emailed:
        messages.success(request, done + " " + _("The new link is on its way to %(email)s.")
                         % {"email": nomination.nominee_email})
    elif nomination.nominee_email:
        messages.success(request, done + " " + _(
            "No e-mail was sent: the nominee has not been told about the nomination yet. If it is accepted,"
            " the e-mail that tells them carries the new link."
        ))
    else:
        messages.warning(request, done + " " + _(
            "There is no e-mail on file, so nothing was sent: pass the new link on yourself: %(link)s"
        ) % {"link": request.build_absolute_uri(nomination.get_nominee_url())})
    return redirect("volunteers:staff_nomination", pk=nomination.pk)


@staff_page
def round_results(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    return results_page(request, award_round, can_decide=award_round.phase == Phase.CLOSED)


@staff_page
@require_POST
def decide_tie(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    form = TieForm(request.POST)
    if not form.is_valid():
        error = VolunteersError("reason_required", _("Write how the tie was decided."))
        return results_page(request, award_round, can_decide=True, status=400, error=error)
    group = form.group_ids()
    chosen = form.cleaned_data["chosen"]
    nominations = {n.pk: n for n in award_round.nominations.filter(pk__in=group)}
    try:
        if chosen not in nominations:
            raise VolunteersError("not_a_tie", _("These nominations are not an undecided tie."), 409)
        services.decide_tie(
            award_round, chosen=nominations[chosen], over=[n for pk_, n in nominations.items() if pk_ != chosen],
            note=form.cleaned_data["note"], by=request.user,
        )
    except VolunteersError as error:
        return results_page(request, award_round, can_decide=True, status=error.status, error=error)
    messages.success(request, _("The decision is recorded: %(name)s goes ahead.")
                     % {"name": nominations[chosen].nominee_name})
    return redirect("volunteers:staff_results", pk=award_round.pk)


RESULTS_CSV_COLUMNS = [
    pgettext_lazy("CSV column", "category"), pgettext_lazy("CSV column", "rank"),
    pgettext_lazy("CSV column", "winner"), pgettext_lazy("CSV column", "nominee"),
    pgettext_lazy("CSV column", "organisation"), pgettext_lazy("CSV column", "may be published"),
    pgettext_lazy("CSV column", "mean score"), pgettext_lazy("CSV column", "median"),
    pgettext_lazy("CSV column", "jurors who scored"), pgettext_lazy("CSV column", "spread"),
    pgettext_lazy("CSV column", "flags"), pgettext_lazy("CSV column", "story"),
]


@staff_page
def results_csv(request, pk):
    """The results for the ceremony, for Czech Excel (UTF-8 with a BOM, ';' between columns)."""
    award_round = roles.get_round_for_coordinator(request.user, pk)
    if not award_round.results_ready:
        return refusal(request, VolunteersError(
            "results_not_ready", _("The results are shown to the jury and the coordinator once judging closes."), 403
        ))
    results = services.tally(award_round)
    stories = selectors.group_by(
        Story.objects.filter(nomination__round=award_round).order_by("submitted_at", "pk"),
        lambda story: story.nomination_id,
    )
    response, writer = _csv_response(f"andel-{award_round.year}-vysledky.csv")
    writer.writerow([str(column) for column in RESULTS_CSV_COLUMNS])
    yes, no, unknown = pgettext("CSV value", "yes"), pgettext("CSV value", "no"), pgettext("CSV value", "not asked")
    for category_results in results.categories:
        for row in category_results.rows:
            nomination = row.nomination
            flags = []
            if row.too_few:
                flags.append(pgettext("CSV value", "too few scores"))
            if row.wide_spread:
                flags.append(pgettext("CSV value", "jurors disagree"))
            if row.tied:
                flags.append(pgettext("CSV value", "undecided tie"))
            consent = {True: yes, False: no}.get(nomination.publication_consent, unknown)
            writer.writerow([_cell(value) for value in (
                category_results.category.name, row.rank or "", yes if row.winner else "", nomination.nominee_name,
                nomination.nominee_organisation, consent, excel_number(row.mean_display),
                excel_number(row.median_display), row.count, excel_number(row.spread_display), ", ".join(flags),
                "\n\n".join(story.text for story in stories.get(nomination.pk, [])),
            )])
    return response


@staff_page
def audit_log(request, pk):
    """Every change of a score: who, when, from, to. Values appear only once judging has closed."""
    award_round = roles.get_round_for_coordinator(request.user, pk)
    if not award_round.results_ready:
        return refusal(request, VolunteersError(
            "results_not_ready", _("The results are shown to the jury and the coordinator once judging closes."), 403
        ))
    changes = (
        ScoreChange.objects.filter(nomination__round=award_round)
        .select_related("nomination", "juror", "criterion", "changed_by").order_by("changed_at", "pk")
    )
    page = Paginator(changes, 200).get_page(request.GET.get("strana"))
    return render(request, "volunteers/staff/audit.html", {"award_round": award_round, "changes": page})


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
            volunteer = form.save()
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
    form.save()
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
            "person_name": volunteer.name, "is_nominee": False, "email": volunteer.email,
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
        response, writer = _csv_response(f"dobrovolnici-hodiny-{year}.csv")
        writer.writerow([str(pgettext_lazy("CSV column", "name")), str(pgettext_lazy("CSV column", "hours")),
                         str(pgettext_lazy("CSV column", "shifts")), str(pgettext_lazy("CSV column", "no-shows"))])
        for row in rows:
            hours_worked = excel_number(row["hours"] or 0)
            writer.writerow([_cell(row["volunteer__name"]), hours_worked, row["came"], row["missed"]])
        return response
    return render(request, "volunteers/staff/hours.html", {
        "year": year, "years": sorted(set(years) | {year, date.today().year}, reverse=True), "rows": rows,
        "total": sum((row["hours"] or 0) for row in rows),
    })
