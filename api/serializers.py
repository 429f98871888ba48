"""What other systems see of the programme, and what department staff may write."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Audience, ExcludedDate, Occurrence, Series, Venue
from events.recurrence import PRAGUE, RuleError
from events.roles import is_department_staff
from events.services import series_changed, validate_schedule
from registrations.models import Registration

# Messages of `validate_schedule` that are about the length of a date, not about the rule;
# compared translated, so the error lands on the field a person has to change.
DURATION_MESSAGES = (
    "The duration must be longer than zero.",
    "One date can last at most 14 days.",
    "A daily event cannot last a day or longer: the dates would overlap.",
)
# What `Occurrence.registration_state()` can answer.
REGISTRATION_STATES = ["not_needed", "cancelled", "past", "not_yet", "closed", "full", "open"]
TIME_OF_DAY = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
# Far beyond any real event; keeps `timedelta(minutes=...)` from overflowing on absurd input.
MAX_DURATION_MINUTES = 60 * 24 * 366


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal except field validation: a stable code and a sentence for people."""

    code = serializers.CharField(help_text=_("A stable, machine-readable reason."))
    detail = serializers.CharField(help_text=_("The reason in words a person can read."))


class PragueDateTimeField(serializers.DateTimeField):
    """ISO 8601 in Prague local time with its offset: 18:00 stays 18:00 in summer and winter."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", PRAGUE)
        super().__init__(**kwargs)


class AudienceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Audience
        fields = ["id", "name", "slug"]


class VenueSerializer(serializers.ModelSerializer):
    address = serializers.CharField(read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id", "name", "slug", "street", "city", "postal_code", "address", "latitude", "longitude",
            "step_free_access", "hearing_loop", "accessible_toilet", "transport_stop", "parking",
            "accessibility_note",
        ]


def absolute_url(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class OccurrenceSerializer(serializers.ModelSerializer):
    """One date of the programme. Expects rows loaded with `Occurrence.objects.for_page()`."""

    title = serializers.CharField(read_only=True)
    series_slug = serializers.SlugField(source="series.slug", read_only=True)
    kind = serializers.CharField(source="series.kind", read_only=True)
    audiences = serializers.SerializerMethodField()
    start = PragueDateTimeField(read_only=True)
    end = PragueDateTimeField(read_only=True)
    venue = serializers.SerializerMethodField(
        help_text=_("Where this date takes place (it may differ from the series).")
    )
    seats_left = serializers.IntegerField(read_only=True, allow_null=True)
    registration_state = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Occurrence
        fields = [
            "id", "series", "series_slug", "title", "kind", "audiences", "start", "end", "status",
            "status_note", "venue", "capacity", "seats_left", "registration_state", "registration_open",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_audiences(self, occurrence):
        return [audience.pk for audience in occurrence.series.audiences.all()]

    @extend_schema_field(OpenApiTypes.INT)
    def get_venue(self, occurrence):
        return occurrence.venue_id or occurrence.series.venue_id

    @extend_schema_field(serializers.ChoiceField(choices=REGISTRATION_STATES))
    def get_registration_state(self, occurrence):
        return occurrence.registration_state(self.context.get("now"))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_registration_open(self, occurrence):
        return occurrence.registration_state(self.context.get("now")) == "open"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, occurrence):
        return absolute_url(self, occurrence.get_absolute_url())


class DurationMinutesField(serializers.IntegerField):
    """A duration as whole minutes: plainer for other systems than ISO 8601 durations."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_DURATION_MINUTES)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        return timedelta(minutes=super().run_validation(data))

    def to_representation(self, value):
        return int(value.total_seconds() // 60)


@extend_schema_field({"type": "string", "pattern": TIME_OF_DAY.pattern, "example": "18:00:00"})
class WallClockTimeField(serializers.TimeField):
    """A time of day in Prague, without an offset: the offset depends on the date (summer time)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and not TIME_OF_DAY.match(value):
            self.fail("invalid", format="hh:mm[:ss]")
        return super().to_internal_value(value)


class ExcludedDatesField(serializers.ListField):
    child = serializers.DateField()

    def get_attribute(self, series):
        return [excluded.date for excluded in series.excluded_dates.all()]


class StaffOnlyRelatedField(serializers.ManyRelatedField):
    """Who organizes what is internal: the public sees the programme, not the accounts."""

    def get_attribute(self, instance):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_staff):
            raise serializers.SkipField
        return super().get_attribute(instance)


class SeriesSerializer(serializers.ModelSerializer):
    """A series with its schedule. Writing validates the schedule and regenerates the dates."""

    slug = serializers.SlugField(
        max_length=100, required=False,
        help_text=_("Short name in addresses; made from the title when left out."),
    )
    audiences = serializers.PrimaryKeyRelatedField(queryset=Audience.objects.all(), many=True, required=False)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all())
    organizers = StaffOnlyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True)),
        required=False,
        help_text=_("Accounts that may change this series; shown to staff, changed by department staff."),
    )
    start_time = WallClockTimeField(help_text=_("Start of every date, Prague local time."))
    duration_minutes = DurationMinutesField(
        source="duration", help_text=_("How long one date lasts, in minutes.")
    )
    excluded_dates = ExcludedDatesField(
        required=False, max_length=1000, help_text=_("Days the rule gives but the series does not happen."),
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Series
        fields = [
            "id", "title", "slug", "description", "kind", "audiences", "venue", "organizers", "price_note",
            "published", "registration_required", "capacity", "max_seats_per_registration",
            "registration_opens_days_before", "registration_closes_hours_before", "waiting_list",
            "starts_on", "start_time", "duration_minutes", "recurrence", "excluded_dates", "url",
        ]
        extra_kwargs = {
            # The table's check constraints, said again so a refusal is a 400 and not a crash.
            # The upper bounds are PostgreSQL's, so both databases refuse the same values.
            "capacity": {"min_value": 1, "max_value": 2_147_483_647},
            "max_seats_per_registration": {"min_value": 1, "max_value": 32_767},
            "registration_opens_days_before": {"max_value": 32_767},
            "registration_closes_hours_before": {"max_value": 32_767},
            "recurrence": {
                "help_text": _("An RFC 5545 rule such as FREQ=WEEKLY;BYDAY=WE; empty for one date."),
            },
        }

    @property
    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, series):
        return absolute_url(self, series.get_absolute_url())

    def validate_slug(self, value):
        taken = Series.objects.filter(slug=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(_("Another series already uses this short name."))
        return value

    def validate_organizers(self, value):
        if not is_department_staff(self._user):
            raise serializers.ValidationError(_("Only department staff can change who organizes a series."))
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)

        def current(name, default=None):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, default) if self.instance is not None else default

        if "excluded_dates" in attrs:
            attrs["excluded_dates"] = excluded = sorted(set(attrs["excluded_dates"]))
        elif self.instance is not None:
            excluded = self.instance.excluded_date_set
        else:
            excluded = []
        try:
            attrs["recurrence"] = validate_schedule(
                recurrence=current("recurrence", ""), starts_on=current("starts_on"),
                start_time=current("start_time"), duration=current("duration"), excluded=excluded,
            )
        except RuleError as error:
            field = "recurrence"
            if error.message in {gettext(message) for message in DURATION_MESSAGES}:
                field = "duration_minutes"
            raise serializers.ValidationError({field: [error.message]}, code="invalid_schedule") from None
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        if not validated_data.get("slug"):
            validated_data["slug"] = unique_slug(validated_data["title"])
        return self._save(Series(), validated_data)

    @transaction.atomic
    def update(self, series, validated_data):
        return self._save(series, validated_data)

    def _save(self, series, validated_data):
        audiences = validated_data.pop("audiences", None)
        organizers = validated_data.pop("organizers", None)
        excluded = validated_data.pop("excluded_dates", None)
        for name, value in validated_data.items():
            setattr(series, name, value)
        series.save()
        if audiences is not None:
            series.audiences.set(audiences)
        if organizers is not None:
            series.organizers.set(organizers)
        if excluded is not None:
            series.excluded_dates.exclude(date__in=excluded).delete()
            kept = set(series.excluded_dates.values_list("date", flat=True))
            ExcludedDate.objects.bulk_create(
                ExcludedDate(series=series, date=day) for day in excluded if day not in kept
            )
        series_changed(series)
        # The answer reads the relations afresh, not a prefetch from before the change.
        return Series.objects.prefetch_related("audiences", "excluded_dates", "organizers").get(pk=series.pk)


def unique_slug(title):
    base = slugify(title)[:90] or "akce"
    slug, number = base, 2
    while Series.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class NewRegistrationSerializer(serializers.Serializer):
    """What a registration needs. The rules (contact, number of places) are the service's, as on the form."""

    occurrence = serializers.IntegerField(help_text=_("The id of the date, as listed in /api/v1/occurrences/."))
    name = serializers.CharField(allow_blank=True, trim_whitespace=False, help_text=_("Name and surname."))
    email = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=254,
        help_text=_("Where the ticket is sent. A phone number is enough without one."),
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=30,
        help_text=_("Nine digits (+420 may be left out), or another country's number with its +code."),
    )
    seats = serializers.IntegerField(
        default=1, help_text=_("Places for the person and their companions; the series sets the most."),
    )
    needs_wheelchair = serializers.BooleanField(default=False)
    needs_hearing = serializers.BooleanField(default=False)
    needs_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    person = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1,
        help_text=_("Staff and the series' organizers: the id of the person chosen among the candidates."),
    )
    new_person = serializers.BooleanField(
        default=False,
        help_text=_("Staff and the series' organizers: register a new person even if the contact is someone else's."),
    )


# Wrapped in allOf so drf-spectacular leaves it inline: as a shared "StatusEnum" component it
# would collide with the status of a date (scheduled, cancelled) and get a hashed name.
@extend_schema_field({"allOf": [{"type": "string", "enum": list(Registration.Status.values)}]})
class RegistrationStatusField(serializers.CharField):

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class RegistrationSerializer(serializers.Serializer):
    """A registration as anyone holding its code sees it: nothing personal beyond the name.

    A plain serializer: a ModelSerializer inspects the model again on every registration.
    """

    code = serializers.CharField(read_only=True, help_text=_("The ticket code: whoever has it may read and cancel."))
    status = RegistrationStatusField(help_text=_("confirmed, waitlisted or cancelled."))
    waitlist_position = serializers.SerializerMethodField(
        help_text=_("Place on the waiting list (1 is next), or null when not waiting."),
    )
    seats = serializers.IntegerField(read_only=True, help_text=_("Places, companions included."))
    occurrence = serializers.IntegerField(source="occurrence_id", read_only=True)
    title = serializers.CharField(source="occurrence.series.title", read_only=True)
    start = PragueDateTimeField(source="occurrence.start", read_only=True)
    end = PragueDateTimeField(source="occurrence.end", read_only=True)
    name = serializers.SerializerMethodField()
    ticket_url = serializers.SerializerMethodField(help_text=_("The ticket page, with its QR code, to print."))

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=1))
    def get_waitlist_position(self, registration):
        return registration.waitlist_position()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, registration):
        # Null once the person's details have been anonymised.
        person = registration.person
        return person.name if person is not None and person.anonymised_at is None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_ticket_url(self, registration):
        return absolute_url(self, registration.get_absolute_url())


class DateRegistrationSerializer(serializers.ModelSerializer):
    """One registration in the list of a date, for the staff and organizers who run it.

    Expects rows from `api.views.registrations_of_date()` (person joined, waiting position annotated).
    """

    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField(
        help_text=_("Place on the waiting list (1 is next), or null when not waiting."),
    )
    status = RegistrationStatusField()
    created_at = PragueDateTimeField(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id", "code", "name", "phone", "email", "seats", "status", "waitlist_position", "needs_wheelchair",
            "needs_hearing", "needs_note", "source", "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, registration):
        person = registration.person
        return person.name if person is not None and person.anonymised_at is None else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, registration):
        return registration.person.phone if registration.person else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_email(self, registration):
        return registration.person.email if registration.person else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True, min_value=1))
    def get_waitlist_position(self, registration):
        if registration.status != Registration.Status.WAITLISTED:
            return None
        return registration.waiting_number
