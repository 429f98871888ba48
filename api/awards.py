"""The Anděl award for other systems: the public rounds and nominating, and the jury's own work.

The same `awards.services` functions and `awards.roles` getters as the pages: a juror
sees the accepted nominations of their own rounds and only their own scores, a nomination of
another round is a 404, and every refusal is `{"code", "detail"}` with a 4xx.
"""

from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from awards import roles, services
from awards.models import AwardRound, Category, Conflict, Criterion, Nomination, Phase, Score, Story
from awards.throttles import NominationThrottle
from kernel.ids import MAX_ID, as_id

from .exceptions import InvalidFilter, ThrottledInWords
from .fields import AnyIdInPath
from .schema import PAGE_404, error_answer, refusals

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

    @extend_schema_field(serializers.ChoiceField(choices=list(services.JUROR_STATES)))
    def get_state(self, nomination):
        return juror_state(nomination)

    @extend_schema_field(ScoreValueSerializer(many=True))
    def get_my_scores(self, nomination):
        return [{"criterion": score.criterion_id, "value": score.value} for score in nomination.my_scores]


def juror_state(nomination):
    """`awards.services.juror_state` from the rows the jury's queryset prefetched: no query per nomination."""
    return services.juror_state(has_conflict=bool(nomination.my_conflicts), scored=len(nomination.my_scores),
                                criteria=len(nomination.round.criteria.all()))


class ScoresSerializer(serializers.Serializer):
    scores = ScoreValueSerializer(many=True, allow_empty=False, max_length=100)


class MyScoresSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    state = serializers.ChoiceField(choices=list(services.JUROR_STATES))
    scores = ScoreValueSerializer(many=True)


class ConflictRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=_("Why you cannot judge this nomination fairly."))


class ConflictSerializer(serializers.ModelSerializer):
    nomination = serializers.IntegerField(source="nomination_id")

    class Meta:
        model = Conflict
        fields = ["nomination", "reason", "declared_at"]


# --- Schema -----------------------------------------------------------------------------------


ERROR_401 = error_answer(_("Sign in (token or session) as a juror."))
NOMINATION_404 = error_answer(
    _("No such nomination among the accepted nominations of the rounds you judge (judging started)."),
)
ROUND_404 = error_answer(_("No such round, or it is not public yet."))
SCORE_400 = refusals(400, _("A field is malformed, or a refusal."), services.score, field_errors=True)
SCORE_403 = refusals(403, _("You are not a juror of this round."), services.score)
SCORE_409 = refusals(
    409, _("Not now: scores are locked, judging has not started, you declared a conflict of interest, or the"
           " nomination is not accepted."),
    services.score,
)
CONFLICT_400 = refusals(
    400, _("The reason is missing or too long."), services.declare_conflict, field_errors=True,
)
CONFLICT_403 = refusals(403, _("You are not a juror of this round."), services.declare_conflict)
CONFLICT_409 = refusals(
    409, _("Declared already, or judging is closed or has not started."), services.declare_conflict,
)
FILTER_400 = error_answer(_("The round filter is not a number."))
NOMINATE_400 = refusals(400, _("A field is malformed, or a refusal."), services.nominate, field_errors=True)
NOMINATE_409 = refusals(409, _("Nominations are not open now."), services.nominate)
NOMINATE_429 = error_answer(
    _("Too many nominations from this address (throttled); Retry-After says when to try again."),
)


# --- Viewsets --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Rounds of the Anděl award, with their categories"),
                       responses={200: AwardRoundSerializer(many=True), 404: PAGE_404}),
    retrieve=extend_schema(summary=_("One round of the Anděl award"),
                           responses={200: AwardRoundSerializer, 404: ROUND_404}),
)
class AwardRoundViewSet(AnyIdInPath, viewsets.ReadOnlyModelViewSet):
    """Rounds from nominations on; `phase` says whether nominations are open."""

    serializer_class = AwardRoundSerializer
    permission_classes = [AllowAny]
    queryset = AwardRound.objects.exclude(phase=Phase.PREPARED).prefetch_related("categories").order_by("-year")

    def get_object(self):
        number = as_id(self.kwargs["pk"])
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
class AwardNominationViewSet(ThrottledInWords, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = NewNominationSerializer
    permission_classes = [AllowAny]
    queryset = Nomination.objects.none()  # nominations are never listed publicly
    throttled_message = _("Too many nominations from this connection. Please call the department.")

    def get_throttles(self):
        return [NominationThrottle()]

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
class JuryNominationViewSet(AnyIdInPath, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A juror's accepted nominations of the rounds they judge, with their own scores only."""

    serializer_class = JuryNominationSerializer
    permission_classes = [IsAuthenticated]

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
            number = as_id(self.request.query_params["round"])
            if number is None:
                raise InvalidFilter(_("Give the number of the round."))
            nominations = nominations.filter(round_id=number)
        return nominations

    def get_object(self):
        number = as_id(self.kwargs["pk"])
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
        summary=_("Your scores of a nomination"), request=None,
        responses={200: MyScoresSerializer, 401: ERROR_401, 404: NOMINATION_404},
    )
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        return Response(self._my_scores_body(self.get_object()))

    @extend_schema(
        summary=_("Save your scores of a nomination"),
        description=_(
            "Send any of the round's criteria with whole numbers on its scale; the others stay as they are. Every"
            " change is recorded in the audit log. Until judging closes, you see only your own scores."
        ),
        request=ScoresSerializer,
        responses={200: MyScoresSerializer, 400: SCORE_400, 401: ERROR_401, 403: SCORE_403,
                   404: NOMINATION_404, 409: SCORE_409},
    )
    @scores.mapping.put
    def save_scores(self, request, pk=None):
        nomination = self.get_object()
        incoming = ScoresSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = {item["criterion"]: item["value"] for item in incoming.validated_data["scores"]}
        services.score(request.user, nomination, values)
        return Response(self._my_scores_body(nomination))

    @extend_schema(
        summary=_("Declare a conflict of interest"),
        description=_("You will not score this nomination and are left out of its average; scores you gave are"
                      " removed (and the removal is logged)."),
        request=ConflictRequestSerializer,
        responses={201: ConflictSerializer, 400: CONFLICT_400, 401: ERROR_401, 403: CONFLICT_403,
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
