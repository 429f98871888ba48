"""The programme for other systems: the same queries and rules as the public pages."""


from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny

from events.forms import ProgrammeFilterForm
from events.models import Audience, Kind, Occurrence, Series, Venue
from events.roles import is_department_staff
from events.selectors import programme_occurrences

from .permissions import SeriesPermission
from .serializers import (
    AudienceSerializer,
    ErrorSerializer,
    OccurrenceSerializer,
    SeriesSerializer,
    VenueSerializer,
)


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


@extend_schema_view(
    list=extend_schema(
        summary=_("Dates of the programme"), parameters=PROGRAMME_FILTERS,
        responses={200: OccurrenceSerializer(many=True), 400: ERROR_400, 404: PAGE_404},
    ),
    retrieve=extend_schema(summary=_("One date"), responses={200: OccurrenceSerializer, 404: ERROR_404}),
)
class OccurrenceViewSet(ApiViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Dates of published series, in time order, filtered like the public programme page."""

    serializer_class = OccurrenceSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        if self.action == "list":
            return filter_programme(self.request.query_params)
        return Occurrence.objects.public().for_page()


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
