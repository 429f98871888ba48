"""Forms parse what people type; the rules themselves live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .services import MAX_STORY, nominations_kept_days


class NominationForm(forms.Form):
    """Checked by the service's own rules, every field at once, so a citizen sees every mistake after
    one submit, each next to its field; the service checks them again when it keeps the nomination."""

    nominee_name = forms.CharField(
        label=_("Name and surname of the person you nominate"), max_length=150,
        error_messages={"required": _("Write the name of the person you nominate.")},
    )
    nominee_organisation = forms.CharField(
        label=_("Where they volunteer (organisation)"), max_length=200, required=False,
        help_text=_("If you know it, for example a care home or an association."),
    )
    nominee_email = forms.CharField(
        label=_("Their e-mail"), max_length=254, required=False, widget=forms.EmailInput(),
        help_text=_("Only if you know it: we tell them about the nomination and ask their agreement."),
    )
    nominee_phone = forms.CharField(
        label=_("Their phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the categories of this year's award."),
                        "invalid_choice": _("Choose one of the categories of this year's award.")},
    )
    story = forms.CharField(
        label=_("What did they do?"), max_length=MAX_STORY, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tell the jury in your own words whom they helped, how, and for how long."),
    )
    nominator_name = forms.CharField(label=_("Your name and surname"), max_length=150,
                                     error_messages={"required": _("Write your name, please.")},
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))
    nominator_email = forms.CharField(
        label=_("Your e-mail"), max_length=254, required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}), help_text=_("We send you a thank-you here."),
    )
    nominator_phone = forms.CharField(
        label=_("Your phone"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A phone number is enough if you have no e-mail."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the department keeps my name and contact and the story to deal with this nomination."),
        error_messages={"required": _("Without your agreement we cannot accept the nomination.")},
    )

    def __init__(self, *args, award_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(award_round.categories.all()) if award_round else []
        self.fields["category"].choices = [(category.pk, category.name) for category in categories]
        self.category_descriptions = {category.pk: category.description for category in categories}
        self.consent_note = _(
            "We keep your name and contact only to deal with the nomination. The nominee is told about it and "
            "nothing about them is published without their agreement. Nominations that do not win are deleted "
            "%(days)s days after judging closes."
        ) % {"days": nominations_kept_days()}

    def _by_service_rule(self, rule, name):
        try:
            return rule(self.cleaned_data.get(name))
        except services.AwardError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean_nominee_email(self):
        return self._by_service_rule(services.contacts.email, "nominee_email")

    def clean_nominee_phone(self):
        return self._by_service_rule(services.contacts.phone, "nominee_phone")

    def clean_nominee_organisation(self):
        return self._by_service_rule(services.contacts.text, "nominee_organisation")

    def clean_story(self):
        return self._by_service_rule(services.clean_story, "story")

    def clean_nominator_email(self):
        return self._by_service_rule(services.contacts.email, "nominator_email")

    def clean_nominator_phone(self):
        return self._by_service_rule(services.contacts.phone, "nominator_phone")

    def clean(self):
        cleaned = super().clean()
        if "nominator_email" not in self.errors and "nominator_phone" not in self.errors:
            try:
                services.require_nominator_contact(cleaned.get("nominator_email"), cleaned.get("nominator_phone"))
            except services.AwardError as error:
                self.add_error("nominator_phone", forms.ValidationError(error.message, code=error.code))
        return cleaned


class ScoreForm(forms.Form):
    """One whole-number field per criterion of the round, on its scale."""

    def __init__(self, *args, criteria, scale_min, scale_max, initial_scores=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, required=False, min_value=scale_min, max_value=scale_max,
                initial=(initial_scores or {}).get(criterion.pk), disabled=disabled,
                help_text=_("%(description)s Whole number from %(low)s to %(high)s; weight %(weight)s.") % {
                    "description": criterion.description, "low": scale_min, "high": scale_max,
                    "weight": criterion.weight,
                },
                error_messages={
                    "min_value": _("Give a whole number from %(low)s to %(high)s.") % {"low": scale_min,
                                                                                       "high": scale_max},
                    "max_value": _("Give a whole number from %(low)s to %(high)s.") % {"low": scale_min,
                                                                                       "high": scale_max},
                    "invalid": _("Give a whole number from %(low)s to %(high)s.") % {"low": scale_min,
                                                                                     "high": scale_max},
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
            )

    def values(self):
        """{criterion_id: value} for the fields filled in."""
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}") is not None
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class NominationEditForm(forms.Form):
    nominee_name = forms.CharField(label=_("Nominee's name"), max_length=150)
    nominee_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    nominee_email = forms.CharField(label=_("Nominee's e-mail"), max_length=254, required=False)
    nominee_phone = forms.CharField(label=_("Nominee's phone"), max_length=30, required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)

    def __init__(self, *args, award_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.name) for c in award_round.categories.all()]


class TieForm(forms.Form):
    chosen = forms.IntegerField(label=_("Goes ahead"), min_value=1, max_value=2**62)
    group = forms.CharField(widget=forms.HiddenInput, max_length=500)
    note = forms.CharField(label=_("How was the tie decided?"), max_length=300)

    def group_ids(self):
        parts = [part.strip() for part in self.cleaned_data["group"].split(",")]
        return [int(part) for part in parts if (part.isascii() and part.isdigit()) and len(part) < 18][:50]
