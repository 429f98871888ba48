from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("We call only when the date changes."),
    )
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the ticket here. A phone number is enough if you have no e-mail."),
    )
    seats = forms.TypedChoiceField(label=_("How many places"), coerce=int)
    needs_wheelchair = forms.BooleanField(label=_("I come in a wheelchair"), required=False)
    needs_hearing = forms.BooleanField(label=_("I am hard of hearing"), required=False)
    needs_note = forms.CharField(
        label=_("Anything else the organizer should know"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the department keeps my name and contact for this event."),
        error_messages={"required": _("Without this agreement we cannot register you.")},
    )

    def __init__(self, *args, max_seats=2, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in range(1, max_seats + 1)]
        self.fields["seats"].choices = choices
        self.fields["seats"].help_text = _("You and your companions, for example the escort of a ZTP/P card holder.")
        self.consent_note = _(
            "We keep your name, contact and needs only to organize this event and let you know about changes. "
            "We delete them %(days)s days after the date."
        ) % {"days": settings.SPOLU_ANONYMISE_AFTER_DAYS}


class ResendTicketForm(forms.Form):
    """Name and the contact given when registering; the ticket goes only to the e-mail on file."""

    name = forms.CharField(label=_("Name and surname"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The phone or e-mail you gave when registering."),
    )
