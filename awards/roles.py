"""Who may see what in the award, as permission-checked getters used by every page and endpoint.

Missing and not yours look the same: a bare 404, which the site answers with its one page. The
coordinator of the award is department staff (`events.roles.is_department_staff`); a juror is
whoever has a seat on a round's jury.
"""

from django.http import Http404

from events.roles import is_department_staff
from volunteers.roles import looks_like_token

from .models import AwardRound, Juror, Nomination, Phase

# A juror sees the accepted nominations once judging has started, and keeps seeing them afterwards.
JURY_PHASES = (Phase.JUDGING, Phase.CLOSED, Phase.ANNOUNCED)


def is_coordinator(user):
    return is_department_staff(user)


def _signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_juror(user, round_id=None):
    if not _signed_in(user):
        return False
    seats = Juror.objects.filter(user=user)
    if round_id is not None:
        seats = seats.filter(round_id=round_id)
    return seats.exists()


def rounds_judged_by(user):
    if not _signed_in(user):
        return AwardRound.objects.none()
    return AwardRound.objects.filter(juror_seats__user=user)


def get_round_for_juror(user, pk):
    award_round = rounds_judged_by(user).filter(pk=pk).first()
    if award_round is None:
        raise Http404
    return award_round


def nominations_for_juror(user):
    """Accepted nominations of the rounds the user judges, once judging has started."""
    if not _signed_in(user):
        return Nomination.objects.none()
    return Nomination.objects.accepted().filter(
        round__juror_seats__user=user, round__phase__in=JURY_PHASES,
    )


def get_nomination_for_juror(user, pk):
    nomination = nominations_for_juror(user).select_related("round", "category").filter(pk=pk).first()
    if nomination is None:
        raise Http404
    return nomination


def may_see_results(user, award_round):
    """Values of scores: nobody before judging closes; then the round's jurors and the coordinator."""
    if not award_round.results_ready:
        return False
    return is_coordinator(user) or is_juror(user, award_round.pk)


def get_round_for_coordinator(user, pk):
    award_round = AwardRound.objects.filter(pk=pk).first() if is_coordinator(user) else None
    if award_round is None:
        raise Http404
    return award_round


def get_nomination_for_coordinator(user, pk):
    nomination = (
        Nomination.objects.select_related("round", "category", "merged_into").filter(pk=pk).first()
        if is_coordinator(user) else None
    )
    if nomination is None:
        raise Http404
    return nomination


def get_nomination_by_nominee_token(token):
    nomination = (
        Nomination.objects.select_related("round", "category")
        .filter(nominee_token=token, anonymised_at__isnull=True).exclude(status=Nomination.Status.MERGED).first()
        if looks_like_token(token) else None
    )
    if nomination is None:
        raise Http404
    return nomination
