"""Charity drives for other systems: read drives with their needs and progress, pledge, log donations.

The same services as the pages: `make_pledge()` behind the public form, `log_donation()` behind
the collection point's buttons, and the same getters decide who may do what (a drive you do
not manage is a 404, as on the staff pages).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from drives import hours, selectors, services
from drives.models import Drive, Need, Pledge, Unit
from drives.roles import get_drive_for_manager, get_public_drive
from drives.throttles import PledgeThrottle
from kernel.ids import MAX_ID

from .exceptions import ThrottledInWords
from .fields import AnyIdInPath, PragueDateTimeField, absolute_url, inline_enum
from .schema import PAGE_404, error_answer, refusals

# Far beyond any limit of the services (which answer with a message about the unit).
HUGE = 10**12


DriveStatusField = inline_enum(Drive.Status.values, _("prepared (only staff see it), running or closed."))
DriveKindField = inline_enum(Drive.Kind.values, _("What is collected: items, money, or both."))
UnitField = inline_enum(Unit.values, _("piece, pair, set, bag, box, or czk (Czech crowns)."))
PledgeStatusField = inline_enum(Pledge.Status.values, _("open (promised), received, or cancelled (did not come)."))


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "08:00"})
class ClockField(serializers.TimeField):
    """A time of day in Prague as HH:MM (opening hours have no seconds and no offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DriveNeedSerializer(serializers.Serializer):
    """One need with its progress: only received donations count, open pledges are apart."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    unit = UnitField()
    unit_label = serializers.CharField(source="get_unit_display", read_only=True)
    priority = serializers.IntegerField(read_only=True, help_text=_("1 most needed now, 2 needed, 3 welcome."))
    target = serializers.IntegerField(read_only=True)
    received = serializers.IntegerField(read_only=True, help_text=_("What has arrived and counts."))
    pledged = serializers.IntegerField(read_only=True, help_text=_("Promised and not brought yet: does not count."))
    percent = serializers.IntegerField(read_only=True, help_text=_("Received of the target, 0–100, rounded down."))
    reached = serializers.BooleanField(read_only=True)
    most_needed_now = serializers.BooleanField(
        source="is_most_needed_now", read_only=True,
        help_text=_("Urgent, not reached yet, and the drive still collects: what the drive's page marks."),
    )
    progress_text = serializers.CharField(read_only=True, help_text=_("The progress in words, in Czech."))


class OpeningSlotSerializer(serializers.Serializer):
    opens = ClockField()
    closes = ClockField()


class OpeningTodaySerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    is_open = serializers.BooleanField(help_text=_("Open at some time today."))
    slots = OpeningSlotSerializer(many=True)
    text = serializers.CharField(help_text=_("Today's hours in words, in Czech."))


class WeeklyOpeningSlotSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text=_("0 Monday … 6 Sunday."))
    opens = ClockField()
    closes = ClockField()


class OpeningExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    opens = ClockField(allow_null=True)
    closes = ClockField(allow_null=True)
    note = serializers.CharField()


class CollectionPointVenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    address = serializers.CharField()
    step_free_access = serializers.BooleanField()


class CollectionPointSerializer(serializers.Serializer):
    """A collection point: where, what it takes, and when (Prague local time)."""

    id = serializers.IntegerField(read_only=True)
    venue = CollectionPointVenueSerializer(read_only=True)
    accepts = serializers.SerializerMethodField(help_text=_("Ids of the needs it takes; empty: all of them."))
    note = serializers.CharField(read_only=True)
    today = serializers.SerializerMethodField()
    open_now = serializers.SerializerMethodField()
    weekly_hours = serializers.SerializerMethodField()
    exceptions = serializers.SerializerMethodField(help_text=_("Days from today on with other hours or closed."))

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_accepts(self, point):
        return [need.pk for need in point.accepts.all()]

    @extend_schema_field(OpeningTodaySerializer)
    def get_today(self, point):
        day = hours.today_at(point, now=self.context.get("now"), drive=self.context["drive_of"](point))
        return OpeningTodaySerializer({"day": day.day, "is_open": day.is_open, "text": str(day.text),
                                "slots": [{"opens": opens, "closes": closes} for opens, closes in day.slots]}).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_open_now(self, point):
        return hours.is_open_now(point, now=self.context.get("now"), drive=self.context["drive_of"](point))

    @extend_schema_field(WeeklyOpeningSlotSerializer(many=True))
    def get_weekly_hours(self, point):
        return WeeklyOpeningSlotSerializer(sorted(point.hours.all(), key=lambda slot: (slot.weekday, slot.opens)),
                                    many=True).data

    @extend_schema_field(OpeningExceptionSerializer(many=True))
    def get_exceptions(self, point):
        return OpeningExceptionSerializer(hours.upcoming_exceptions(point, now=self.context.get("now")), many=True).data


class DriveSerializer(serializers.Serializer):
    """A drive with its needs (most needed first), overall progress and collection points."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    how_to_help = serializers.CharField(read_only=True)
    kind = DriveKindField()
    status = DriveStatusField()
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    accepts_pledges = serializers.SerializerMethodField(help_text=_("Running and not past its last day."))
    overall_percent = serializers.SerializerMethodField(
        help_text=_("The mean of the needs' percentages, each capped at 100; null without needs."),
    )
    needs = DriveNeedSerializer(many=True, read_only=True, source="needs.all")
    points = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_accepts_pledges(self, drive):
        return drive.accepts_pledges(self.context.get("now"))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_overall_percent(self, drive):
        return drive.overall_percent

    @extend_schema_field(CollectionPointSerializer(many=True))
    def get_points(self, drive):
        context = {**self.context, "drive_of": lambda point: drive}
        return CollectionPointSerializer(drive.points.all(), many=True, context=context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, drive):
        return absolute_url(self, drive.get_absolute_url())


class NewPledgeSerializer(serializers.Serializer):
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The id of one of the drive's needs."))
    quantity = serializers.IntegerField(
        min_value=-HUGE, max_value=HUGE, help_text=_("How many, in the need's unit; the unit sets the most."),
    )
    point = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text=_("Where it will be brought, if known: the id of one of the drive's collection points."),
    )
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100,
                                 help_text=_("Empty to stay anonymous."))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class PledgeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    need = serializers.IntegerField(source="need_id", read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    amount = serializers.CharField(source="amount_text", read_only=True, help_text=_("The quantity with its unit."))
    point = serializers.IntegerField(source="point_id", read_only=True, allow_null=True)
    status = PledgeStatusField()
    created_at = PragueDateTimeField(read_only=True)


class NewDonationSerializer(serializers.Serializer):
    need = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    point = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The collection point it came to."))
    quantity = serializers.IntegerField(
        min_value=-HUGE, max_value=HUGE, help_text=_("How many, in the need's unit; the unit sets the most."),
    )
    donor_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100,
                                       help_text=_("Only when the donor wishes to be named."))
    received_at = PragueDateTimeField(required=False, allow_null=True, default=None,
                                      help_text=_("When it came; now when left out. Not in the future."))


class DonationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    need = serializers.IntegerField(source="need_id", read_only=True)
    point = serializers.IntegerField(source="point_id", read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    amount = serializers.CharField(source="amount_text", read_only=True, help_text=_("The quantity with its unit."))
    donor_name = serializers.CharField(read_only=True)
    received_at = PragueDateTimeField(read_only=True)
    counts = serializers.BooleanField(read_only=True, help_text=_("False once voided."))
    pledge = serializers.IntegerField(source="pledge_id", read_only=True, allow_null=True)


class InvalidStatusFilter(exceptions.APIException):
    status_code = 400
    default_code = "invalid_filter"
    default_detail = _("The status can be running or closed.")


def wanted_status(query_params):
    """The list's status filter: running, closed, or None for both."""
    wanted = query_params.get("status", "")
    if wanted and wanted not in (Drive.Status.RUNNING, Drive.Status.CLOSED):
        raise InvalidStatusFilter
    return wanted or None


def pledged_need_and_point(drive, need_id, point_id):
    """The drive's need and (if given) collection point a pledge names, from the drive's own rows."""
    need = next((need for need in drive.needs.all() if need.pk == need_id), None)
    if need is None:
        raise _unknown_need()
    point = None
    if point_id is not None:
        points = drive.points.select_related("venue").prefetch_related("accepts")
        point = next((point for point in points if point.pk == point_id), None)
        if point is None:
            raise _unknown_point()
    need.drive = drive
    return need, point


def donated_need_and_point(drive, need_id, point_id):
    """The drive's need and collection point a donation names."""
    need = Need.objects.filter(drive=drive, pk=need_id).first()
    if need is None:
        raise _unknown_need()
    point = drive.points.filter(pk=point_id).prefetch_related("accepts").first()
    if point is None:
        raise _unknown_point()
    need.drive = drive
    return need, point


def _unknown_need():
    return services.DrivesError("unknown_need", str(_("This drive does not collect that. Choose one of its needs.")))


def _unknown_point():
    return services.DrivesError("unknown_point", str(_("Choose one of the drive's collection points.")))


# --- Schema -----------------------------------------------------------------------------------


ERROR_400_FILTER = refusals(400, _("The status filter is not valid."), wanted_status)
ERROR_401 = error_answer(_("Sign in (token or session)."))
DRIVE_404 = error_answer(_("No such drive, or it is not public (or not yours)."))
PLEDGE_400 = refusals(
    400, _("A field is malformed (named, with messages), or a refusal with a code."),
    pledged_need_and_point, services.make_pledge, field_errors=True,
)
PLEDGE_409 = refusals(409, _("The drive takes no pledges."), services.make_pledge)
PLEDGE_429 = error_answer(_("Too many pledges from this address (code throttled); see Retry-After."))
DONATION_400 = refusals(
    400, _("A field is malformed, or a refusal with a code."),
    donated_need_and_point, services.log_donation, field_errors=True,
)
DONATION_409 = refusals(409, _("The drive is not running."), services.log_donation)
STATUS_PARAMETER = OpenApiParameter(
    "status", OpenApiTypes.STR, enum=[Drive.Status.RUNNING, Drive.Status.CLOSED],
    description=_("Only running or only closed drives."),
)
SLUG_PARAMETER = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH,
                                  description=_("The drive's short name, as in its page's address."))


@extend_schema_view(
    list=extend_schema(
        summary=_("Charity drives with their needs and progress"), parameters=[STATUS_PARAMETER],
        responses={200: DriveSerializer(many=True), 400: ERROR_400_FILTER, 404: PAGE_404},
    ),
    retrieve=extend_schema(summary=_("One charity drive"), parameters=[SLUG_PARAMETER],
                           responses={200: DriveSerializer, 404: DRIVE_404}),
    pledges=extend_schema(
        summary=_("Promise to bring something (while the drive runs)"),
        description=_("A pledge does not count toward the progress until staff mark it received. Anonymous"
                      " pledges are limited per address."),
        parameters=[SLUG_PARAMETER], request=NewPledgeSerializer,
        responses={201: PledgeSerializer, 400: PLEDGE_400, 404: DRIVE_404, 409: PLEDGE_409, 429: PLEDGE_429},
    ),
    donations=extend_schema(
        summary=_("Log a donation at a collection point (department staff, the drive's organizers)"),
        parameters=[SLUG_PARAMETER], request=NewDonationSerializer,
        responses={201: DonationSerializer, 400: DONATION_400, 401: ERROR_401, 404: DRIVE_404, 409: DONATION_409},
    ),
)
class DriveViewSet(ThrottledInWords, AnyIdInPath, viewsets.GenericViewSet):
    """Charity drives: running and closed ones for everyone, a prepared one only for who manages it."""

    serializer_class = DriveSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    queryset = Drive.objects.none()
    throttled_message = _("Too many pledges from this connection. Please call the department.")

    def get_throttles(self):
        return [PledgeThrottle()] if self.action == "pledges" else []

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def list(self, request):
        page = self.paginate_queryset(selectors.public_drives(wanted_status(request.query_params)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, slug=None):
        drive = selectors.load_drive_page(get_public_drive(slug, request.user))
        return Response(self.get_serializer(drive).data)

    @action(detail=True, methods=["post"])
    def pledges(self, request, slug=None):
        drive = get_public_drive(slug, request.user)
        incoming = NewPledgeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        need, point = pledged_need_and_point(drive, data["need"], data["point"])
        pledge = services.make_pledge(need, quantity=data["quantity"], point=point, name=data["name"],
                                      note=data["note"], source=Pledge.Source.API)
        return Response(PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def donations(self, request, slug=None):
        drive = get_drive_for_manager(request.user, slug)
        incoming = NewDonationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        need, point = donated_need_and_point(drive, data["need"], data["point"])
        donation = services.log_donation(need, point=point, quantity=data["quantity"], by=request.user,
                                         donor_name=data["donor_name"], received_at=data["received_at"])
        return Response(DonationSerializer(donation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("The drive's donations, newest first (department staff, the drive's organizers)"),
        parameters=[SLUG_PARAMETER],
        responses={200: DonationSerializer(many=True), 401: ERROR_401, 404: DRIVE_404},
    )
    @donations.mapping.get
    def donation_list(self, request, slug=None):
        drive = get_drive_for_manager(request.user, slug)
        donations = selectors.recent_donations(drive, limit=None)
        page = self.paginate_queryset(donations)
        return self.get_paginated_response(DonationSerializer(page, many=True).data)


def register_routes(router):
    router.register("drives", DriveViewSet, basename="drive")
