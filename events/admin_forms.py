"""Forms of the staff admin: a schedule put together from plain choices, never typed as RRULE text.

The friendly choices map onto a small, well-understood part of RFC 5545 (FREQ, INTERVAL, BYDAY,
BYMONTHDAY, BYMONTH, COUNT, UNTIL). A stored rule outside that part (BYSETPOS from the API, say)
is kept exactly as it is, shown read-only, until someone deliberately picks another repetition.
"""

import re
from datetime import datetime, timedelta

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from . import services
from .models import Occurrence, Series
from .recurrence import (
    MAX_COUNT,
    MAX_INTERVAL,
    RuleError,
    _until_as_local,
    local_starts,
    normalize_rule,
    split_rule,
    to_local,
)
from .schedule_text import dates_to_confirm

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_CHOICES = [(code, WEEKDAYS[index]) for index, code in enumerate(WEEKDAY_CODES)]
MONTH_CHOICES = [(number, MONTHS[number]) for number in range(1, 13)]
FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY"}
REPEATS_FROM_FREQUENCY = {value: key for key, value in FREQUENCIES.items()}
ADVANCED = "advanced"
# A context keeps these apart from the plural "every day / every %(n)s days" of describe_rule().
REPEAT_CHOICES = [
    ("once", pgettext_lazy("repeats", "once (does not repeat)")),
    ("daily", pgettext_lazy("repeats", "every day")),
    ("weekly", pgettext_lazy("repeats", "every week")),
    ("monthly", pgettext_lazy("repeats", "every month")),
    ("yearly", pgettext_lazy("repeats", "every year")),
]
# Translated as "1.", "2.", … "poslední", so Czech needs no grammatical gender for the weekday.
WHICH_CHOICES = [
    (1, pgettext_lazy("which one in the month", "first")),
    (2, pgettext_lazy("which one in the month", "second")),
    (3, pgettext_lazy("which one in the month", "third")),
    (4, pgettext_lazy("which one in the month", "fourth")),
    (-1, pgettext_lazy("which one in the month", "last")),
]
MONTHLY_MODE_CHOICES = [
    ("day", _("on a day of the month (for example the 15th)")),
    ("weekday", _("on a weekday of the month (for example the last Friday)")),
]
ENDS_CHOICES = [("never", _("never")), ("count", _("after a number of dates")), ("until", _("on a date"))]
NTH_WEEKDAY = re.compile(r"^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$")
# How many dates a rule read from the database and its friendly re-composition must agree on.
ROUND_TRIP_DATES = 60
PREVIEW_DATES = 10
SCHEDULE_FIELDS = [
    "duration_hours", "duration_minutes", "repeats", "interval", "weekdays", "months", "monthly_mode",
    "month_day", "week_of_month", "weekday_of_month", "ends", "count", "until",
]


RADIO = forms.RadioSelect(attrs={"class": "radiolist"})  # the admin's style for a list of choices


class ScheduleChoiceError(Exception):
    """A friendly choice is missing or contradicts another; `field` is where to show it."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def format_local_start(moment):
    """'st 2. 12. 2026 18:00' — a naive Prague time or an aware moment, in the active language."""
    if timezone.is_aware(moment):
        moment = to_local(moment)
    return dateformat.format(moment, "D j. n. Y H:i")


def compose_rule(values, starts_on):
    """Build the RRULE text from the friendly choices ('' for a one-off event).

    Empty weekdays, months or day of the month default to those of the first date, which is what
    a person filling in "every week" from a Wednesday means.
    """
    repeats = values.get("repeats")
    if repeats == "once":
        return ""
    parts = {"FREQ": FREQUENCIES[repeats]}
    interval = values.get("interval") or 1
    if interval > 1:
        parts["INTERVAL"] = str(interval)
    if repeats == "weekly":
        days = values.get("weekdays") or [WEEKDAY_CODES[starts_on.weekday()]]
        parts["BYDAY"] = ",".join(sorted(set(days), key=WEEKDAY_CODES.index))
    if repeats == "yearly":
        months = values.get("months") or [starts_on.month]
        parts["BYMONTH"] = ",".join(str(month) for month in sorted({int(month) for month in months}))
    if repeats in ("monthly", "yearly"):
        if (values.get("monthly_mode") or "day") == "weekday":
            which = values.get("week_of_month") or _week_of_month(starts_on)
            weekday = values.get("weekday_of_month") or WEEKDAY_CODES[starts_on.weekday()]
            parts["BYDAY"] = f"{int(which)}{weekday}"
        else:
            parts["BYMONTHDAY"] = str(values.get("month_day") or starts_on.day)
    ends = values.get("ends") or "never"
    if ends == "count":
        if not values.get("count"):
            raise ScheduleChoiceError("count", _("Enter the number of dates."))
        parts["COUNT"] = str(values["count"])
    elif ends == "until":
        until = values.get("until")
        if not until:
            raise ScheduleChoiceError("until", _("Enter the last day."))
        if until < starts_on:
            raise ScheduleChoiceError("until", _("The last day is before the first date."))
        parts["UNTIL"] = until.strftime("%Y%m%d")
    return ";".join(f"{name}={value}" for name, value in parts.items())


def _week_of_month(day):
    which = (day.day - 1) // 7 + 1
    return which if which <= 4 else -1


def rule_to_choices(rule, starts_on, start_time):
    """The friendly choices that give the same dates as `rule`, or None when they cannot.

    The reading is checked by composing the choices again and comparing the dates both rules give.
    """
    if not rule:
        return {"repeats": "once"}
    try:
        choices = _read_rule(split_rule(rule), starts_on, start_time)
    except (RuleError, ValueError, KeyError):
        return None
    if choices is None:
        return None
    first_start = datetime.combine(starts_on, start_time)
    try:
        again = normalize_rule(compose_rule(choices, starts_on))
        same = local_starts(rule, first_start, limit=ROUND_TRIP_DATES) == local_starts(
            again, first_start, limit=ROUND_TRIP_DATES
        )
    except (RuleError, ScheduleChoiceError, ValueError):
        return None
    return choices if same else None


def _read_rule(parts, starts_on, start_time):
    repeats = REPEATS_FROM_FREQUENCY.get(parts.pop("FREQ", ""))
    if repeats is None or parts.pop("WKST", "MO") != "MO":
        return None
    choices = {"repeats": repeats, "interval": int(parts.pop("INTERVAL", "1")), "ends": "never"}
    if "COUNT" in parts:
        choices.update(ends="count", count=int(parts.pop("COUNT")))
    if "UNTIL" in parts:
        # A date D is in the rule while D + start time <= UNTIL, so the last day is this one.
        last = _until_as_local(parts.pop("UNTIL")) - timedelta(
            hours=start_time.hour, minutes=start_time.minute, seconds=start_time.second
        )
        choices.update(ends="until", until=last.date())
    if repeats == "weekly" and "BYDAY" in parts:
        days = parts.pop("BYDAY").split(",")
        if not set(days) <= set(WEEKDAY_CODES):
            return None
        choices["weekdays"] = days
    elif repeats == "weekly":
        choices["weekdays"] = [WEEKDAY_CODES[starts_on.weekday()]]
    if repeats == "yearly":
        if "BYMONTH" in parts:
            choices["months"] = [int(month) for month in parts.pop("BYMONTH").split(",")]
        elif "BYDAY" in parts or "BYMONTHDAY" in parts:
            return None  # e.g. "the first Monday of the year": not a choice of this form
        else:
            choices["months"] = [starts_on.month]
    if repeats in ("monthly", "yearly"):
        if "BYDAY" in parts and "BYMONTHDAY" in parts:
            return None
        if "BYDAY" in parts:
            match = NTH_WEEKDAY.match(parts.pop("BYDAY"))
            if not match:
                return None
            choices.update(monthly_mode="weekday", week_of_month=int(match[1]), weekday_of_month=match[2])
        else:
            day = int(parts.pop("BYMONTHDAY", starts_on.day))
            if not 1 <= day <= 31:
                return None
            choices.update(monthly_mode="day", month_day=day)
    return None if parts else choices


def describe_rule(rule, starts_on, start_time):
    """A short description of the repetition for lists: 'every 2 weeks: Mon, Thu; 6 dates'."""
    choices = rule_to_choices(rule, starts_on, start_time)
    if choices is None:
        return str(_("advanced rule"))
    repeats = choices["repeats"]
    if repeats == "once":
        return str(_("once"))
    n = choices.get("interval") or 1
    text = {
        "daily": ngettext("every day", "every %(n)s days", n),
        "weekly": ngettext("every week", "every %(n)s weeks", n),
        "monthly": ngettext("every month", "every %(n)s months", n),
        "yearly": ngettext("every year", "every %(n)s years", n),
    }[repeats] % {"n": n}
    details = []
    if repeats == "weekly":
        details.append(", ".join(str(WEEKDAYS_ABBR[WEEKDAY_CODES.index(day)]) for day in choices["weekdays"]))
    if repeats == "yearly":
        details.append(", ".join(str(MONTHS[month]) for month in choices["months"]))
    if repeats in ("monthly", "yearly"):
        if choices["monthly_mode"] == "weekday":
            which = dict(WHICH_CHOICES)[choices["week_of_month"]]
            weekday = WEEKDAYS[WEEKDAY_CODES.index(choices["weekday_of_month"])]
            details.append(str(_("%(which)s %(weekday)s") % {"which": which, "weekday": weekday}))
        else:
            details.append(str(_("day %(day)s") % {"day": choices["month_day"]}))
    if choices["ends"] == "count":
        details.append(ngettext("%(n)s date", "%(n)s dates", choices["count"]) % {"n": choices["count"]})
    elif choices["ends"] == "until":
        details.append(str(_("until %(date)s") % {"date": _short_date(choices["until"])}))
    return "; ".join([f"{text}: {details[0]}" if details else text, *details[1:]])


def _short_date(day):
    return f"{day.day}. {day.month}. {day.year}"


def upcoming_rule_starts(rule, first_start, *, excluded=(), limit=PREVIEW_DATES, now=None):
    """The next local start times the rule gives from now on, for the previews."""
    after = max(to_local(now or timezone.now()), first_start)
    return local_starts(rule, first_start, after=after, excluded=excluded, limit=limit)


class SeriesAdminForm(forms.ModelForm):
    """The series with its schedule as choices; `recurrence` and `duration` are composed in clean()."""

    duration_hours = forms.IntegerField(label=_("Duration: hours"), min_value=0, required=False, initial=2)
    duration_minutes = forms.IntegerField(
        label=_("minutes"), min_value=0, max_value=59, required=False, initial=0
    )
    repeats = forms.ChoiceField(
        label=_("Repeats"), choices=REPEAT_CHOICES, widget=RADIO, initial="once"
    )
    interval = forms.IntegerField(
        label=_("Interval"), min_value=1, max_value=MAX_INTERVAL, required=False, initial=1,
        help_text=_("1 means every day, week, month or year; 2 means every other one "
                    "(for example every 2 weeks); and so on."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these days"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For weekly repetition. When none is ticked, the weekday of the first date is used."),
    )
    months = forms.TypedMultipleChoiceField(
        label=_("In these months"), choices=MONTH_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For yearly repetition. When none is ticked, the month of the first date is used."),
    )
    monthly_mode = forms.ChoiceField(
        label=_("Day in the month"), choices=MONTHLY_MODE_CHOICES, widget=RADIO, required=False,
        initial="day",
    )
    month_day = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, required=False,
        help_text=_("Empty means the day of the first date. Months without this day "
                    "(for example the 31st) are skipped."),
    )
    week_of_month = forms.TypedChoiceField(
        label=_("Which one"), choices=[("", _("as on the first date")), *WHICH_CHOICES], coerce=int,
        required=False,
    )
    weekday_of_month = forms.ChoiceField(
        label=_("Weekday"), choices=[("", _("as on the first date")), *WEEKDAY_CHOICES], required=False
    )
    ends = forms.ChoiceField(label=_("Ends"), choices=ENDS_CHOICES, widget=RADIO, initial="never")
    count = forms.IntegerField(label=_("Number of dates"), min_value=1, max_value=MAX_COUNT, required=False)
    until = forms.DateField(label=_("Last day"), required=False, widget=AdminDateWidget)
    advanced_rule = forms.CharField(
        label=_("Advanced rule"), required=False, disabled=True,
        widget=forms.TextInput(attrs={"size": 60, "readonly": True}),
        help_text=_("This repetition was made outside this form (for example through the API) and is kept "
                    "as it is. To replace it, choose another repetition above."),
    )

    confirm_schedule_change = forms.BooleanField(
        label=_("I have read what happens to these dates: save the change."), required=False, label_suffix="",
    )

    preview_requested = False  # set on a subclass by the admin when "Show preview" was pressed

    class Meta:
        model = Series
        # `recurrence` and `duration` are not here: clean() composes them from the choices.
        fields = [
            "title", "slug", "description", "kind", "audiences", "venue", "organizers", "price_note",
            "published", "registration_required", "capacity", "max_seats_per_registration",
            "registration_opens_days_before", "registration_closes_hours_before", "waiting_list",
            "starts_on", "start_time",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_rule = None
        self.moved_first_date = None
        self.preview = None
        self.dates_to_confirm = []  # lines about dates with someone's work in them that the edit changes
        series = self.instance
        if series.pk is None:
            return
        minutes = int(series.duration.total_seconds() // 60)
        choices = {"duration_hours": minutes // 60, "duration_minutes": minutes % 60}
        friendly = rule_to_choices(series.recurrence, series.starts_on, series.start_time)
        if friendly is None:
            self.kept_rule = series.recurrence
            choices.update(repeats=ADVANCED, advanced_rule=series.recurrence)
            self.fields["repeats"].choices = [
                *REPEAT_CHOICES, (ADVANCED, _("by the advanced rule below (kept as it is)"))
            ]
        else:
            choices.update(friendly)
        for name, value in choices.items():
            self.initial.setdefault(name, value)

    def clean(self):
        cleaned = super().clean()
        starts_on, start_time = cleaned.get("starts_on"), cleaned.get("start_time")
        if starts_on is None or start_time is None or cleaned.get("repeats") is None:
            return cleaned
        if any(name in self.errors for name in SCHEDULE_FIELDS):
            return cleaned  # the field's own error says enough
        duration = timedelta(
            hours=cleaned.get("duration_hours") or 0, minutes=cleaned.get("duration_minutes") or 0
        )
        try:
            if cleaned["repeats"] == ADVANCED:
                rule = self.kept_rule
            else:
                rule = compose_rule(cleaned, starts_on)
            rule = normalize_rule(rule)
            starts_on = self._first_date_of(rule, starts_on, start_time)
            rule = services.validate_schedule(
                recurrence=rule, starts_on=starts_on, start_time=start_time, duration=duration,
                excluded=self.excluded_dates(),
            )
        except ScheduleChoiceError as error:
            self.add_error(error.field, error.message)
            return cleaned
        except RuleError as error:
            if error.field in self.fields:  # a start time the clocks skip or repeat: shown beside it
                self.add_error(error.field, forms.ValidationError(error.message, code="schedule"))
                return cleaned
            raise forms.ValidationError(error.message, code="schedule") from None
        cleaned["starts_on"] = starts_on
        self.instance.recurrence = rule
        self.instance.duration = duration
        if self.instance.pk is not None:
            self._ask_about_changed_dates(rule, starts_on, start_time, duration, cleaned.get("capacity"))
        return cleaned

    def _ask_about_changed_dates(self, rule, starts_on, start_time, duration, capacity):
        """List the dates moved or changed by hand, cancelled or with people registered that the edit
        changes or drops, by the same plan the save carries out; saving needs the confirmation."""
        self.dates_to_confirm = dates_to_confirm(
            self.instance, recurrence=rule, starts_on=starts_on, start_time=start_time, duration=duration,
            capacity=capacity,
        )
        if self.dates_to_confirm and not self.preview_requested and not self.cleaned_data.get(
            "confirm_schedule_change"
        ):
            self.add_error("confirm_schedule_change", _(
                "The change affects the dates listed above. Read what happens to them and tick this "
                "box to save it."
            ))

    def _first_date_of(self, rule, starts_on, start_time):
        """The first date must itself follow the rule: move it forward to the first date that does.

        The form is filled in as "from this day, every Monday and Thursday", so a first date that
        is not a Monday or Thursday means "from here on"; the admin tells the person where it moved.
        """
        if not rule:
            return starts_on
        first = local_starts(rule, datetime.combine(starts_on, start_time), limit=1)
        if not first or first[0].date() == starts_on:
            return starts_on  # no dates at all: validate_schedule says so in its own words
        self.moved_first_date = first[0].date()
        return first[0].date()

    def excluded_dates(self):
        return self.instance.excluded_date_set if self.instance.pk else set()

    def moved_first_date_message(self):
        if not self.moved_first_date:
            return ""
        return _("The first date was moved to %(date)s, the first day that fits the repetition.") % {
            "date": dateformat.format(self.moved_first_date, "D j. n. Y")
        }

    def upcoming_starts(self, limit=PREVIEW_DATES):
        """The next dates of the schedule as filled in (valid form only), whether saved or not."""
        series = self.instance
        first_start = datetime.combine(self.cleaned_data["starts_on"], self.cleaned_data["start_time"])
        return upcoming_rule_starts(
            series.recurrence, first_start, excluded=self.excluded_dates(), limit=limit
        )

    def is_valid(self):
        valid = super().is_valid()
        if valid and self.preview_requested:
            self.preview = self.upcoming_starts()
            # Reported as "not valid" so the admin shows the page again with the values kept and
            # saves nothing; there are no errors, so no error note is shown either.
            return False
        return valid


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker: one compact box per value, fit for a table row."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class OccurrenceAdminForm(forms.ModelForm):
    """One date: cancel it, move it, send it elsewhere or give it its own number of places.

    The start and end typed are what is stored (Prague wall-clock times); an empty end keeps the
    date's length. The rules and the saving are `events.services.change_occurrence`'s: it writes
    only these fields (never the places taken, which registrations change concurrently), raises the
    date's SEQUENCE when calendars show the change, announces it (registered people hear of it, the
    waiting list moves up) and keeps it in the date's history as made by `by`, the user saving.
    """

    editable = list(services.EDITABLE)
    by = None  # set by the admin before saving: who made the change

    class Meta:
        model = Occurrence
        fields = ["start", "end", "status", "status_note", "venue", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        end = self.fields.get("end")
        if end is not None and self.instance.pk is not None:
            end.required = False
            end.help_text = _("Empty keeps the length of the date.")

    def clean(self):
        cleaned = super().clean()
        occurrence = self.instance
        if occurrence.pk is None:
            return cleaned
        changes = services.planned_occurrence_change(occurrence, **self.typed_changes(cleaned))
        if "end" in changes and "end" not in self.errors:
            cleaned["end"] = changes["end"]  # an empty end: the date's length kept
        for refusal in services.occurrence_change_refusals(
            occurrence, changes, places_taken=self._places_taken_now() if "capacity" in changes else None,
        ):
            field = refusal.field if refusal.field in self.fields else None
            self.add_error(field, forms.ValidationError(refusal.message, code=refusal.code))
        return cleaned

    def typed_changes(self, cleaned):
        """What the person changed in the form, as change_occurrence's arguments."""
        changed, values = set(self.changed_data), {}
        valid = {name: cleaned.get(name) for name in self.editable if name not in self.errors}
        if changed & {"start", "end"} and valid.get("start") is not None:
            values["start"] = valid["start"]
            if valid.get("end") is not None:
                values["end"] = valid["end"]
        elif "end" in changed and valid.get("end") is not None:
            values["end"] = valid["end"]
        if "status" in changed and valid.get("status"):
            values["status"] = valid["status"]
        if "status_note" in changed and "status_note" in valid:
            values["status_note"] = valid["status_note"] or ""
        for name in ("venue", "capacity"):
            if name in changed and name in valid:
                values[name] = valid[name]
        return values

    def _places_taken_now(self):
        """Read under a row lock when in a transaction (the admin's is), so no registration slips in."""
        if self.instance.pk is None:
            return 0
        dates = Occurrence.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            dates = dates.select_for_update()
        return dates.values_list("seats_taken", flat=True).first() or 0

    def save(self, commit=True):
        occurrence = super().save(commit=False)  # the admin saves later, through save_fields
        if commit:
            self.save_fields()
        return occurrence

    def save_fields(self, by=None):
        """Save through change_occurrence; the form's instance then holds the date as saved."""
        values = self.typed_changes(self.cleaned_data)
        if values:
            services.change_occurrence(self.instance, by=by or self.by, **values)
        return self.instance


class UpcomingDatesFormSet(forms.BaseInlineFormSet):
    """Only the next `limit` dates: a weekly series has some 57 rows within the horizon."""

    limit = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            shown = list(self.queryset.values_list("pk", flat=True)[: self.limit])
            self.queryset = self.queryset.filter(pk__in=shown)
        self._venue_choices = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # One query for the venue list instead of one per row.
        field = form.fields.get("venue")
        if field is not None:
            if self._venue_choices is None:
                self._venue_choices = list(field.choices)
            widget = getattr(field.widget, "widget", field.widget)
            widget.choices = self._venue_choices
        _label_row(form)
        return form


class ExcludedDatesFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        excluded = form.instance
        _label_row(form, dateformat.format(excluded.date, "D j. n. Y") if excluded.pk else "")
        return form


def _label_row(form, when=None):
    """A row of the table has no <label>s, only the column headings: each box is named by its column
    and its date ("Konec, st 9. 12. 2026 18:00"), so a screen reader says which date it belongs to."""
    if when is None:
        occurrence = form.instance
        when = format_local_start(occurrence.start) if occurrence.pk and occurrence.start else ""
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)
        label = str(field.label or "")
        widget.attrs["aria-label"] = f"{label}, {when}" if when else label
