"""Registrations for other systems: register, read and cancel by ticket code, and a date's list for who runs it.

Registrations go through `registrations.services`, the same functions the web form calls:
one rule, two doors.
"""

from django.db.models import Q
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from events.models import Occurrence, Series
from events.roles import can_manage_series, series_managed_by
from kernel.ids import as_id
from registrations import services as registration_services
from registrations.models import Registration, waiting_number
from registrations.throttles import check_registration_limits, count_registration

from .fields import AnyIdInPath, PragueDateTimeField, absolute_url, inline_enum
from .schema import refusals

# Shorter keys could be guessed; a UUID has 36 characters.
MIN_IDEMPOTENCY_KEY = 16


class UnknownOccurrence(APIException):
    status_code = 400
    default_code = "unknown_occurrence"
    default_detail = _("There is no such date open to the public. Check its number.")


def idempotency_secret(request):
    """The client's Idempotency-Key, tied to the account that sent it (none for the public)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if not (MIN_IDEMPOTENCY_KEY <= len(key) <= 200) or not key.isascii():
        raise registration_services.RegistrationError(
            "invalid_idempotency_key",
            _("The Idempotency-Key header must be 16 to 200 characters (for example a UUID)."),
        )
    owner = request.user.pk if request.user.is_authenticated else "public"
    return f"{owner}:{key}"


def registrable_occurrence(user, pk):
    """A public date, or one of the user's own series (staff may register for a draft).

    Only the ids are read: `register()` locks and loads the row itself.
    """
    visible = Q(series__published=True)
    if user.is_authenticated:
        visible |= Q(series__in=series_managed_by(user))
    number = as_id(pk)
    occurrence = (
        Occurrence.objects.filter(visible).filter(pk=number).only("id", "series_id").first()
        if number is not None else None
    )
    if occurrence is None:
        raise UnknownOccurrence
    return occurrence


def registrations_of_date(occurrence):
    """The registrations of a date in the order they came, each waiting one numbered in its queue order."""
    return (
        Registration.objects.filter(occurrence=occurrence).select_related("person")
        .annotate(waiting_number=waiting_number()).order_by("created_at", "id")
    )



# --- Serializers -----------------------------------------------------------------------------


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



def shown_name(registration):
    """The person's name, or None once their details have been anonymised."""
    person = registration.person
    return person.name if person is not None and person.anonymised_at is None else None


# Inline, not a shared "StatusEnum" component, which would collide with the status of a date.
RegistrationStatusField = inline_enum(Registration.Status.values)


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
        return shown_name(registration)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ticket_url(self, registration):
        return absolute_url(self, registration.get_absolute_url())


class DateRegistrationSerializer(serializers.ModelSerializer):
    """One registration in the list of a date, for the staff and organizers who run it.

    Expects rows from `api.registrations.registrations_of_date()` (person joined, waiting position annotated).
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
        return shown_name(registration)

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


# --- Schema -----------------------------------------------------------------------------------


CODE_404 = refusals(
    404, _("We do not know this ticket code; a code replaced by a new one stops working."),
    registration_services.get_registration_by_code,
)
REGISTRATION_400 = refusals(
    400, _("A field is malformed (the answer names it, with a list of messages), or a refusal with a code."),
    registrable_occurrence, idempotency_secret, registration_services.register, field_errors=True,
)
REFUSED_409 = refusals(
    409, _("The date cannot take this registration; or, for staff, choose_person with the candidates who share"
           " the contact."),
    registration_services.register,
)
CANCEL_409 = refusals(
    409, _("Already cancelled, or the date has started."), registration_services.cancel,
)
THROTTLED_429 = refusals(
    429, _("Too many registrations from this address or contact; Retry-After says when to try again."),
    check_registration_limits,
)
BUSY_503 = refusals(
    503, _("Too many people are registering at this moment; try again."), registration_services.register,
)

CODE_PARAMETER = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH,
    description=_("The ticket code; dashes, spaces and lower case are allowed (ABC-DEF-…)."),
)


@extend_schema_view(
    create=extend_schema(
        summary=_("Register for a date"),
        description=_(
            "Confirmed while places last, then on the waiting list when the series has one; answers 201. A name"
            " and a contact are no key: the public side never gets back an existing registration. To retry safely,"
            " send an Idempotency-Key header (16 to 200 characters, e.g. a UUID): the same key with the same"
            " details answers 200 with the registration made the first time. Staff and the series' organizers"
            " register a person they chose (`person`) or a new one (`new_person`); when the typed contact belongs"
            " to someone else they may see, the answer is 409 `choose_person` with the `candidates`."
            " Registrations are limited per address and per contact (public) or per account (staff)."
        ),
        request=NewRegistrationSerializer,
        parameters=[OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
            description=_("Your own unique key for this registration, so a retried request makes no second one."),
        )],
        responses={
            201: OpenApiResponse(RegistrationSerializer, description=_("Registered: confirmed or waiting.")),
            200: OpenApiResponse(
                RegistrationSerializer,
                description=_("The same Idempotency-Key and details again: the registration made the first time."),
            ),
            400: REGISTRATION_400, 409: REFUSED_409, 429: THROTTLED_429, 503: BUSY_503,
        },
    ),
    retrieve=extend_schema(
        summary=_("A registration by its ticket code"), parameters=[CODE_PARAMETER],
        responses={200: RegistrationSerializer, 404: CODE_404},
    ),
    cancel=extend_schema(
        summary=_("Cancel a registration"),
        description=_("Frees the places; the waiting list moves up. Answers the registration, now cancelled."),
        parameters=[CODE_PARAMETER], request=None,
        responses={200: RegistrationSerializer, 404: CODE_404, 409: CANCEL_409},
    ),
)
class RegistrationViewSet(AnyIdInPath, viewsets.GenericViewSet):
    """Registering, reading and cancelling, for anyone: the ticket code is the secret."""

    serializer_class = RegistrationSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    queryset = Registration.objects.none()  # rows are found by `get_registration_by_code`, never listed

    def get_throttles(self):
        # Registrations are counted only when they go through: see registrations.throttles.
        return []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)  # a name and a ticket code: for the holder only
        return response

    def get_object(self):
        return registration_services.get_registration_by_code(self.kwargs["code"])

    def create(self, request):
        incoming = NewRegistrationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        user = request.user
        occurrence = registrable_occurrence(user, data["occurrence"])
        by_staff = user.is_authenticated and can_manage_series(user, Series(pk=occurrence.series_id))
        contacts = [data["phone"], data["email"]]
        check_registration_limits(request, contacts)
        outcome = registration_services.register(
            occurrence, name=data["name"], email=data["email"], phone=data["phone"], seats=data["seats"],
            needs_wheelchair=data["needs_wheelchair"], needs_hearing=data["needs_hearing"],
            needs_note=data["needs_note"],
            source=Registration.Source.STAFF if by_staff else Registration.Source.API,
            entered_by=user if by_staff else None,
            person_id=data.get("person") if by_staff else None,
            new_person=data["new_person"] if by_staff else False,
            request_secret=idempotency_secret(request),
        )
        if outcome.created:
            count_registration(request, contacts)
        return Response(
            self.get_serializer(outcome.registration).data,
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )

    def retrieve(self, request, code=None):
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        registration = registration_services.cancel(
            self.get_object(), by=request.user if request.user.is_authenticated else None,
        )
        return Response(self.get_serializer(registration).data)
