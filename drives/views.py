"""Public pages: the running drives, one drive's page with its progress and points, and the pledge form.

Not cached: the progress changes with every donation, and the drive page carries the pledge
form's CSRF token. Every page reads a fixed number of queries (see selectors).
"""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import feeds, ical
from events.models import Kind
from kernel.refusals import with_retry_after

from . import hours, selectors, services
from .forms import PledgeForm
from .models import Pledge
from .roles import get_public_drive
from .throttles import check_pledge_allowed

# How far ahead "where to bring things on that day" may look (the programme shows a month at a time).
DAYS_AHEAD = 400


def _chosen_day(value, today):
    """The day from ?den=YYYY-MM-DD (the programme's "where to bring things this day"), else today."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if today <= day <= today + timedelta(days=DAYS_AHEAD) else today


def _open_on(running, day, now):
    """(drive, point, OpeningDay, state) for every point open on `day`, earliest opening first.

    `state` is hours.state_at: open now, already closed or opening later today, "" for another day.
    """
    rows = []
    for drive in running:
        for point in drive.points.all():
            opening = hours.opening_day(point, day, drive)
            if not opening.is_open:
                continue
            rows.append((opening.slots[0][0], drive.title, point.venue.name, drive, point, opening,
                         hours.state_at(opening, now)))
    return [row[3:] for row in sorted(rows, key=lambda row: row[:3])]


def drive_list(request):
    running = list(selectors.running_drives())
    for drive in running:
        drive.overall = drive.overall_percent
    closed = list(selectors.recently_closed_drives())
    for drive in closed:
        drive.overall = drive.overall_percent
    now = hours.local_now()
    day = _chosen_day(request.GET.get("den"), now.date())
    context = {
        "running": running, "closed": closed,
        "day": day, "is_today": day == now.date(), "open_on_day": _open_on(running, day, now),
        "subscription": feeds.subscription(feeds.feed_query({"kind": Kind.COLLECTION})),
    }
    return render(request, "drives/list.html", context)


def _points_today(drive):
    points = []
    for point in drive.points.all():
        point.today, point.today_state = hours.today_with_state(point, drive=drive)
        point.open_now = point.today_state == hours.OPEN_NOW
        point.week = hours.weekly_table(point)
        point.exceptions_ahead = hours.upcoming_exceptions(point)
        point.next_day = None if point.today.is_open else hours.next_open_day(point, drive=drive)
        accepted = list(point.accepts.all())
        point.accepted_names = ", ".join(need.name for need in accepted)
        points.append(point)
    return points


def _drive_subscription(drive):
    url = ical.absolute(reverse("drives:drive_feed", kwargs={"slug": drive.slug}))
    return {"https": url, "webcal": ical.webcal(url)}


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
        "subscription": _drive_subscription(drive),
    }
    return with_retry_after(render(request, "drives/detail.html", context, status=status), error)


def drive_detail(request, slug):
    return _drive_page(request, get_public_drive(slug, request.user))


@require_POST
def pledge(request, slug):
    """The form on the drive's page: on success back to the page with a thank-you, else the page with the reason."""
    drive = get_public_drive(slug, request.user)
    form = PledgeForm(request.POST, drive=drive)
    try:
        check_pledge_allowed(request)
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
