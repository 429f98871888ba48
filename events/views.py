from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import feeds
from .cache import PROGRAMME_PARAMS, public_page
from .forms import EARLIEST_DAY, LATEST_DAY, PrintMonthForm, ProgrammeFilterForm, default_range
from .models import Kind, Occurrence, Series
from .selectors import programme_occurrences, upcoming_dates_of

PROGRAMME_DAYS = 31


def _group_by_day(dates):
    return [(day, list(items)) for day, items in groupby(dates, key=lambda o: timezone.localdate(o.start))]


@dataclass
class ProgrammeDay:
    """One day of the programme: its events, and how many collection hours of charity drives it has.

    Collection points are open most days at several places; listed one by one they would bury
    the events (63 cards against 15 events in a month), so a day says in one line that things
    can be brought, and the drives' pages say where.
    """

    day: date
    dates: list = field(default_factory=list)
    collection_points: int = 0

    @property
    def is_today(self):
        return self.day == timezone.localdate()


def programme_days(dates, *, fold_collections=True):
    days = []
    for day, items in _group_by_day(dates):
        if not fold_collections:
            days.append(ProgrammeDay(day, items))
            continue
        events = [o for o in items if o.series.kind != Kind.COLLECTION]
        collections = [o for o in items if o.series.kind == Kind.COLLECTION and not o.is_cancelled]
        if events or collections:
            days.append(ProgrammeDay(day, events, len({o.place.pk for o in collections})))
    return days


@public_page(params=PROGRAMME_PARAMS)
def programme(request):
    """Upcoming dates by day, with filters that work without JavaScript."""
    form = ProgrammeFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "events/programme.html", {"form": form, "days": []}, status=400)
    filters = dict(form.cleaned_data) if form.is_bound else {}
    start, end = default_range(days=PROGRAMME_DAYS)
    filters.setdefault("from", None)
    filters.setdefault("to", None)
    if not filters["from"]:
        filters["from"] = start
        if not filters["to"]:
            filters["to"] = end
    if not filters["to"]:
        filters["to"] = filters["from"] + timedelta(days=PROGRAMME_DAYS)
    dates = programme_occurrences(filters)
    if filters["from"] <= start:
        dates = dates.upcoming()
    dates = list(dates)
    context = {
        "form": form,
        # Someone who asked for collection hours sees them one by one.
        "days": programme_days(dates, fold_collections=filters.get("kind") != Kind.COLLECTION),
        "range_from": filters["from"],
        "range_to": filters["to"],
        "next_range": _shifted_query(request.GET, filters["to"] + timedelta(days=1)),
        # The calendar subscription follows the same choice of audience, kind, venue and event.
        "subscription": feeds.subscription(feeds.feed_query(filters)),
    }
    return render(request, "events/programme.html", context)


def _shifted_query(query, new_from):
    shifted = query.copy()
    shifted["from"] = new_from.isoformat()
    shifted["to"] = (new_from + timedelta(days=PROGRAMME_DAYS)).isoformat()
    return shifted.urlencode()


def _public_series(slug):
    return get_object_or_404(
        Series.objects.filter(published=True).select_related("venue").prefetch_related("audiences"), slug=slug
    )


@public_page
def series_detail(request, slug):
    series = _public_series(slug)
    dates = list(upcoming_dates_of(series, limit=12))
    subscription = feeds.subscription(feeds.feed_query({"series": series}))
    return render(
        request, "events/series_detail.html", {"series": series, "dates": dates, "subscription": subscription}
    )


@public_page
def occurrence_detail(request, slug, pk):
    occurrence = get_object_or_404(
        Occurrence.objects.public().for_page(), pk=pk, series__slug=slug,
    )
    state = occurrence.registration_state()
    return render(
        request, "events/occurrence_detail.html",
        {"occurrence": occurrence, "series": occurrence.series, "place": occurrence.place, "state": state},
    )


def programme_feed(request):
    """/feeds/program.ics?audience=…&kind=…&venue=…&series=… — the programme for calendar apps."""
    return feeds.programme_feed_response(request)


def _parse_month(value):
    today = timezone.localdate()
    if not value:
        return date(today.year, today.month, 1)
    try:
        year, month = (int(part) for part in value.split("-"))
        if not EARLIEST_DAY.year < year < LATEST_DAY.year:
            raise ValueError("year out of range")
        return date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404(_("Unknown month.")) from None


@public_page(params=("month", "collections"))
def print_month(request):
    """One month on A4 in large print, for noticeboards and the seniors' magazine.

    Collection hours of charity drives are left out unless asked for: they would fill pages.
    """
    form = PrintMonthForm(request.GET)
    try:
        first = _parse_month(request.GET.get("month"))
    except Http404:
        error = _("Give the month as YYYY-MM, for example 2026-12.")
    else:
        error = None if form.is_valid() else " ".join(form.errors["collections"])
    if error:
        return render(request, "events/print_month.html", {"error": error, "days": []}, status=400)
    with_collections = form.cleaned_data["collections"]
    next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    dates = programme_occurrences({"from": first, "to": next_month - timedelta(days=1)})
    if not with_collections:
        dates = dates.exclude(series__kind=Kind.COLLECTION)
    previous_month = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    suffix = "&collections=1" if with_collections else ""
    context = {
        "month": first,
        "form": form,
        "with_collections": with_collections,
        "days": _group_by_day(dates),
        "previous_month": previous_month.strftime("%Y-%m") + suffix,
        "next_month": next_month.strftime("%Y-%m") + suffix,
        "this_month": first.strftime("%Y-%m"),
    }
    return render(request, "events/print_month.html", context)


def switch_language(request, code):
    """A plain link, not a form, so cached public pages carry no per-visitor token."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@lru_cache(maxsize=1)
def _favicon_bytes():
    with open(finders.find("favicon.ico"), "rb") as icon:
        return icon.read()


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page's <link rel="icon"> says."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
