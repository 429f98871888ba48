"""The programme for other systems: the same queries and rules as the public pages.

Registrations go through `registrations.services`, the same functions the web form calls:
one rule, two doors.
"""


from django.core.cache import cache
from django.db.models import F, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from events.cache import PROGRAMME_PARAMS, cache_key
from events.cache import TIMEOUT as CACHE_TIMEOUT
from events.forms import ProgrammeFilterForm
from events.models import Audience, Kind, Occurrence, Series, Venue
from events.roles import can_manage_series, get_occurrence_for_organizer, is_department_staff, series_managed_by
from events.selectors import programme_occurrences
from registrations import services as registration_services
from registrations.models import Registration
from registrations.throttles import check_registration_limits, count_registration

from .permissions import SeriesPermission
from .serializers import (
    AudienceSerializer,
    DateRegistrationSerializer,
    ErrorSerializer,
    NewRegistrationSerializer,
    OccurrenceSerializer,
    RegistrationSerializer,
    SeriesSerializer,
    VenueSerializer,
)

# Ids are bigint columns; anything outside is no row, and must not reach the database as a number.
MAX_ID = 2**63 - 1
# Shorter keys could be guessed; a UUID has 36 characters.
MIN_IDEMPOTENCY_KEY = 16


class InvalidFilter(APIException):
    status_code = 400
    default_code = "invalid_filter"
    default_detail = _("The filter is not valid.")


def filter_programme(query_params):
    form = ProgrammeFilterForm(query_params)
    if not form.is_valid():
        raise InvalidFilter(form.error_text())
    return programme_occurrences(form.cleaned_data)


class ApiViewSetMixin:
    # Any id reaches the view, so a malformed one ("0.5") gets the API's JSON 404, not an HTML page.
    lookup_value_regex = "[^/]+"


ERROR_400 = OpenApiResponse(
    ErrorSerializer, description=_("A filter value is not valid; the detail says which.")
)
ERROR_401 = OpenApiResponse(ErrorSerializer, description=_("Sign in (token or session) to change data."))
ERROR_403 = OpenApiResponse(ErrorSerializer, description=_("This account may not do this."))
ERROR_404 = OpenApiResponse(ErrorSerializer, description=_("No such item, or it is not public."))
PAGE_404 = OpenApiResponse(ErrorSerializer, description=_("There is no page with this number."))
ID_OR_SLUG = _("The number (id) or the short name (slug).")
ERROR_401_READ = OpenApiResponse(ErrorSerializer, description=_("Sign in (token or session) to see this."))
DATE_404 = OpenApiResponse(
    ErrorSerializer, description=_("No such date, or you do not organize it; or no page with this number."),
)
CODE_404 = OpenApiResponse(
    ErrorSerializer,
    description=_("We do not know this ticket code (code unknown_code); a code replaced by a new one stops working."),
)
REFUSED_409 = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "The date cannot take this registration: full (and no waiting list), closed, not_yet, cancelled, past,"
        " not_needed; or, for staff, choose_person with the candidates who share the contact."
    ),
)
CANCEL_409 = OpenApiResponse(
    ErrorSerializer, description=_("Already cancelled (already_cancelled), or the date has started (started)."),
)
THROTTLED_429 = OpenApiResponse(
    ErrorSerializer,
    description=_("Too many registrations from this address (code throttled); Retry-After says when to try again."),
)
BUSY_503 = OpenApiResponse(
    ErrorSerializer, description=_("Too many people are registering at this moment (code busy); try again."),
)
# Either DRF's field errors ({"field": ["message"]}) or a refusal with a code.
FIELD_ERRORS_OR_REFUSAL = {
    "oneOf": [
        {"$ref": "#/components/schemas/Error"},
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    ],
}
REGISTRATION_400 = OpenApiResponse(
    FIELD_ERRORS_OR_REFUSAL,
    description=_(
        "A field is malformed (the answer names it, with a list of messages), or a refusal with a code:"
        " unknown_occurrence, invalid_name, invalid_phone, invalid_email, missing_contact, invalid_seats,"
        " too_many_seats, unknown_person, invalid_idempotency_key."
    ),
)

PROGRAMME_FILTERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE,
        description=_("First day (YYYY-MM-DD). Without it, only dates that have not ended yet are listed."),
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description=_("Last day (YYYY-MM-DD), at most 400 days after from."),
    ),
    OpenApiParameter("audience", OpenApiTypes.STR, description=ID_OR_SLUG),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=list(Kind.values)),
    OpenApiParameter("venue", OpenApiTypes.STR, description=ID_OR_SLUG),
    OpenApiParameter("series", OpenApiTypes.STR, description=ID_OR_SLUG),
    OpenApiParameter(
        "has_free_places", OpenApiTypes.BOOL,
        description=_("Only scheduled dates with a free place (1 or 0, true or false)."),
    ),
]


class UnknownOccurrence(APIException):
    status_code = 400
    default_code = "unknown_occurrence"
    default_detail = _("There is no such date open to the public. Check its number.")


def _as_id(value):
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def registrations_of_date(occurrence):
    """The registrations of a date in the order they came, each waiting one numbered in its queue order."""
    waiting_number = Window(
        RowNumber(), partition_by=[F("status")], order_by=[F("waitlisted_at").asc(), F("id").asc()],
    )
    return (
        Registration.objects.filter(occurrence=occurrence).select_related("person")
        .annotate(waiting_number=waiting_number).order_by("created_at", "id")
    )


def _cacheable(request):
    """Anonymous JSON GETs: the browsable HTML page carries a CSRF token, and signed-in users may see drafts."""
    return (
        request.method == "GET" and not request.user.is_authenticated and request.auth is None
        and isinstance(request.accepted_renderer, JSONRenderer)
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Dates of the programme"), parameters=PROGRAMME_FILTERS,
        responses={200: OccurrenceSerializer(many=True), 400: ERROR_400, 404: PAGE_404},
    ),
    retrieve=extend_schema(summary=_("One date"), responses={200: OccurrenceSerializer, 404: ERROR_404}),
    registrations=extend_schema(
        summary=_("Who is registered for a date (department staff, organizers of the series)"),
        responses={200: DateRegistrationSerializer(many=True), 401: ERROR_401_READ, 404: DATE_404},
    ),
)
class OccurrenceViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Dates of published series, in time order, filtered like the public programme page."""

    serializer_class = OccurrenceSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        if self.action == "list":
            return filter_programme(self.request.query_params)
        return Occurrence.objects.public().for_page()

    def list(self, request, *args, **kwargs):
        """Anonymous answers come from the cache while the programme version is unchanged.

        A registration touches its date's `updated_at`, which is part of the version, so the
        next answer shows the new `seats_left`.
        """
        if not _cacheable(request):
            return super().list(request, *args, **kwargs)
        key = cache_key(request, f"api.occurrences.list\n{request.accepted_media_type}",
                        params=(*PROGRAMME_PARAMS, "page", "format"))
        stored = cache.get(key)
        if stored is not None:
            content_type, body = stored
            return HttpResponse(body, content_type=content_type)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            cache.set(key, (response["Content-Type"], response.content), CACHE_TIMEOUT)
        return response

    @action(
        detail=True, methods=["get"], permission_classes=[IsAuthenticated],
        serializer_class=DateRegistrationSerializer,
    )
    def registrations(self, request, pk=None):
        """Name, contact, places, status and needs of everyone registered; a date you do not organize is a 404."""
        number = _as_id(pk)
        if number is None:
            raise exceptions.NotFound
        occurrence = get_occurrence_for_organizer(request.user, number)
        page = self.paginate_queryset(registrations_of_date(occurrence))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        add_never_cache_headers(response)  # people's contacts: no shared cache keeps them
        return response


@extend_schema_view(
    list=extend_schema(summary=_("Series"), responses={200: SeriesSerializer(many=True), 404: PAGE_404}),
    retrieve=extend_schema(summary=_("One series"), responses={200: SeriesSerializer, 404: ERROR_404}),
    create=extend_schema(
        summary=_("Add a series (department staff)"),
        responses={201: SeriesSerializer, 400: OpenApiResponse(description=_("Field errors.")),
                   401: ERROR_401, 403: ERROR_403},
    ),
    update=extend_schema(
        summary=_("Change a series (department staff, its organizers)"),
        responses={200: SeriesSerializer, 400: OpenApiResponse(description=_("Field errors.")),
                   401: ERROR_401, 403: ERROR_403, 404: ERROR_404},
    ),
    partial_update=extend_schema(
        summary=_("Change part of a series (department staff, its organizers)"),
        responses={200: SeriesSerializer, 400: OpenApiResponse(description=_("Field errors.")),
                   401: ERROR_401, 403: ERROR_403, 404: ERROR_404},
    ),
)
class SeriesViewSet(
    ApiViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet,
):
    """Published series for everyone; department staff see all, organizers also their own drafts."""

    serializer_class = SeriesSerializer
    permission_classes = [SeriesPermission]

    def get_queryset(self):
        series = Series.objects.select_related("venue").prefetch_related("audiences", "excluded_dates")
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            series = series.prefetch_related("organizers")
        if is_department_staff(user):
            return series
        if user.is_authenticated:
            return series.filter(Q(published=True) | Q(organizers=user)).distinct()
        return series.filter(published=True)


@extend_schema_view(
    list=extend_schema(summary=_("Venues"), responses={200: VenueSerializer(many=True), 404: PAGE_404}),
    retrieve=extend_schema(summary=_("One venue"), responses={200: VenueSerializer, 404: ERROR_404}),
)
class VenueViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Where events take place, with what a person with a disability needs to know."""

    queryset = Venue.objects.all()
    serializer_class = VenueSerializer
    permission_classes = [AllowAny]


@extend_schema_view(
    list=extend_schema(
        summary=_("Audiences"), responses={200: AudienceSerializer(many=True), 404: PAGE_404},
    ),
    retrieve=extend_schema(summary=_("One audience"), responses={200: AudienceSerializer, 404: ERROR_404}),
)
class AudienceViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Target groups: seniors, people with disabilities, families, ..."""

    queryset = Audience.objects.all()
    serializer_class = AudienceSerializer
    permission_classes = [AllowAny]


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
class RegistrationViewSet(ApiViewSetMixin, viewsets.GenericViewSet):
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
        occurrence = self._registrable_occurrence(data["occurrence"])
        user = request.user
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
            request_secret=self._idempotency_secret(request),
        )
        if outcome.created:
            count_registration(request, contacts)
        return Response(
            self.get_serializer(outcome.registration).data,
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )

    @staticmethod
    def _idempotency_secret(request):
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

    def retrieve(self, request, code=None):
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        registration = registration_services.cancel(
            self.get_object(), by=request.user if request.user.is_authenticated else None,
        )
        return Response(self.get_serializer(registration).data)

    def _registrable_occurrence(self, pk):
        """A public date, or one of the caller's own series (staff may register for a draft).

        Only the ids are read: `register()` locks and loads the row itself.
        """
        user = self.request.user
        visible = Q(series__published=True)
        if user.is_authenticated:
            visible |= Q(series__in=series_managed_by(user))
        number = _as_id(pk)
        occurrence = (
            Occurrence.objects.filter(visible).filter(pk=number).only("id", "series_id").first()
            if number is not None else None
        )
        if occurrence is None:
            raise UnknownOccurrence
        return occurrence
