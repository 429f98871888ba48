"""The staff's side of a drive: log donations at a point on a phone, pledges, hand-outs, hours, totals, CSV.

Every page finds its drive through `roles.get_drive_for_manager` (department staff: every drive;
an organizer: their own): missing and not yours look the same (404), and nothing changes.
Refusals from the services come back on the same page, with their message and status.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.spreadsheet import csv_response, safe_cell
from kernel.pages import signed_in_page

from . import hours, selectors, services
from .forms import (
    CorrectDonationForm,
    DistributionForm,
    DonationForm,
    ExceptionForm,
    HoursForm,
    ReasonForm,
    ReceivePledgeForm,
)
from .models import Donation, OpeningException, OpeningHours, Unit, local_today
from .roles import (
    MAX_ID,
    get_distribution_for_manager,
    get_donation_for_manager,
    get_drive_for_manager,
    get_pledge_for_manager,
    get_point_for_manager,
)

HISTORY_PER_PAGE = 50
DAYS_ON_PAGE = 14
# The buttons of the logging page: one tap logs this many.
PRESETS = {Unit.CZK: (100, 200, 500, 1000), Unit.BAG: (1, 2, 3, 5), Unit.BOX: (1, 2, 3, 5), Unit.SET: (1, 2, 3, 5)}
DEFAULT_PRESETS = (1, 2, 5, 10)


# Signed in; which drives the user may manage is get_drive_for_manager's to decide.
staff_page = signed_in_page


def _refused(request, template, context, error):
    return render(request, template, {**context, "error": error}, status=error.status)


def _void_reason(post):
    """The optional reason for voiding; one that does not fit is refused, never silently dropped."""
    form = ReasonForm(post)
    if form.is_valid():
        return form, form.cleaned_data["reason"], None
    return form, "", services.DrivesError("invalid_text", " ".join(form.errors.get("reason", [])), 400)


@staff_page
def home(request):
    drives = list(selectors.staff_drives(request.user))
    for drive in drives:
        drive.overall = drive.overall_percent
    return render(request, "drives/staff/home.html", {"drives": drives})


def _drive_context(drive):
    drive = selectors.load_drive_page(drive)
    for point in drive.points.all():
        point.today, point.today_state = hours.today_with_state(point, drive=drive)
    by_day = selectors.totals_by_day(drive)
    since = local_today() - timedelta(days=DAYS_ON_PAGE - 1)
    return {
        "drive": drive, "needs": list(drive.needs.all()), "overall": drive.overall_percent,
        "points": list(drive.points.all()), "by_point": selectors.totals_by_point(drive),
        "by_day": [row for row in by_day if row.day >= since], "more_days": any(row.day < since for row in by_day),
        "pledges": list(selectors.open_pledges(drive)), "donations": list(selectors.recent_donations(drive)),
        "distribution": selectors.distribution_totals(drive) if drive.hands_out else None,
    }


@staff_page
def drive_page(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    return render(request, "drives/staff/drive.html", _drive_context(drive))


@staff_page
@require_POST
def open_drive(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    try:
        services.open_drive(drive, by=request.user)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/drive.html", _drive_context(drive), error)
    messages.success(request, _("The drive is running: its page, pledges and collection hours are public."))
    return redirect("drives:staff_drive", slug=drive.slug)


@staff_page
@require_http_methods(["GET", "POST"])
def close_drive(request, slug):
    """Asks first: a closed drive takes nothing more and its hours leave the programme."""
    drive = get_drive_for_manager(request.user, slug)
    if request.method == "GET":
        return render(request, "drives/staff/close.html", {"drive": drive})
    try:
        services.close_drive(drive, by=request.user)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/close.html", {"drive": drive}, error)
    messages.success(request, _("The drive is closed. Thank you!"))
    return redirect("drives:staff_drive", slug=drive.slug)


# --- logging at a point -------------------------------------------------------------------------

def _point_context(point):
    drive = selectors.load_drive_page(point.drive)
    point = next(candidate for candidate in drive.points.all() if candidate.pk == point.pk)
    accepted = {need.pk for need in point.accepts.all()}
    needs = [need for need in drive.needs.all() if not accepted or need.pk in accepted]
    today = local_today()
    here_today = {
        row.need.pk: row.total for row in selectors.totals_by_day(drive)
        if row.day == today and row.point_id == point.pk
    }
    opening, opening_state = hours.today_with_state(point, drive=drive)
    for need in needs:
        need.presets = [(count, need.amount(count)) for count in PRESETS.get(need.unit, DEFAULT_PRESETS)]
        need.today_here = need.amount(here_today.get(need.pk, 0))
        need.form = DonationForm(prefix=f"need{need.pk}")
    return {
        "drive": drive, "point": point, "needs": needs, "today": opening, "today_state": opening_state,
        "donations": list(selectors.recent_donations(drive, point=point, limit=8)),
        "other_points": [other for other in drive.points.all() if other.pk != point.pk],
    }


@staff_page
def point_page(request, slug, pk):
    """The page to keep open at a collection point: one tap logs a donation."""
    point = get_point_for_manager(request.user, slug, pk)
    return render(request, "drives/staff/point.html", _point_context(point))


@staff_page
@require_POST
def log_at_point(request, slug, pk, need_pk):
    """A preset button or a typed number for one need; back to the point's page (PRG), or the reason."""
    point = get_point_for_manager(request.user, slug, pk)
    context = _point_context(point)
    need = next((candidate for candidate in context["needs"] if candidate.pk == need_pk), None)
    if need is None:
        error = services.DrivesError("not_accepted", _("This collection point does not take that. Choose again."))
        return _refused(request, "drives/staff/point.html", context, error)
    form = DonationForm(request.POST, prefix=f"need{need.pk}")
    need.form = form
    context["error_need"] = need
    if not form.is_valid():
        return render(request, "drives/staff/point.html", context, status=400)
    data = form.cleaned_data
    try:
        donation = services.log_donation(
            need, point=context["point"], quantity=data["quantity"], by=request.user, donor_name=data["donor_name"],
        )
    except services.DrivesError as error:
        return _refused(request, "drives/staff/point.html", context, error)
    messages.success(request, _("Logged: %(amount)s of %(need)s.") % {
        "amount": need.amount(donation.quantity), "need": need.name,
    })
    return redirect("drives:staff_point", slug=slug, pk=point.pk)


# --- one donation -------------------------------------------------------------------------------

def _donation_context(donation, form=None, reason_form=None):
    return {
        "drive": donation.drive, "donation": donation,
        "form": form or CorrectDonationForm(
            drive=donation.drive,
            initial={"quantity": donation.quantity, "point": donation.point_id, "donor_name": donation.donor_name},
        ),
        "reason_form": reason_form or ReasonForm(),
    }


@staff_page
@require_http_methods(["GET", "POST"])
def donation_page(request, slug, pk):
    """Correct a typing mistake in a donation; the history keeps the numbers before and after."""
    donation = get_donation_for_manager(request.user, slug, pk)
    if request.method == "GET":
        return render(request, "drives/staff/donation.html", _donation_context(donation))
    form = CorrectDonationForm(request.POST, drive=donation.drive)
    if not form.is_valid():
        return render(request, "drives/staff/donation.html", _donation_context(donation, form), status=400)
    data = form.cleaned_data
    try:
        services.correct_donation(donation, by=request.user, quantity=data["quantity"], point=data["point"],
                                  donor_name=data["donor_name"])
    except services.DrivesError as error:
        return _refused(request, "drives/staff/donation.html", _donation_context(donation, form), error)
    messages.success(request, _("The donation is corrected."))
    return redirect("drives:staff_drive", slug=slug)


@staff_page
@require_POST
def void_donation(request, slug, pk):
    donation = get_donation_for_manager(request.user, slug, pk)
    reason_form, reason, refusal = _void_reason(request.POST)
    try:
        if refusal:
            raise refusal
        services.void_donation(donation, by=request.user, reason=reason)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/donation.html", _donation_context(donation, None, reason_form),
                        error)
    messages.success(request, _("The donation of %(amount)s of %(need)s no longer counts.") % {
        "amount": donation.need.amount(donation.quantity), "need": donation.need.name,
    })
    back = request.POST.get("back", "")
    if (back.isascii() and back.isdigit()) and donation.point_id == int(back):
        return redirect("drives:staff_point", slug=slug, pk=donation.point_id)
    return redirect("drives:staff_drive", slug=slug)


# --- pledges ------------------------------------------------------------------------------------

def _pledge_context(pledge, form=None):
    initial = {"quantity": pledge.quantity, "point": pledge.point_id}
    return {"drive": pledge.drive, "pledge": pledge,
            "form": form or ReceivePledgeForm(drive=pledge.drive, initial=initial)}


@staff_page
@require_http_methods(["GET", "POST"])
def receive_pledge(request, slug, pk):
    """The promised things came: choose the point and the real quantity, and they count."""
    pledge = get_pledge_for_manager(request.user, slug, pk)
    if request.method == "GET":
        return render(request, "drives/staff/pledge.html", _pledge_context(pledge))
    form = ReceivePledgeForm(request.POST, drive=pledge.drive)
    if not form.is_valid():
        return render(request, "drives/staff/pledge.html", _pledge_context(pledge, form), status=400)
    try:
        donation = services.receive_pledge(pledge, by=request.user, point=form.cleaned_data["point"],
                                           quantity=form.cleaned_data["quantity"])
    except services.DrivesError as error:
        return _refused(request, "drives/staff/pledge.html", _pledge_context(pledge, form), error)
    messages.success(request, _("Received: %(amount)s of %(need)s.") % {
        "amount": pledge.need.amount(donation.quantity), "need": pledge.need.name,
    })
    return redirect("drives:staff_drive", slug=slug)


@staff_page
@require_POST
def cancel_pledge(request, slug, pk):
    pledge = get_pledge_for_manager(request.user, slug, pk)
    try:
        services.cancel_pledge(pledge, by=request.user)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/pledge.html", _pledge_context(pledge), error)
    messages.success(request, _("The pledge is marked as not coming."))
    return redirect("drives:staff_drive", slug=slug)


# --- distributions ------------------------------------------------------------------------------

def _distributions_context(drive, form=None):
    return {
        "drive": drive, "form": form or DistributionForm(drive=drive, initial={"handed_out_on": local_today()}),
        "distributions": list(selectors.distributions_of(drive)[:100]),
        "totals": selectors.distribution_totals(drive),
    }


@staff_page
@require_http_methods(["GET", "POST"])
def distributions(request, slug):
    """How many households and people were served: counts only, no names."""
    drive = get_drive_for_manager(request.user, slug)
    if request.method == "GET":
        return render(request, "drives/staff/distributions.html", _distributions_context(drive))
    form = DistributionForm(request.POST, drive=drive)
    if not form.is_valid():
        return render(request, "drives/staff/distributions.html", _distributions_context(drive, form), status=400)
    data = form.cleaned_data
    try:
        services.record_distribution(
            drive, by=request.user, handed_out_on=data["handed_out_on"], households=data["households"],
            people=data["people"], items=data["items"], need=data["need"], point=data["point"], note=data["note"],
        )
    except services.DrivesError as error:
        return _refused(request, "drives/staff/distributions.html", _distributions_context(drive, form), error)
    messages.success(request, _("The hand-out is recorded."))
    return redirect("drives:staff_distributions", slug=slug)


def _distribution_context(distribution, form=None):
    initial = {
        "handed_out_on": distribution.handed_out_on, "households": distribution.households,
        "people": distribution.people, "items": distribution.items, "need": distribution.need_id,
        "point": distribution.point_id, "note": distribution.note,
    }
    return {"drive": distribution.drive, "distribution": distribution, "reason_form": ReasonForm(),
            "form": form or DistributionForm(drive=distribution.drive, initial=initial)}


@staff_page
@require_http_methods(["GET", "POST"])
def distribution_page(request, slug, pk):
    distribution = get_distribution_for_manager(request.user, slug, pk)
    if request.method == "GET":
        return render(request, "drives/staff/distribution.html", _distribution_context(distribution))
    form = DistributionForm(request.POST, drive=distribution.drive)
    if not form.is_valid():
        return render(request, "drives/staff/distribution.html", _distribution_context(distribution, form),
                      status=400)
    data = form.cleaned_data
    try:
        services.correct_distribution(
            distribution, by=request.user, households=data["households"], people=data["people"],
            items=data["items"], handed_out_on=data["handed_out_on"], note=data["note"],
        )
    except services.DrivesError as error:
        return _refused(request, "drives/staff/distribution.html", _distribution_context(distribution, form), error)
    messages.success(request, _("The hand-out is corrected."))
    return redirect("drives:staff_distributions", slug=slug)


@staff_page
@require_POST
def void_distribution(request, slug, pk):
    distribution = get_distribution_for_manager(request.user, slug, pk)
    _reason_form, reason, refusal = _void_reason(request.POST)
    try:
        if refusal:
            raise refusal
        services.void_distribution(distribution, by=request.user, reason=reason)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/distribution.html", _distribution_context(distribution), error)
    messages.success(request, _("The hand-out no longer counts."))
    return redirect("drives:staff_distributions", slug=slug)


# --- opening hours ------------------------------------------------------------------------------

def _hours_context(drive, hours_form=None, exception_form=None):
    drive = selectors.load_drive_page(drive)
    return {
        "drive": drive, "points": list(drive.points.all()),
        "hours_form": hours_form or HoursForm(drive=drive, prefix="hours"),
        "exception_form": exception_form or ExceptionForm(drive=drive, prefix="exception"),
    }


@staff_page
def hours_page(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    return render(request, "drives/staff/hours.html", _hours_context(drive))


@staff_page
@require_POST
def add_hours(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    form = HoursForm(request.POST, drive=drive, prefix="hours")
    if not form.is_valid():
        return render(request, "drives/staff/hours.html", _hours_context(drive, hours_form=form), status=400)
    data = form.cleaned_data
    try:
        services.add_opening_hours(data["point"], weekday=data["weekday"], opens=data["opens"],
                                   closes=data["closes"], by=request.user)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/hours.html", _hours_context(drive, hours_form=form), error)
    messages.success(request, _("The opening hours are saved; the programme and the calendars follow."))
    return redirect("drives:staff_hours", slug=slug)


@staff_page
@require_POST
def remove_hours(request, slug, pk):
    drive = get_drive_for_manager(request.user, slug)
    slot = OpeningHours.objects.filter(point__drive=drive, pk=pk if pk <= MAX_ID else 0).select_related("point").first()
    if slot is not None:
        try:
            services.remove_opening_hours(slot, by=request.user)
        except services.DrivesError as error:
            return _refused(request, "drives/staff/hours.html", _hours_context(drive), error)
        messages.success(request, _("The opening hours are removed."))
    return redirect("drives:staff_hours", slug=slug)


@staff_page
@require_POST
def set_exception(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    form = ExceptionForm(request.POST, drive=drive, prefix="exception")
    if not form.is_valid():
        return render(request, "drives/staff/hours.html", _hours_context(drive, exception_form=form), status=400)
    data = form.cleaned_data
    try:
        services.set_exception(data["point"], day=data["day"], closed=data["closed"], opens=data["opens"],
                               closes=data["closes"], note=data["note"], by=request.user)
    except services.DrivesError as error:
        return _refused(request, "drives/staff/hours.html", _hours_context(drive, exception_form=form), error)
    messages.success(request, _("The day is saved; the programme and the calendars follow."))
    return redirect("drives:staff_hours", slug=slug)


@staff_page
@require_POST
def remove_exception(request, slug, pk):
    drive = get_drive_for_manager(request.user, slug)
    exception = (
        OpeningException.objects.filter(point__drive=drive, pk=pk if pk <= MAX_ID else 0)
        .select_related("point").first()
    )
    if exception is not None:
        try:
            services.remove_exception(exception, by=request.user)
        except services.DrivesError as error:
            return _refused(request, "drives/staff/hours.html", _hours_context(drive), error)
        messages.success(request, _("The day follows the usual hours again."))
    return redirect("drives:staff_hours", slug=slug)


# --- history and exports ------------------------------------------------------------------------

@staff_page
def history(request, slug):
    drive = get_drive_for_manager(request.user, slug)
    page = Paginator(selectors.history_of(drive), HISTORY_PER_PAGE).get_page(request.GET.get("strana"))
    return render(request, "drives/staff/history.html", {"drive": drive, "entries": page})


DONATION_COLUMNS = [
    pgettext_lazy("CSV column", "received"), pgettext_lazy("CSV column", "collection point"),
    pgettext_lazy("CSV column", "need"), pgettext_lazy("CSV column", "quantity"),
    pgettext_lazy("CSV column", "unit"), pgettext_lazy("CSV column", "donor"),
    pgettext_lazy("CSV column", "from a pledge"), pgettext_lazy("CSV column", "logged by"),
    pgettext_lazy("CSV column", "voided"), pgettext_lazy("CSV column", "why voided"),
]


@staff_page
def donations_csv(request, slug):
    """Every donation, voided ones marked, for Czech Excel: UTF-8 with a BOM and ';' between columns."""
    drive = get_drive_for_manager(request.user, slug)
    response, writer = csv_response(f"dary-{drive.slug}.csv")
    writer.writerow([str(column) for column in DONATION_COLUMNS])
    yes = pgettext("CSV value", "yes")
    rows = (
        Donation.objects.filter(drive=drive).select_related("need", "point__venue", "logged_by")
        .order_by("received_at", "id")
    )
    for donation in rows:
        logged_by = donation.logged_by
        writer.writerow([safe_cell(value) for value in (
            f"{timezone.localtime(donation.received_at):%Y-%m-%d %H:%M}", donation.point.venue.name,
            donation.need.name, donation.quantity, donation.need.get_unit_display(), donation.donor_name,
            yes if donation.pledge_id else "", (logged_by.get_full_name() or logged_by.get_username()) if logged_by
            else "", f"{timezone.localtime(donation.voided_at):%Y-%m-%d %H:%M}" if donation.voided_at else "",
            donation.void_reason,
        )])
    return response


TOTALS_COLUMNS = [
    pgettext_lazy("CSV column", "day"), pgettext_lazy("CSV column", "collection point"),
    pgettext_lazy("CSV column", "need"), pgettext_lazy("CSV column", "quantity"), pgettext_lazy("CSV column", "unit"),
]


@staff_page
def totals_csv(request, slug):
    """What counts, by day (Prague), point and need."""
    drive = get_drive_for_manager(request.user, slug)
    response, writer = csv_response(f"souhrn-{drive.slug}.csv")
    writer.writerow([str(column) for column in TOTALS_COLUMNS])
    for row in reversed(selectors.totals_by_day(drive)):
        writer.writerow([safe_cell(value) for value in (
            row.day.isoformat(), row.point_name, row.need.name, row.total, row.need.get_unit_display(),
        )])
    return response

