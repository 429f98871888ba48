from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import email_hints, services

NAME_REQUIRED = {"required": _("Write your name, please.")}


class ContactFieldsMixin:
    """Name, phone and e-mail checked by the service's own rules, every field at once.

    The service checks them again when registering; here they are checked early so a person sees
    every mistake after one submit, each next to its field, instead of one stage at a time.
    """

    def _by_service_rule(self, rule, value):
        try:
            return rule(value)
        except services.RegistrationError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean_name(self):
        return self._by_service_rule(services.contacts.name, self.cleaned_data.get("name"))

    def clean_phone(self):
        return self._by_service_rule(services.contacts.phone, self.cleaned_data.get("phone"))

    def clean_email(self):
        return self._by_service_rule(services.contacts.email, self.cleaned_data.get("email"))

    def clean(self):
        cleaned = super().clean()
        contact_fields_valid = "phone" not in self.errors and "email" not in self.errors
        if contact_fields_valid and not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", forms.ValidationError(
                _("Give a phone number or an e-mail, so we can let you know about changes."), code="missing_contact",
            ))
        return cleaned


class EmailHintForm(forms.Form):
    """A second look at a mistyped e-mail domain (email_hints.suggest), for any form with an `email`
    field: "Did you mean jana@seznam.cz?" beside the field and in the summary, never a refusal.

    While `email_suggestion` is set the view shows the form again instead of acting on it; submitted
    again unchanged, the typed address stands, or "use the hint" (`use_suggestion`) takes the fix.
    """

    # The address the hint was about (sent back with the form), and "use the hint".
    email_checked = forms.CharField(required=False, widget=forms.HiddenInput)
    use_suggestion = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email_checked", "use_suggestion"):  # after the form's own fields
            self.fields[name] = self.fields.pop(name)
        self.email_suggestion = None  # "jana@seznam.cz" when "jana@seznma.cz" was typed
        self.email_checked_value = ""  # the typed address the hint is about, sent back with the form

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if "email" in self.errors:
            self._hint_about_email(email_hints.suggest(self.data.get("email", "")), checked="")
        elif email and (suggestion := email_hints.suggest(email)):
            if email != cleaned.get("email_checked"):
                self._hint_about_email(suggestion, checked=email)
            elif cleaned.get("use_suggestion"):
                cleaned["email"] = suggestion
            # Else the person saw the hint and kept what they typed: it stands.
        return cleaned

    def _hint_about_email(self, suggestion, *, checked):
        if not suggestion:
            return
        self.email_suggestion, self.email_checked_value = suggestion, checked
        email = self["email"]
        described_by = [f"{email.auto_id}_helptext"] if email.help_text else []
        if email.errors:
            described_by.append(f"{email.auto_id}_error")
        described_by.append(f"{email.auto_id}_hint")
        self.fields["email"].widget.attrs["aria-describedby"] = " ".join(described_by)
        # The bound field has already taken its label while the fields were cleaned.
        self["use_suggestion"].label = _("Yes, use %(email)s") % {"email": suggestion}

    def hints(self):
        """Hints for the summary at the top: not mistakes, but worth a second look before registering."""
        if not self.email_suggestion:
            return []
        return [{"id": self["email"].id_for_label, "label": self["email"].label,
                 "text": _("Did you mean %(email)s?") % {"email": self.email_suggestion}}]


class RegistrationForm(ContactFieldsMixin, EmailHintForm):
    name = forms.CharField(label=_("Name and surname"), max_length=150, error_messages=NAME_REQUIRED,
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


class ResendTicketForm(ContactFieldsMixin, forms.Form):
    """Name and the contact given when registering; the ticket goes only to the e-mail on file."""

    name = forms.CharField(label=_("Name and surname"), max_length=150, error_messages=NAME_REQUIRED,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The phone or e-mail you gave when registering."),
    )
