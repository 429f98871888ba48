"""Forms parse what people type; the rules themselves live in services.py."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Occurrence

from .models import CheckKind, Skill, Volunteer

SHIFT_DAYS_AHEAD = 120


class VolunteerForm(forms.ModelForm):
    """Parses what staff type about a volunteer; `services.add_volunteer` and `update_volunteer` keep it.

    A ModelForm for the model's labels and widgets only: it never saves, so no page can add a
    volunteer without the service setting the time of their consent.
    """

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
        # Checked here too, by the service's own rules, so every mistake shows beside its field at once.
        from .services import check_volunteer_contact, contacts, volunteer_name

        data = super().clean()
        if "name" not in self.errors:
            self._by_service_rule(("name",), volunteer_name)
        if "availability_note" not in self.errors:
            self._by_service_rule(("availability_note",),
                                  lambda note: contacts.text(note, field="availability_note"))
        if "email" not in self.errors and "phone" not in self.errors:
            self._by_service_rule(("email", "phone"), check_volunteer_contact)
        return data

    def _by_service_rule(self, fields, rule):
        from .services import VolunteersError

        try:
            values = rule(*(self.cleaned_data.get(field, "") for field in fields))
        except VolunteersError as error:
            self.add_error(error.field, error.message)
            return
        self.cleaned_data.update(zip(fields, values if len(fields) > 1 else [values], strict=True))

    def details(self):
        """The cleaned details as the services take them."""
        data = dict(self.cleaned_data)
        data["skills"] = list(data["skills"])
        return data

    def save(self, commit=True):
        raise TypeError("Volunteers are kept by volunteers.services.add_volunteer and update_volunteer.")


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
