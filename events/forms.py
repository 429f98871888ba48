from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audience_labels import audience_label
from .models import Audience, Kind, Series, Venue

MAX_RANGE_DAYS = 400
# Dates far outside this cannot be turned into UTC for a query, and nobody means them.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
TRUE_VALUES = {"1", "true", "on", "yes", "ano"}
FALSE_VALUES = {"", "0", "false", "off", "no", "ne"}


def refuse_dates_out_of_range(form, data, names=("from", "to")):
    """Dates far outside what anyone means are refused on the field (and dropped from `data`)."""
    for name in names:
        day = data.get(name)
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            form.add_error(name, ValidationError(
                _("Choose a date between the years %(first)s and %(last)s.")
                % {"first": EARLIEST_DAY.year, "last": LATEST_DAY.year}, code="out_of_range",
            ))
            data.pop(name, None)


class IdOrSlugField(forms.ModelChoiceField):
    """Accepts a row's number (what the API returns) or its short name (what addresses show)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if "\x00" in value or len(value) > 100:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        lookup = {"pk": value} if (value.isascii() and value.isdigit()) else {"slug": value}
        try:
            return self.queryset.get(**lookup)
        except (self.queryset.model.DoesNotExist, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class AudienceField(IdOrSlugField):
    def label_from_instance(self, obj):
        return audience_label(obj)


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox that hands the raw text to the field, so "maybe" is an error, not a yes."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoField(forms.Field):
    widget = YesNoCheckbox

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise ValidationError(_("Use 1 for yes or 0 for no."), code="invalid")


class ProgrammeFilterForm(forms.Form):
    """The filters of the programme, shared by the public page and the API (one rule, two doors)."""

    audience = AudienceField(
        queryset=Audience.objects.all(), required=False, label=_("For whom"), empty_label=_("Everyone"),
        to_field_name="slug", error_messages={"invalid_choice": _("Unknown audience.")},
    )
    kind = forms.ChoiceField(
        choices=[("", _("Any kind"))] + list(Kind.choices), required=False, label=_("Kind"),
        error_messages={"invalid_choice": _("Unknown kind of event.")},
    )
    venue = IdOrSlugField(
        queryset=Venue.objects.all(), required=False, label=_("Venue"), empty_label=_("Any venue"),
        to_field_name="slug", error_messages={"invalid_choice": _("Unknown venue.")},
    )
    # Chosen on an event's page ("other dates"), not among the page's filters.
    series = IdOrSlugField(
        queryset=Series.objects.filter(published=True), required=False, label=_("Event"),
        empty_label=_("Any event"), to_field_name="slug", widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Unknown event.")},
    )
    has_free_places = YesNoField(required=False, label=_("Only with free places"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_errors = {"invalid": _("Enter a date as YYYY-MM-DD, for example 2026-12-24.")}
        # "from" is a Python keyword, so these two fields are added by name.
        self.fields["from"] = forms.DateField(
            required=False, label=_("From"), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            widget=forms.DateInput(attrs={"type": "date"}), error_messages=date_errors,
        )
        self.fields["to"] = forms.DateField(
            required=False, label=_("To"), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            widget=forms.DateInput(attrs={"type": "date"}), error_messages=date_errors,
        )
        self.order_fields(["from", "to", "audience", "kind", "venue", "series", "has_free_places"])

    def clean(self):
        data = super().clean()
        refuse_dates_out_of_range(self, data)
        start, end = data.get("from"), data.get("to")
        if start and end:
            if end < start:
                raise ValidationError(_("The end of the range is before its beginning."), code="range")
            if (end - start).days > MAX_RANGE_DAYS:
                raise ValidationError(
                    _("Choose at most %(days)s days at once.") % {"days": MAX_RANGE_DAYS}, code="range"
                )
        return data

    def error_text(self):
        """All errors as one sentence list, for the API's 400 and the page's message."""
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                messages.append(f"{label}: {error}" if label else str(error))
        return " ".join(messages)


class PrintMonthForm(forms.Form):
    """The choice on the printable month: collection hours of charity drives are left out unless asked for."""

    collections = YesNoField(required=False, label=_("Include collection hours of charity drives"))


def default_range(today=None, days=31):
    today = today or timezone.localdate()
    return today, today + timedelta(days=days)
