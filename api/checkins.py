"""The door's API: scan a ticket, send scans queued offline, undo, and download today's list.

The scanner page and other systems call the same `registrations.services.check_in()`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from events.roles import occurrence_for_door
from registrations import services
from registrations.door import door_counts, door_list

from .serializers import ErrorSerializer

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
    occurrence = DateRefSerializer(allow_null=True, help_text=_("The ticket's own date."))
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
    checked_in_at = serializers.CharField(allow_null=True)


class DoorListSerializer(serializers.Serializer):
    occurrence = serializers.IntegerField()
    checked_in_seats = serializers.IntegerField()
    checked_in_tickets = serializers.IntegerField()
    registered_seats = serializers.IntegerField()
    registrations = DoorEntrySerializer(many=True)


REFUSALS = {
    400: OpenApiResponse(description=_("Field errors.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Sign in (token or session) to change data.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Only department staff and the organizers of this event.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such date.")),
}


class CheckInViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated]

    def _door(self, user, pk):
        occurrence = occurrence_for_door(user, pk)
        if occurrence is None:
            raise NotFound(_("No such date."), code="unknown_occurrence")
        if not occurrence.may_manage:
            raise PermissionDenied(
                _("Only department staff and the organizers of this event may check in its tickets."),
                code="not_your_event",
            )
        return occurrence

    def _scan(self, occurrence, data, *, offline):
        return services.check_in(
            occurrence, code=data["code"], nonce=data["nonce"], by=self.request.user,
            scanned_at=data.get("scanned_at"), offline=offline, locally_admitted=data["locally_admitted"],
        )

    @extend_schema(request=CheckInSerializer, responses={200: AnswerSerializer, **REFUSALS},
                   summary=_("Check in one ticket"))
    def create(self, request):
        data = _valid(CheckInSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        return Response(self._scan(occurrence, data, offline=False))

    @extend_schema(request=SyncSerializer, responses={200: SyncAnswerSerializer, **REFUSALS},
                   summary=_("Send the scans a phone queued offline"))
    @action(detail=False, methods=["post"])
    def sync(self, request):
        data = _valid(SyncSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        answers = [self._scan(occurrence, scan, offline=True) for scan in data["scans"]]
        return Response({"answers": answers, "conflicts": sum(1 for answer in answers if answer["conflict"])})

    @extend_schema(request=UndoSerializer, responses={200: DoorListSerializer, 409: ErrorSerializer, **REFUSALS},
                   summary=_("Undo a check-in made by mistake"))
    @action(detail=False, methods=["post"])
    def undo(self, request):
        data = _valid(UndoSerializer, request.data)
        occurrence = self._door(request.user, data["occurrence"])
        services.undo_check_in(occurrence, code=data["code"], by=request.user)
        return Response(self._list_body(occurrence))

    @extend_schema(
        parameters=[OpenApiParameter("occurrence", int, required=True, description=_("The date at this door."))],
        responses={200: DoorListSerializer, **REFUSALS}, summary=_("Today's list for a date, to keep offline"),
    )
    def list(self, request):
        raw = request.query_params.get("occurrence", "")
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 2**62:
            raise serializers.ValidationError({"occurrence": [_("Give the number of the date.")]})
        return Response(self._list_body(self._door(request.user, int(raw))))

    @staticmethod
    def _list_body(occurrence):
        return {"occurrence": occurrence.pk, **door_counts(occurrence), "registrations": door_list(occurrence)}


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def register_routes(router):
    router.register("checkins", CheckInViewSet, basename="checkin")
