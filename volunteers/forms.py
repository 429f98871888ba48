"""Forms parse what people type; the rules themselves live in services.py."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Occurrence

from .models import CheckKind, Skill, Volunteer
from .services import MAX_STORY, nominations_kept_days

SHIFT_DAYS_AHEAD = 120


class NominationForm(forms.Form):
    nominee_name = forms.CharField(label=_("Name and surname of the person you nominate"), max_length=150)
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
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, widget=forms.RadioSelect)
    story = forms.CharField(
        label=_("What did they do?"), max_length=MAX_STORY, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tell the jury in your own words whom they helped, how, and for how long."),
    )
    nominator_name = forms.CharField(label=_("Your name and surname"), max_length=150,
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


class VolunteerForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("The volunteer agrees that the department keeps these details for arranging their help."),
        required=False,
    )

    class Meta:
        model = Volunteer
        fields = ["name", "email", "phone", "skills", "weekday_mornings", "weekday_afternoons", "weekday_evenings",
                  "weekends", "availability_note", "active"]
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.all()
        self.fields["email"].required = False
        if self.instance.pk:
            del self.fields["consent"]
        else:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Without the volunteer's agreement their details cannot be kept."
            )

    def clean(self):
        from .services import VolunteersError, check_volunteer_contact

        data = super().clean()
        try:
            data["email"], data["phone"] = check_volunteer_contact(data.get("email", ""), data.get("phone", ""))
        except VolunteersError as error:
            self.add_error("phone" if error.code == "invalid_phone" else "email", error.message)
        return data

    def save(self, commit=True):
        volunteer = super().save(commit=False)
        if volunteer.consent_at is None:
            volunteer.consent_at = timezone.now()
        if commit:
            volunteer.save()
            self.save_m2m()
        return volunteer


AVAILABILITY_CHOICES = [
    ("weekday_mornings", _("weekday mornings")),
    ("weekday_afternoons", _("weekday afternoons")),
    ("weekday_evenings", _("weekday evenings")),
    ("weekends", _("weekends")),
]


class VolunteerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, phone or e-mail"), required=False, max_length=100)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(), required=False,
                                   empty_label=_("Any skill"), to_field_name="slug")
    available = forms.ChoiceField(label=_("Available"), required=False,
                                  choices=[("", _("Any time")), *AVAILABILITY_CHOICES])
    inactive = forms.BooleanField(label=_("Show also inactive volunteers and those who left"), required=False)


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=_("Check"), choices=CheckKind.choices)
    checked_on = forms.DateField(label=_("Checked on"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))


class ShiftForm(forms.Form):
    occurrence = forms.ModelChoiceField(label=_("Date of the event"), queryset=Occurrence.objects.none(),
                                        empty_label=_("Choose a date"))
    role = forms.CharField(label=_("Role"), max_length=150,
                           help_text=_("For example: cloakroom, escorting wheelchair users."))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    places_needed = forms.IntegerField(label=_("People needed"), min_value=1, max_value=500, initial=2)
    required_check = forms.ChoiceField(label=_("Check needed"), required=False,
                                       choices=[("", pgettext_lazy("check", "none")), *CheckKind.choices])
    note = forms.CharField(label=_("Note for the volunteers"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The dates of the coming months; later ones get their shifts when they come closer.
        self.fields["occurrence"].queryset = (
            Occurrence.objects.upcoming().scheduled()
            .filter(start__lt=timezone.now() + timedelta(days=SHIFT_DAYS_AHEAD))
            .select_related("series").order_by("start")
        )
        self.fields["occurrence"].label_from_instance = lambda occurrence: (
            f"{timezone.localtime(occurrence.start):%d. %m. %Y %H:%M} — {occurrence.series.title}"
        )

    def times(self):
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["start"]), tz)
        ends_at = timezone.make_aware(datetime.combine(data["day"], data["end"]), tz)
        return starts_at, ends_at


class AskForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none(),
                                       empty_label=_("Choose a volunteer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = Volunteer.objects.active().order_by("name")


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Came"), coerce=lambda value: value == "1",
        choices=[("1", pgettext_lazy("attendance", "came")), ("0", pgettext_lazy("attendance", "did not come"))],
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(label=_("Hours"), required=False, min_value=0, max_value=24, decimal_places=2)


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
