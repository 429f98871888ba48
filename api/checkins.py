"""The door's API: scan a ticket, send scans queued offline, undo, and download today's list.

It parses and answers; the door itself is `registrations.door`, which the scanner page calls too.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from registrations import door

from .schema import ErrorSerializer, refusals

MAX_SYNC = 500


class ScanSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, allow_blank=True, trim_whitespace=True,
                                 help_text=_("The ticket code as scanned or typed; dashes and spaces are ignored."))
    nonce = serializers.CharField(max_length=64, help_text=_("A new random value per scan; repeat it to retry."))
    scanned_at = serializers.DateTimeField(required=False, help_text=_("When the scan was made, if queued offline."))
    locally_admitted = serializers.BooleanField(
        default=False, help_text=_("The phone let the person in while offline.")
    )


class CheckInSerializer(ScanSerializer):
    occurrence = serializers.IntegerField(min_value=1, max_value=2**62, help_text=_("The date at this door."))


class SyncSerializer(serializers.Serializer):
    occurrence = serializers.IntegerField(min_value=1, max_value=2**62)
    scans = ScanSerializer(many=True, allow_empty=False, max_length=MAX_SYNC)


class UndoSerializer(serializers.Serializer):
    occurrence = serializers.IntegerField(min_value=1, max_value=2**62)
    code = serializers.CharField(max_length=64)


class DateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.CharField()


class AnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["ok", "already_checked_in", "cancelled", "waiting_list", "wrong_occurrence", "unknown"]
    )
    message = serializers.CharField(help_text=_("What to show at the door, in Czech."))
    name = serializers.CharField()
    seats = serializers.IntegerField()
    seats_text = serializers.CharField(help_text=_("The seats in words, e.g. 2 people."))
    needs = serializers.ListField(child=serializers.CharField())
    code = serializers.CharField()
    checked_in_at = serializers.CharField(allow_null=True)
    checked_in_by = serializers.CharField()
    occurrence = DateRefSerializer(
        allow_null=True, help_text=_("The ticket's own date; null when it is a date the user does not organize."),
    )
    conflict = serializers.BooleanField(help_text=_("Two phones admitted this ticket while offline."))
    scanned_at = serializers.CharField()


class SyncAnswerSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True)
    conflicts = serializers.IntegerField()


class DoorEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    seats = serializers.IntegerField()
    status = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())
    checked_in_at = serializers.CharField(allow_null=True, help_text=_("When admitted, in Prague time."))
    checked_in_by = serializers.CharField(help_text=_("Who admitted the ticket."))
    phone_digits = serializers.CharField(
        help_text=_("The phone's digits (with the country code), to find a person by the last digits offline."),
    )


class OtherDateSerializer(serializers.Serializer):
    start = serializers.CharField()
    label = serializers.CharField(help_text=_("The date as the door says it, in Prague time."))
    tickets = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The first 20 hex digits of the SHA-256 of each ticket code of that date."),
    )


class DoorListSerializer(serializers.Serializer):
    occurrence = serializers.IntegerField()
    checked_in_seats = serializers.IntegerField()
    checked_in_tickets = serializers.IntegerField()
    registered_seats = serializers.IntegerField()
    registrations = DoorEntrySerializer(many=True)
    other_dates = OtherDateSerializer(
        many=True, help_text=_("Tickets of the series' other dates, to say 'another date' offline.")
    )


REFUSALS = {
    401: OpenApiResponse(ErrorSerializer, description=_("Sign in (token or session) to change data.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Signed in through the page without its CSRF token.")),
    404: OpenApiResponse(ErrorSerializer, description=_(
        "No such date, or not a date whose door you may work (department staff and its organizers may)."
    )),
}

FIELD_ERRORS = OpenApiResponse(description=_("Field errors."))
CHECK_IN_400 = refusals(400, _("A field is malformed, or a refusal."), door.check_in, field_errors=True)
SYNC_400 = refusals(400, _("A field is malformed, or a refusal."), door.sync_offline_scans, field_errors=True)
UNDO_409 = refusals(409, _("There is nothing to undo."), door.undo_check_in)


class CheckInViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    @staticmethod
    def _door(user, pk):
        # The page's rule and answer: someone else's date is "no such date" (404, {"code", "detail"}),
        # not a 403 that would tell an organizer trying numbers which dates exist.
        return door.date_at_door(user, pk)

    @extend_schema(request=CheckInSerializer, responses={200: AnswerSerializer, 400: CHECK_IN_400, **REFUSALS},
                   summary=_("Check in one ticket"))
    def create(self, request):
        data = _valid(CheckInSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        return Response(door.check_in(
            occurrence, code=data["code"], nonce=data["nonce"], by=request.user, scanned_at=data.get("scanned_at"),
            locally_admitted=data["locally_admitted"],
        ))

    @extend_schema(request=SyncSerializer, responses={200: SyncAnswerSerializer, 400: SYNC_400, **REFUSALS},
                   summary=_("Send the scans a phone queued offline"))
    @action(detail=False, methods=["post"])
    def sync(self, request):
        data = _valid(SyncSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        return Response(door.sync_offline_scans(occurrence, data["scans"], by=request.user))

    @extend_schema(request=UndoSerializer,
                   responses={200: DoorListSerializer, 400: FIELD_ERRORS, 409: UNDO_409, **REFUSALS},
                   summary=_("Undo a check-in made by mistake"))
    @action(detail=False, methods=["post"])
    def undo(self, request):
        data = _valid(UndoSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        door.undo_check_in(occurrence, code=data["code"], by=request.user)
        return Response(door.offline_list(occurrence))

    @extend_schema(
        parameters=[OpenApiParameter("occurrence", int, required=True, description=_("The date at this door."))],
        responses={200: DoorListSerializer, 400: FIELD_ERRORS, **REFUSALS},
        summary=_("Today's list for a date, to keep offline"),
    )
    def list(self, request):
        raw = request.query_params.get("occurrence", "")
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 2**62:
            raise serializers.ValidationError({"occurrence": [_("Give the number of the date.")]})
        return Response(door.offline_list(self._door(request.user, int(raw))))


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def register_routes(router):
    router.register("checkins", CheckInViewSet, basename="checkin")
