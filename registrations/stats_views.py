"""Statistics for the department: registrations against attendance by event, audience and month.

Department staff see every series; an organizer sees only the series they organize; a signed-in
user who manages nothing gets the page with nothing to count (200, as on the staff home page,
not a 403: the page exists for them, their share of the figures is empty).
"""


from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.spreadsheet import csv_response, safe_cell
from events.forms import refuse_dates_out_of_range
from events.roles import series_managed_by

from . import stats
from .staff_views import staff_page

MAX_PERIOD_DAYS = 5 * 366
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class PeriodForm(forms.Form):
    """The period of the statistics, from the address (GET); empty ends take the last twelve months."""

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        date_errors = {"invalid": _("Enter a date as YYYY-MM-DD, for example 2026-12-24.")}
        # "from" is a Python keyword, so the fields are added by name (as in the programme's filters).
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                required=False, label=label, input_formats=DATE_FORMATS, error_messages=date_errors,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self):
        data = super().clean()
        refuse_dates_out_of_range(self, data)
        if self.errors:
            return data
        last = data.get("to") or self.today
        first = data.get("from") or stats.default_period(last).first
        if last < first:
            raise ValidationError(_("The end of the range is before its beginning."), code="range")
        if (last - first).days > MAX_PERIOD_DAYS:
            raise ValidationError(_("Choose at most %(days)s days at once.") % {"days": MAX_PERIOD_DAYS},
                                  code="range")
        data["period"] = stats.Period(first, last)
        return data

    def error_text(self):
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            messages += [f"{label}: {error}" if label else str(error) for error in errors]
        return " ".join(messages)


def _period_form(request):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, None
    period = form.cleaned_data["period"]
    # Shown again with the ends filled in, so the user sees which period the numbers are for.
    shown = PeriodForm({"from": period.first.isoformat(), "to": period.last.isoformat()})
    shown.is_valid()
    return shown, period


def _month_labels(lines):
    for line in lines:
        line.label = formats.date_format(line.key, "F Y")
        line.short_label = formats.date_format(line.key, "M")
    return lines


@staff_page
def statistics(request):
    form, period = _period_form(request)
    if period is None:
        return render(request, "registrations/staff/statistics.html", {"form": form}, status=400)
    context = {"form": form, "period": period, "manages_any": series_managed_by(request.user).exists()}
    if context["manages_any"]:
        now = timezone.now()
        months = _month_labels(stats.by_month(request.user, period, now=now))
        context.update(
            total=stats.totals(request.user, period, now=now),
            series=stats.by_series(request.user, period, now=now),
            audiences=stats.by_audience(request.user, period, now=now, no_audience=_("no audience given")),
            months=months, chart=month_chart(months),
        )
    return render(request, "registrations/staff/statistics.html", context)


# --- CSV ------------------------------------------------------------------------------------

MEASURE_COLUMNS = [
    pgettext_lazy("CSV column", "dates held"), pgettext_lazy("CSV column", "registered places"),
    pgettext_lazy("CSV column", "places that came"), pgettext_lazy("CSV column", "attendance %"),
    pgettext_lazy("CSV column", "no-shows (places)"), pgettext_lazy("CSV column", "cancelled registrations"),
    pgettext_lazy("CSV column", "left on the waiting list"),
]
TABLES = {
    # the address part: (the first column, the lines)
    "akce": (pgettext_lazy("CSV column", "event"), stats.by_series),
    "skupiny": (pgettext_lazy("CSV column", "audience"), stats.by_audience),
    "mesice": (pgettext_lazy("CSV column", "month"), stats.by_month),
}


@staff_page
def statistics_csv(request, table):
    """One table of the statistics for Czech Excel: UTF-8 with a BOM, ';' between columns."""
    if table not in TABLES:
        raise Http404("No such table.")
    form, period = _period_form(request)
    if period is None:
        return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")
    first_column, lines_of = TABLES[table]
    kwargs = {"no_audience": _("no audience given")} if table == "skupiny" else {}
    lines = lines_of(request.user, period, now=timezone.now(), **kwargs)
    response, writer = csv_response(f"statistiky-{table}-{period.first:%Y-%m-%d}-{period.last:%Y-%m-%d}.csv")
    writer.writerow([str(column) for column in [first_column, *MEASURE_COLUMNS]])
    for line in lines:
        writer.writerow([safe_cell(line.label), line.dates, line.registered, line.came,
                         "" if line.rate is None else line.rate, line.no_shows, line.cancelled, line.waiting])
    return response


# --- The chart ------------------------------------------------------------------------------

CHART_HEIGHT = 380
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 64, 16, 64, 64
CHART_MIN_WIDTH = 560
GROUP_WIDTH, BAR_WIDTH, BAR_GAP = 80, 30, 4


def nice_step(peak, ticks=4):
    """The smallest of 1, 2, 5, 10, 20, 50… that reaches `peak` in `ticks` steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * ticks >= peak:
                return step * factor
        step *= 10


def month_chart(lines, ticks=4):
    """Geometry of grouped bars (registered, came) per month, for an inline SVG drawn by the template."""
    step = nice_step(max([max(line.registered, line.came) for line in lines] + [1]), ticks)
    top = step * ticks
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_TOP + plot_height
    group = max(GROUP_WIDTH, (CHART_MIN_WIDTH - CHART_LEFT - CHART_RIGHT) / max(len(lines), 1))
    width = CHART_LEFT + group * len(lines) + CHART_RIGHT

    def y(value):
        return round(baseline - value * plot_height / top, 1)

    groups = []
    for index, line in enumerate(lines):
        x = CHART_LEFT + index * group + (group - 2 * BAR_WIDTH - BAR_GAP) / 2
        bars = []
        for offset, (kind, value) in enumerate((("registered", line.registered), ("came", line.came))):
            left = round(x + offset * (BAR_WIDTH + BAR_GAP), 1)
            bars.append({
                "kind": kind, "value": value, "x": left, "y": y(value), "height": round(baseline - y(value), 1),
                "label_x": round(left + BAR_WIDTH / 2, 1), "label_y": round(y(value) - 6, 1),
            })
        groups.append({
            "line": line, "bars": bars, "center": round(CHART_LEFT + index * group + group / 2, 1),
            "show_year": index == 0 or line.key.month == 1,
        })
    return {
        "width": round(width, 1), "height": CHART_HEIGHT, "left": CHART_LEFT, "right": round(width - CHART_RIGHT, 1),
        "top": CHART_TOP, "baseline": baseline, "bar_width": BAR_WIDTH, "groups": groups,
        "month_y": baseline + 24, "year_y": baseline + 46,
        # Below this width the words get too small to read: the chart scrolls sideways instead.
        "min_width_rem": max(36, 4 * len(lines)),
        "ticks": [{"value": step * i, "y": y(step * i)} for i in range(ticks + 1)],
    }
