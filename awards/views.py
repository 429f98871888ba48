"""The award's public pages (/andel/) and the jury's pages (/porota/): thin, one service per action.

Refusals are shown with their Czech message and their 4xx status; nothing changes on a refusal.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kernel.pages import signed_in_page
from kernel.refusals import with_retry_after

from . import roles, selectors, services
from .forms import NominationForm, ReasonForm, ScoreForm
from .models import AwardRound, Phase, Story
from .services import AwardError
from .throttles import check_nomination_allowed


def refusal(request, error, template="awards/refused.html", context=None):
    return with_retry_after(render(request, template, {"error": error, **(context or {})}, status=error.status), error)


# --- Public: the award -----------------------------------------------------------------------


def andel(request):
    """The award's page: how to nominate while nominations are open, and the latest winners."""
    current = AwardRound.objects.exclude(phase=Phase.PREPARED).order_by("-year").first()
    latest = selectors.announced_rounds().first()
    context = {
        "current": current,
        "open_round": current if current and current.is_open_for_nominations else None,
        "latest": latest,
        "winners": list(selectors.public_winners(latest)) if latest else [],
        "past_rounds": list(selectors.announced_rounds()[1:10]),
        "is_juror": roles.rounds_judged_by(request.user).exists(),
        "is_coordinator": roles.is_coordinator(request.user),
    }
    return render(request, "awards/andel/home.html", context)


def winners(request, year):
    award_round = get_object_or_404(selectors.announced_rounds(), year=year)
    return render(request, "awards/andel/winners.html", {
        "award_round": award_round, "winners": list(selectors.public_winners(award_round)),
    })


@require_http_methods(["GET", "POST"])
def nominate(request):
    award_round = services.current_round_for_nominations()
    form = NominationForm(request.POST or None, award_round=award_round)
    context = {"award_round": award_round, "form": form}
    if request.method == "GET":
        return render(request, "awards/andel/nominate.html", context)
    if award_round is None:
        error = AwardError("nominations_closed", _("Nominations for the Anděl award are not open now."), 409)
        return refusal(request, error, "awards/andel/nominate.html", context)
    try:
        check_nomination_allowed(request)
    except AwardError as error:
        return refusal(request, error, "awards/andel/nominate.html", context)
    if not form.is_valid():
        return render(request, "awards/andel/nominate.html", context, status=400)
    data = form.cleaned_data
    try:
        services.nominate(
            award_round, category_id=data["category"], nominee_name=data["nominee_name"],
            nominee_organisation=data["nominee_organisation"], nominee_email=data["nominee_email"],
            nominee_phone=data["nominee_phone"], story=data["story"], nominator_name=data["nominator_name"],
            nominator_email=data["nominator_email"], nominator_phone=data["nominator_phone"],
            consent=data["consent"], source=Story.Source.WEB,
        )
    except AwardError as error:
        return refusal(request, error, "awards/andel/nominate.html", context)
    return redirect("awards:thanks")


def thanks(request):
    return render(request, "awards/andel/thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def nominee(request, token):
    """The nominee's private page: what is kept about them, and whether it may be published."""
    nomination = roles.get_nomination_by_nominee_token(token)
    if request.method == "POST":
        answer = request.POST.get("agrees", "")
        if answer not in ("yes", "no"):
            error = AwardError("invalid_answer", _("Choose one of the two answers."))
            return refusal(request, error, "awards/andel/nominee.html", {
                "nomination": nomination, "kept_days": services.nominations_kept_days(),
            })
        try:
            services.record_nominee_consent(nomination, agrees=answer == "yes")
        except AwardError as error:
            return refusal(request, error)
        messages.success(request, _("Thank you, your answer is saved. You can change it here at any time."))
        return redirect("awards:nominee", token=nomination.nominee_token)
    return render(request, "awards/andel/nominee.html", {
        "nomination": nomination, "kept_days": services.nominations_kept_days(),
    })


# --- The jury --------------------------------------------------------------------------------


@signed_in_page
def jury_home(request):
    judged = list(roles.rounds_judged_by(request.user).order_by("-year"))
    if len(judged) == 1:
        return redirect("awards:jury_round", pk=judged[0].pk)
    return render(request, "awards/jury/home.html", {"rounds": judged})


def _criteria_counts(award_round):
    return {award_round.pk: award_round.criteria.count()}


@signed_in_page
def jury_round(request, pk):
    award_round = roles.get_round_for_juror(request.user, pk)
    nominations = list(selectors.jury_nominations(award_round)) if award_round.phase in roles.JURY_PHASES else []
    states = services.juror_states(request.user, nominations, _criteria_counts(award_round))
    for nomination in nominations:
        nomination.my_state = states[nomination.pk]
    context = {
        "award_round": award_round, "nominations": nominations,
        "done": sum(1 for state in states.values() if state == "done"),
        "conflicts": sum(1 for state in states.values() if state == "conflict"),
        "to_score": sum(1 for state in states.values() if state in ("todo", "started")),
    }
    return render(request, "awards/jury/round.html", context)


def _nomination_page(request, nomination, *, form=None, conflict_form=None, error=None, status=200):
    award_round = nomination.round
    criteria = list(award_round.criteria.all())
    own = services.score_rows_for_juror(request.user, nomination)
    conflict = nomination.conflicts.filter(juror=request.user).first()
    refusal = services.scoring_refusal(request.user, nomination, has_conflict=conflict is not None)
    can_score = refusal is None
    if form is None:
        form = ScoreForm(criteria=criteria, scale_min=award_round.scale_min, scale_max=award_round.scale_max,
                         initial_scores=own, disabled=not can_score)
    context = {
        "award_round": award_round, "nomination": nomination, "stories": list(nomination.stories.all()),
        "criteria": criteria, "form": form, "conflict": conflict, "can_score": can_score, "refusal": refusal,
        "conflict_form": conflict_form or ReasonForm(), "error": error,
        "scored_all": bool(criteria) and len(own) >= len(criteria),
    }
    return render(request, "awards/jury/nomination.html", context, status=status)


@signed_in_page
@require_http_methods(["GET", "POST"])
def jury_nomination(request, pk):
    nomination = roles.get_nomination_for_juror(request.user, pk)
    if request.method == "GET":
        return _nomination_page(request, nomination)
    award_round = nomination.round
    form = ScoreForm(request.POST, criteria=list(award_round.criteria.all()), scale_min=award_round.scale_min,
                     scale_max=award_round.scale_max)
    if not form.is_valid():
        return _nomination_page(request, nomination, form=form, status=400)
    try:
        services.score(request.user, nomination, form.values())
    except AwardError as error:
        return _nomination_page(request, nomination, form=form, error=error, status=error.status)
    messages.success(request, _("Your scores of %(name)s are saved.") % {"name": nomination.nominee_name})
    return redirect("awards:jury_round", pk=award_round.pk)


@signed_in_page
@require_POST
def jury_conflict(request, pk):
    nomination = roles.get_nomination_for_juror(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _nomination_page(request, nomination, conflict_form=form, status=400)
    try:
        services.declare_conflict(request.user, nomination, reason=form.cleaned_data["reason"])
    except AwardError as error:
        return _nomination_page(request, nomination, conflict_form=form, error=error, status=error.status)
    messages.success(request, _("Your conflict of interest is recorded; you will not score %(name)s.")
                     % {"name": nomination.nominee_name})
    return redirect("awards:jury_round", pk=nomination.round_id)


def results_page(request, award_round, *, can_decide=False, status=200, error=None):
    if not roles.may_see_results(request.user, award_round):
        refused = AwardError("results_not_ready",
                             _("The results are shown to the jury and the coordinator once judging closes."),
                             403)
        return refusal(request, refused)
    results = services.tally(award_round)
    for category_results in results.categories:
        for row in category_results.rows:
            row.juror_cells = row.cells(results.jurors)
    return render(request, "awards/results.html", {
        "award_round": award_round, "results": results, "can_decide": can_decide, "error": error,
    }, status=status)


@signed_in_page
def jury_results(request, pk):
    award_round = roles.get_round_for_juror(request.user, pk)
    return results_page(request, award_round)
