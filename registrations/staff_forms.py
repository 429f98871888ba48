from itertools import groupby

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kernel.ids import MAX_ID, as_id

from . import selectors
from .forms import EmailHintForm

# Ids are bigint columns: a larger number is no row, and must not reach the database as a number.


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person by name or phone"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("At least two letters of the name, or a part of the phone number, for example 777 123."),
    )


def date_label(occurrence):
    when = formats.date_format(timezone.localtime(occurrence.start), "D j. n. Y, H:i")
    left = occurrence.seats_left
    if left is None:
        places = gettext("places not limited")
    elif left:
        places = gettext("%(left)s of %(capacity)s free") % {"left": left, "capacity": occurrence.capacity}
    elif occurrence.series.waiting_list:
        places = gettext("full: the person goes on the waiting list")
    else:
        places = gettext("full")
    return f"{when} · {places}"


class StaffRegistrationForm(EmailHintForm):
    """What staff type in while the person is on the phone; the service checks the rest. A mistyped
    e-mail domain gets the same hint as on the public form, to read back to the caller."""

    occurrence = forms.ModelChoiceField(
        label=_("Date of the event"), queryset=None, empty_label=_("Choose a date"),
        error_messages={"invalid_choice": _("Choose one of the dates in the list.")},
    )
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Without an e-mail the person gets no messages: staff call them when something changes."),
    )
    seats = forms.IntegerField(
        label=_("How many places"), min_value=1, max_value=99, initial=1,
        help_text=_("The person and their companions."),
    )
    needs_wheelchair = forms.BooleanField(label=capfirst(_("comes in a wheelchair")), required=False)
    needs_hearing = forms.BooleanField(label=capfirst(_("hard of hearing")), required=False)
    needs_note = forms.CharField(
        label=capfirst(_("other needs")), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The person picked in the search (hidden), or the answer to "who is it?" when the typed
    # contact belongs to someone else: a person's id, or "new" for a new person.
    person = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    who = forms.CharField(label=_("Who is registering?"), required=False, max_length=24)

    def __init__(self, *args, user, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["occurrence"]
        # Any date the user manages is accepted, so a date cancelled or started since the page
        # was loaded gets the service's own explanation; only the sensible ones are offered.
        field.queryset = selectors.managed_dates(user)
        chosen = self.data.get("occurrence") if self.is_bound else self.initial.get("occurrence")
        offered = selectors.dates_offered_for_registration(user, now=now, also=_as_pk(chosen))
        groups = [
            (title, [(occurrence.pk, date_label(occurrence)) for occurrence in dates])
            for title, dates in groupby(offered, key=lambda occurrence: occurrence.series.title)
        ]
        field.widget.choices = [("", field.empty_label), *groups]
        self.offers_dates = bool(groups)


def _as_pk(value):
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def chosen_person(cleaned_data):
    """(person_id, new_person) from the answer to "who is it?", else from the person picked in the search."""
    who = (cleaned_data.get("who") or "").strip()
    if who == "new":
        return None, True
    if as_id(who):
        return as_id(who), False
    return cleaned_data.get("person"), False


class DateMessageForm(forms.Form):
    """A message to everyone on a date. `submission` is a one-time key, so a second press sends nothing."""

    audience = forms.ChoiceField(
        label=_("To whom"), widget=forms.RadioSelect, initial="registered",
        error_messages={"required": _("Choose whom the message is for.")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=150,
        error_messages={"required": _("Write the subject of the message.")},
        help_text=_("For example: The dance starts at 19:00 this time"),
    )
    text = forms.CharField(
        label=_("Text of the message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the text of the message.")},
        help_text=_("Write it as you would say it on the phone: those without an e-mail are read it out."),
    )
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        from .models import DateMessage

        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = DateMessage.Audience.choices
        self.fields["submission"].error_messages["required"] = _(
            "The form has expired. Open it again and send the message."
        )
