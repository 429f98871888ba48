"""The Anděl award for other systems: the public rounds and nominating, and the jury's own work.

The same `volunteers.services` functions and `volunteers.roles` getters as the pages: a juror
sees the accepted nominations of their own rounds and only their own scores, a nomination of
another round is a 404, and every refusal is `{"code", "detail"}` with a 4xx.
"""

import math

from django.db.models import Prefetch
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
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from volunteers import roles, services
from volunteers.models import AwardRound, Category, Conflict, Criterion, Nomination, Phase, Score, Story
from volunteers.throttles import NominationThrottle

from .serializers import ErrorSerializer
from .views import FIELD_ERRORS_OR_REFUSAL, MAX_ID, InvalidFilter

# --- Serializers -----------------------------------------------------------------------------


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "description"]


class AwardRoundSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)

    class Meta:
        model = AwardRound
        fields = ["id", "year", "title", "phase", "nominations_open_on", "nominations_close_on",
                  "judging_closes_on", "announce_on", "categories"]


class NewNominationSerializer(serializers.Serializer):
    category = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("A category of the round whose nominations are open."),
    )
    nominee_name = serializers.CharField(max_length=150, help_text=_("Name and surname of the person nominated."))
    nominee_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    nominee_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="",
                                          help_text=_("If known: the nominee is told and asked for agreement."))
    nominee_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    story = serializers.CharField(max_length=services.MAX_STORY, trim_whitespace=True,
                                  help_text=_("What the person did, at least 20 characters."))
    nominator_name = serializers.CharField(max_length=150)
    nominator_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="",
                                            help_text=_("A thank-you is sent here."))
    nominator_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    consent = serializers.BooleanField(
        help_text=_("The nominator agrees that the department keeps their name, contact and the story."),
    )


class NominationReceiptSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.year", help_text=_("The year of the award."))
    category = serializers.IntegerField(source="category_id")
    nominee_name = serializers.CharField()
    status = serializers.CharField(help_text=_("submitted: department staff review it next."))


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight"]


class StorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Story
        fields = ["text", "submitted_at"]


class ScoreValueSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    value = serializers.IntegerField(min_value=0, max_value=1000)


JUROR_STATES = ["todo", "started", "done", "conflict"]


class JuryNominationSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id")
    year = serializers.IntegerField(source="round.year")
    phase = serializers.ChoiceField(source="round.phase", choices=Phase.choices)
    scale_min = serializers.IntegerField(source="round.scale_min")
    scale_max = serializers.IntegerField(source="round.scale_max")
    category = CategorySerializer()
    stories = StorySerializer(many=True)
    criteria = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(help_text=_("Your scoring: todo, started, done or conflict."))
    my_scores = serializers.SerializerMethodField(help_text=_("Your own scores; never another juror's."))

    class Meta:
        model = Nomination
        fields = ["id", "round", "year", "phase", "scale_min", "scale_max", "category", "nominee_name",
                  "nominee_organisation", "stories", "criteria", "state", "my_scores"]

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, nomination):
        return CriterionSerializer(nomination.round.criteria.all(), many=True).data

    @extend_schema_field(serializers.ChoiceField(choices=JUROR_STATES))
    def get_state(self, nomination):
        return juror_state(nomination)

    @extend_schema_field(ScoreValueSerializer(many=True))
    def get_my_scores(self, nomination):
        return [{"criterion": score.criterion_id, "value": score.value} for score in nomination.my_scores]


def juror_state(nomination):
    if nomination.my_conflicts:
        return "conflict"
    criteria_count = len(nomination.round.criteria.all())
    if criteria_count and len(nomination.my_scores) >= criteria_count:
        return "done"
    return "started" if nomination.my_scores else "todo"


class ScoresSerializer(serializers.Serializer):
    scores = ScoreValueSerializer(many=True, allow_empty=False, max_length=100)


class MyScoresSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    state = serializers.ChoiceField(choices=JUROR_STATES)
    scores = ScoreValueSerializer(many=True)


class ConflictRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=_("Why you cannot judge this nomination fairly."))


class ConflictSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id")

    class Meta:
        model = Conflict
        fields = ["nomination", "reason", "declared_at"]


# --- Schema -----------------------------------------------------------------------------------


ERROR_401 = OpenApiResponse(ErrorSerializer, description=_("Sign in (token or session) as a juror."))
NOMINATION_404 = OpenApiResponse(
    ErrorSerializer,
    description=_("No such nomination among the accepted nominations of the rounds you judge (judging started)."),
)
PAGE_404 = OpenApiResponse(ErrorSerializer, description=_("There is no page with this number."))
ROUND_404 = OpenApiResponse(ErrorSerializer, description=_("No such round, or it is not public yet."))
SCORE_400 = OpenApiResponse(
    FIELD_ERRORS_OR_REFUSAL,
    description=_("A field is malformed, or a refusal: out_of_scale, unknown_criterion, no_scores."),
)
SCORE_409 = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "Not now: judging_closed (scores are locked), judging_not_open, conflict (you declared a conflict of"
        " interest), not_accepted."
    ),
)
CONFLICT_400 = OpenApiResponse(FIELD_ERRORS_OR_REFUSAL, description=_("The reason is missing or too long."))
CONFLICT_409 = OpenApiResponse(
    ErrorSerializer, description=_("already_declared, judging_closed or judging_not_open."),
)
FILTER_400 = OpenApiResponse(ErrorSerializer, description=_("The round filter is not a number."))
NOMINATE_400 = OpenApiResponse(
    FIELD_ERRORS_OR_REFUSAL,
    description=_(
        "A field is malformed, or a refusal: unknown_category, invalid_nominee, invalid_name, invalid_email,"
        " invalid_phone, missing_contact, story_too_short, story_too_long, consent_required."
    ),
)
NOMINATE_409 = OpenApiResponse(ErrorSerializer, description=_("Nominations are not open now (nominations_closed)."))
NOMINATE_429 = OpenApiResponse(
    ErrorSerializer,
    description=_("Too many nominations from this address (throttled); Retry-After says when to try again."),
)


def _as_id(value):
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


class NominationThrottled(exceptions.Throttled):
    default_detail = _("Too many nominations from this connection. Please call the department.")

    def __init__(self, wait=None):
        super().__init__(code="throttled")
        self.wait = math.ceil(wait) if wait else None


# --- Viewsets --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Rounds of the Anděl award, with their categories"),
                       responses={200: AwardRoundSerializer(many=True), 404: PAGE_404}),
    retrieve=extend_schema(summary=_("One round of the Anděl award"),
                           responses={200: AwardRoundSerializer, 404: ROUND_404}),
)
class AwardRoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Rounds from nominations on; `phase` says whether nominations are open."""

    serializer_class = AwardRoundSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = "[^/]+"
    queryset = AwardRound.objects.exclude(phase=Phase.PREPARED).prefetch_related("categories").order_by("-year")

    def get_object(self):
        number = _as_id(self.kwargs["pk"])
        award_round = self.get_queryset().filter(pk=number).first() if number else None
        if award_round is None:
            raise exceptions.NotFound
        return award_round


@extend_schema_view(
    create=extend_schema(
        summary=_("Nominate a volunteer for the Anděl award"),
        description=_(
            "While the round's nominations are open. The nominator gets a thank-you e-mail; department staff"
            " review the nomination. Anonymous nominations are limited per address."
        ),
        request=NewNominationSerializer,
        responses={201: NominationReceiptSerializer, 400: NOMINATE_400, 409: NOMINATE_409, 429: NOMINATE_429},
    ),
)
class AwardNominationViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = NewNominationSerializer
    permission_classes = [AllowAny]
    queryset = Nomination.objects.none()  # nominations are never listed publicly

    def get_throttles(self):
        return [NominationThrottle()]

    def throttled(self, request, wait):
        raise NominationThrottled(wait)

    def create(self, request, *args, **kwargs):
        incoming = NewNominationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        nomination = services.nominate(
            services.current_round_for_nominations(), category_id=data["category"],
            nominee_name=data["nominee_name"], nominee_organisation=data["nominee_organisation"],
            nominee_email=data["nominee_email"], nominee_phone=data["nominee_phone"], story=data["story"],
            nominator_name=data["nominator_name"], nominator_email=data["nominator_email"],
            nominator_phone=data["nominator_phone"], consent=data["consent"], source=Story.Source.API,
        )
        response = Response(NominationReceiptSerializer(nomination).data, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)
        return response


ROUND_FILTER = OpenApiParameter("round", OpenApiTypes.INT, description=_("Only the nominations of this round."))


@extend_schema_view(
    list=extend_schema(
        summary=_("The nominations you score (jurors)"), parameters=[ROUND_FILTER],
        responses={200: JuryNominationSerializer(many=True), 400: FILTER_400, 401: ERROR_401, 404: PAGE_404},
    ),
    retrieve=extend_schema(
        summary=_("One nomination you score, with the stories"),
        responses={200: JuryNominationSerializer, 401: ERROR_401, 404: NOMINATION_404},
    ),
)
class JuryNominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A juror's accepted nominations of the rounds they judge, with their own scores only."""

    serializer_class = JuryNominationSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        user = self.request.user
        nominations = (
            roles.nominations_for_juror(user).select_related("round", "category")
            .prefetch_related(
                Prefetch("stories", queryset=Story.objects.only("id", "nomination_id", "text", "submitted_at")),
                "round__criteria",
                Prefetch("scores", queryset=Score.objects.filter(juror=user), to_attr="my_scores"),
                Prefetch("conflicts", queryset=Conflict.objects.filter(juror=user), to_attr="my_conflicts"),
            )
            .order_by("round__year", "category__position", "category_id", "name_key", "pk")
        )
        if self.action == "list" and "round" in self.request.query_params:
            number = _as_id(self.request.query_params["round"])
            if number is None:
                raise InvalidFilter(_("Give the number of the round."))
            nominations = nominations.filter(round_id=number)
        return nominations

    def get_object(self):
        number = _as_id(self.kwargs["pk"])
        nomination = self.get_queryset().filter(pk=number).first() if number else None
        if nomination is None:
            raise exceptions.NotFound
        return nomination

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def _my_scores_body(self, nomination):
        nomination = self.get_queryset().get(pk=nomination.pk)
        return {
            "nomination": nomination.pk, "state": juror_state(nomination),
            "scores": [{"criterion": s.criterion_id, "value": s.value} for s in nomination.my_scores],
        }

    @extend_schema(
        methods=["GET"], summary=_("Your scores of a nomination"), request=None,
        responses={200: MyScoresSerializer, 401: ERROR_401, 404: NOMINATION_404},
    )
    @extend_schema(
        methods=["PUT"], summary=_("Save your scores of a nomination"),
        description=_(
            "Send any of the round's criteria with whole numbers on its scale; the others stay as they are. Every"
            " change is recorded in the audit log. Until judging closes, you see only your own scores."
        ),
        request=ScoresSerializer,
        responses={200: MyScoresSerializer, 400: SCORE_400, 401: ERROR_401, 403: ErrorSerializer,
                   404: NOMINATION_404, 409: SCORE_409},
    )
    @action(detail=True, methods=["get", "put"])
    def scores(self, request, pk=None):
        nomination = self.get_object()
        if request.method == "PUT":
            incoming = ScoresSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            values = {}
            for item in incoming.validated_data["scores"]:
                values[item["criterion"]] = item["value"]
            services.score(request.user, nomination, values)
        return Response(self._my_scores_body(nomination))

    @extend_schema(
        summary=_("Declare a conflict of interest"),
        description=_("You will not score this nomination and are left out of its average; scores you gave are"
                      " removed (and the removal is logged)."),
        request=ConflictRequestSerializer,
        responses={201: ConflictSerializer, 400: CONFLICT_400, 401: ERROR_401, 403: ErrorSerializer,
                   404: NOMINATION_404, 409: CONFLICT_409},
    )
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        nomination = self.get_object()
        incoming = ConflictRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        declared = services.declare_conflict(request.user, nomination, reason=incoming.validated_data["reason"])
        return Response(ConflictSerializer(declared).data, status=status.HTTP_201_CREATED)


def register_routes(router):
    router.register("award/rounds", AwardRoundViewSet, basename="award-round")
    router.register("award/nominations", AwardNominationViewSet, basename="award-nomination")
    router.register("jury/nominations", JuryNominationViewSet, basename="jury-nomination")
