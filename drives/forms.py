"""Forms read what a person typed; the rules (limits, a closed drive) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.templatetags.data_language import data_lang_attrs

from .models import Weekday

# Text with a numeric keypad: no spinner buttons, and the service, not the browser, explains a wrong number.
NUMBER = {"inputmode": "numeric", "autocomplete": "off"}
# Far beyond any limit of the services; keeps absurd digits from reaching the database.
HUGE = 10**12


class QuantityField(forms.IntegerField):
    """A whole number; its size and sign are judged by the service, with a message about the unit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -HUGE)
        kwargs.setdefault("max_value", HUGE)
        kwargs.setdefault("error_messages", {
            "invalid": _("Write the quantity as a whole number, for example 3."),
            "min_value": _("The quantity must be at least 1."),
            "max_value": _("That number is far too large. Check it, please."),
        })
        kwargs.setdefault("widget", forms.TextInput(attrs=NUMBER))
        super().__init__(**kwargs)


class NamedByStaffSelect(forms.Select):
    """A list of what staff named in Czech (needs, venues): on a page in another language each choice
    carries lang="cs", the empty choice ("Choose") stays in the page's language."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"].update(data_lang_attrs())
        return option


class PledgeForm(forms.Form):
    need = forms.ModelChoiceField(
        label=_("What will you bring"), queryset=None, empty_label=_("Choose"), widget=NamedByStaffSelect,
        error_messages={"invalid_choice": _("Choose one of the things in the list."),
                        "required": _("Choose what you will bring.")},
    )
    quantity = QuantityField(label=_("How many"), initial=1, help_text=_("Bags, pieces or crowns, as the list says."))
    point = forms.ModelChoiceField(
        label=_("Where will you bring it"), queryset=None, required=False, empty_label=_("I do not know yet"),
        widget=NamedByStaffSelect,
        error_messages={"invalid_choice": _("Choose one of the collection points in the list.")},
    )
    name = forms.CharField(
        label=_("Your name (optional)"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Leave it empty to stay anonymous."),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = drive.needs.all()
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name


class DonationForm(forms.Form):
    """One tap on a preset (+1, +5 …) or a typed amount, for one need at the point of the page."""

    preset = forms.IntegerField(required=False, min_value=-HUGE, max_value=HUGE)
    amount = QuantityField(label=_("Another quantity"), required=False)
    donor_name = forms.CharField(
        label=_("Donor's name (only if they wish)"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("amount") is None and data.get("preset") is None:
            self.add_error("amount", _("Write how many, or press one of the buttons."))
        data["quantity"] = data.get("amount") if data.get("amount") is not None else data.get("preset")
        return data


class CorrectDonationForm(forms.Form):
    quantity = QuantityField(label=_("Quantity"))
    point = forms.ModelChoiceField(label=_("Collection point"), queryset=None, empty_label=None)
    donor_name = forms.CharField(label=_("Donor's name (only if they wish)"), required=False, max_length=100)

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=200)


class ReceivePledgeForm(forms.Form):
    point = forms.ModelChoiceField(label=_("Brought to"), queryset=None, empty_label=None)
    quantity = QuantityField(label=_("How many came"))

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name


class CountField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", -HUGE)
        kwargs.setdefault("max_value", HUGE)
        kwargs.setdefault("widget", forms.TextInput(attrs=NUMBER))
        kwargs.setdefault("error_messages", {"invalid": _("Write a whole number, for example 12.")})
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value) or 0


class DistributionForm(forms.Form):
    handed_out_on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}),
                                    error_messages={"invalid": _("Give the day as a date.")})
    households = CountField(label=_("Households served"))
    people = CountField(label=_("People in them"))
    items = CountField(label=_("Items handed out"))
    need = forms.ModelChoiceField(label=_("What was handed out"), queryset=None, required=False,
                                  empty_label=_("Several things"))
    point = forms.ModelChoiceField(label=_("Where"), queryset=None, required=False, empty_label=_("Elsewhere"))
    note = forms.CharField(label=_("Note (no names or details of the families)"), required=False, max_length=200)

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = drive.needs.all()
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name


class HoursForm(forms.Form):
    point = forms.ModelChoiceField(label=_("Collection point"), queryset=None, empty_label=None)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=Weekday.choices, coerce=int)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}),
                            error_messages={"invalid": _("Write the time as 9:00.")})
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}),
                             error_messages={"invalid": _("Write the time as 9:00.")})

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name


class ExceptionForm(forms.Form):
    point = forms.ModelChoiceField(label=_("Collection point"), queryset=None, empty_label=None)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": _("Give the day as a date.")})
    closed = forms.TypedChoiceField(
        label=_("That day the point is"), coerce=lambda value: value == "closed", widget=forms.RadioSelect,
        choices=[("closed", _("closed all day")), ("open", _("open at these hours"))], initial="closed",
    )
    opens = forms.TimeField(label=_("Opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                            error_messages={"invalid": _("Write the time as 9:00.")})
    closes = forms.TimeField(label=_("Closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"}),
                             error_messages={"invalid": _("Write the time as 9:00.")})
    note = forms.CharField(label=_("Note for donors"), required=False, max_length=200,
                           help_text=_("For example: public holiday."))

    def __init__(self, *args, drive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = drive.points.select_related("venue")
        self.fields["point"].label_from_instance = lambda point: point.venue.name
