"""Public pages: the running drives, one drive's page with its progress and points, and the pledge form.

Not cached: the progress changes with every donation, and the drive page carries the pledge
form's CSRF token. Every page reads a fixed number of queries (see selectors).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import feeds
from events.models import Kind

from . import hours, selectors, services
from .forms import PledgeForm
from .models import Pledge
from .roles import get_public_drive
from .throttles import pledge_allowed


def drive_list(request):
    running = list(selectors.running_drives())
    for drive in running:
        drive.overall = drive.overall_percent
    closed = list(selectors.recently_closed_drives())
    for drive in closed:
        drive.overall = drive.overall_percent
    context = {
        "running": running, "closed": closed,
        "subscription": feeds.subscription(feeds.feed_query({"kind": Kind.COLLECTION})),
    }
    return render(request, "drives/list.html", context)


def _points_today(drive):
    points = []
    for point in drive.points.all():
        point.today = hours.today_at(point, drive=drive)
        point.open_now = hours.is_open_now(point, drive=drive)
        point.week = hours.weekly_table(point)
        point.exceptions_ahead = hours.upcoming_exceptions(point)
        point.next_day = None if point.today.is_open else hours.next_open_day(point, drive=drive)
        accepted = list(point.accepts.all())
        point.accepted_names = ", ".join(need.name for need in accepted)
        points.append(point)
    return points


def _drive_page(request, drive, *, form=None, error=None, status=200):
    drive = selectors.load_drive_page(drive)
    needs = list(drive.needs.all())
    accepts_pledges = drive.accepts_pledges()
    if form is None and accepts_pledges:
        form = PledgeForm(drive=drive)
    context = {
        "drive": drive, "needs": needs, "overall": drive.overall_percent,
        "points": _points_today(drive), "form": form if accepts_pledges else None, "error": error,
        "ended": drive.has_ended(),
        "distribution": selectors.distribution_totals(drive) if drive.hands_out else None,
    }
    return render(request, "drives/detail.html", context, status=status)


def drive_detail(request, slug):
    return _drive_page(request, get_public_drive(slug, request.user))


@require_POST
def pledge(request, slug):
    """The form on the drive's page: on success back to the page with a thank-you, else the page with the reason."""
    drive = get_public_drive(slug, request.user)
    form = PledgeForm(request.POST, drive=drive)
    if not pledge_allowed(request):
        error = services.DrivesError(
            "throttled", _("Too many pledges from this connection. Please call the department."), 429,
        )
        return _drive_page(request, drive, form=form, error=error, status=error.status)
    try:
        # A drive that takes no pledges says so first, whatever was typed into the form.
        services.check_can_pledge(drive)
    except services.DrivesError as error:
        return _drive_page(request, drive, form=form, error=error, status=error.status)
    if not form.is_valid():
        return _drive_page(request, drive, form=form, status=400)
    data = form.cleaned_data
    try:
        made = services.make_pledge(
            data["need"], quantity=data["quantity"], point=data["point"], name=data["name"], note=data["note"],
            source=Pledge.Source.WEB,
        )
    except services.DrivesError as error:
        return _drive_page(request, drive, form=form, error=error, status=error.status)
    messages.success(
        request,
        _("Thank you! You promised %(amount)s of %(need)s. It counts once it is brought to a collection point.")
        % {"amount": made.need.amount(made.quantity), "need": made.need.name},
    )
    return redirect(drive)
