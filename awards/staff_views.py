"""The coordinator's pages of the award (/sprava/andel/): rounds, review of nominations, results.

Every page goes through a getter in `roles`: missing and not allowed look the same (404).
Before judging closes the coordinator sees progress (who has scored how many), never values.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.spreadsheet import csv_response, excel_number, safe_cell
from kernel.pages import page_for

from . import roles, selectors, services
from .forms import NominationEditForm, ReasonForm, TieForm
from .models import AwardRound, Nomination, Phase, ScoreChange, Story
from .services import AwardError
from .views import refusal, results_page

# Only the award's coordinator (department staff); to anyone else the pages do not exist (404),
# and the anonymous are sent to sign in.
staff_page = page_for(roles.is_coordinator)

# --- Award rounds ----------------------------------------------------------------------------


@staff_page
def rounds(request):
    return render(request, "awards/staff/rounds.html", {
        "rounds": list(AwardRound.objects.order_by("-year")),
    })


@staff_page
def round_detail(request, pk):
    return _round_page(request, roles.get_round_for_coordinator(request.user, pk))


def _round_page(request, award_round, *, error=None, status=200):
    wanted_status = request.GET.get("stav", "")
    if wanted_status not in Nomination.Status.values:
        wanted_status = ""
    nominations = list(selectors.staff_nominations(award_round, wanted_status or None))
    counts = dict.fromkeys(Nomination.Status.values, 0)
    for status_value in award_round.nominations.values_list("status", flat=True):
        counts[status_value] += 1
    context = {
        "award_round": award_round, "nominations": nominations, "wanted_status": wanted_status,
        "statuses": [(value, label, counts[value]) for value, label in Nomination.Status.choices],
        "progress": services.progress(award_round),
        "criteria_count": award_round.criteria.count(),
        "accepted_count": counts[Nomination.Status.ACCEPTED],
        "next_phase": Phase(award_round.next_phase) if award_round.next_phase else None,
        "phase_changes": list(award_round.phase_changes.select_related("by")),
        "error": error,
    }
    return render(request, "awards/staff/round.html", context, status=status)


@staff_page
@require_POST
def move_phase(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    try:
        award_round = services.move_phase(award_round, request.POST.get("phase", ""), by=request.user)
    except AwardError as error:
        return _round_page(request, award_round, error=error, status=error.status)
    messages.success(request, _("The round is now in the phase: %(phase)s.")
                     % {"phase": award_round.get_phase_display()})
    return redirect("awards:staff_round", pk=award_round.pk)


def _nomination_context(request, nomination, **extra):
    award_round = nomination.round
    return {
        "nomination": nomination, "award_round": award_round,
        "stories": list(nomination.stories.all()),
        "duplicates": list(services.possible_duplicates(nomination)),
        "merge_targets": list(
            award_round.nominations.exclude(pk=nomination.pk).exclude(status=Nomination.Status.MERGED)
            .filter(anonymised_at__isnull=True).select_related("category").order_by("name_key", "pk")
        ),
        "edit_form": extra.pop("edit_form", None) or NominationEditForm(award_round=award_round, initial={
            "nominee_name": nomination.nominee_name, "nominee_organisation": nomination.nominee_organisation,
            "nominee_email": nomination.nominee_email, "nominee_phone": nomination.nominee_phone,
            "category": nomination.category_id,
        }),
        "reject_form": extra.pop("reject_form", None) or ReasonForm(),
        "merged": list(nomination.merged.all()),
        **extra,
    }


def _nomination_page(request, nomination, *, status=200, **extra):
    return render(request, "awards/staff/nomination.html", _nomination_context(request, nomination, **extra),
                  status=status)


@staff_page
def nomination_detail(request, pk):
    return _nomination_page(request, roles.get_nomination_for_coordinator(request.user, pk))


@staff_page
@require_POST
def nomination_review(request, pk, decision):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    form = ReasonForm(request.POST) if decision == "reject" else None
    try:
        if decision == "accept":
            services.accept_nomination(nomination, by=request.user)
            messages.success(request, _("The nomination of %(name)s is accepted.") % {"name": nomination.nominee_name})
        else:
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.reject_nomination(nomination, reason=reason, by=request.user)
            messages.success(request, _("The nomination of %(name)s is rejected; it is kept with the reason.")
                             % {"name": nomination.nominee_name})
    except AwardError as error:
        return _nomination_page(request, nomination, error=error, status=error.status, reject_form=form)
    return redirect("awards:staff_nomination", pk=nomination.pk)


@staff_page
@require_POST
def nomination_edit(request, pk):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    form = NominationEditForm(request.POST, award_round=nomination.round)
    if not form.is_valid():
        return _nomination_page(request, nomination, edit_form=form, status=400)
    data = form.cleaned_data
    try:
        services.edit_nomination(
            nomination, nominee_name=data["nominee_name"], nominee_organisation=data["nominee_organisation"],
            nominee_email=data["nominee_email"], nominee_phone=data["nominee_phone"], category_id=data["category"],
        )
    except AwardError as error:
        return _nomination_page(request, nomination, edit_form=form, error=error, status=error.status)
    messages.success(request, _("The nominee's details are saved."))
    return redirect("awards:staff_nomination", pk=nomination.pk)


@staff_page
@require_POST
def nomination_merge(request, pk):
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    target_pk = request.POST.get("into", "")
    into = (
        Nomination.objects.filter(round=nomination.round, pk=int(target_pk)).select_related("round").first()
        if (target_pk.isascii() and target_pk.isdigit()) and int(target_pk) < 2**63 else None
    )
    if into is None:
        error = AwardError("unknown_nomination", _("Choose the nomination to merge with."))
        return _nomination_page(request, nomination, error=error, status=error.status)
    try:
        services.merge_nominations(nomination, into=into, by=request.user)
    except AwardError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    messages.success(request, _("Merged: all stories are now with the nomination of %(name)s.")
                     % {"name": into.nominee_name})
    return redirect("awards:staff_nomination", pk=into.pk)


@staff_page
@require_POST
def nomination_consent(request, pk):
    """The nominee told staff (on the phone, in a letter) whether they may be published."""
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    answer = request.POST.get("agrees", "")
    if answer not in ("yes", "no"):
        error = AwardError("invalid_answer", _("Choose one of the two answers."))
        return _nomination_page(request, nomination, error=error, status=error.status)
    try:
        services.record_nominee_consent(nomination, agrees=answer == "yes")
    except AwardError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    messages.success(request, _("The nominee's answer is saved."))
    return redirect("awards:staff_nomination", pk=nomination.pk)



@staff_page
@require_http_methods(["GET", "POST"])
def nomination_renew_link(request, pk):
    """Asks first: the nominee's old private link stops working at once, the new one is e-mailed if it can be."""
    nomination = roles.get_nomination_for_coordinator(request.user, pk)
    if request.method == "GET":
        try:
            services.check_nominee_link_renewable(nomination)
        except AwardError as error:
            return _nomination_page(request, nomination, error=error, status=error.status)
        return render(request, "awards/staff/renew_link.html", {
            "person_name": nomination.nominee_name,
            "email": nomination.nominee_email, "informed": nomination.informed_at is not None,
            "back_url": reverse("awards:staff_nomination", kwargs={"pk": nomination.pk}),
            "renewals": list(nomination.link_renewals.select_related("by")[:10]),
        })
    try:
        renewal = services.renew_nominee_link(nomination, by=request.user)
    except AwardError as error:
        return _nomination_page(request, nomination, error=error, status=error.status)
    nomination = renewal.nomination
    done = _("%(name)s has a new private link; the old one no longer works.") % {"name": nomination.nominee_name}
    if renewal.emailed:
        messages.success(request, done + " " + _("The new link is on its way to %(email)s.")
                         % {"email": nomination.nominee_email})
    elif nomination.nominee_email:
        messages.success(request, done + " " + _(
            "No e-mail was sent: the nominee has not been told about the nomination yet. If it is accepted,"
            " the e-mail that tells them carries the new link."
        ))
    else:
        messages.warning(request, done + " " + _(
            "There is no e-mail on file, so nothing was sent: pass the new link on yourself: %(link)s"
        ) % {"link": request.build_absolute_uri(nomination.get_nominee_url())})
    return redirect("awards:staff_nomination", pk=nomination.pk)


@staff_page
def round_results(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    return results_page(request, award_round, can_decide=award_round.phase == Phase.CLOSED)


@staff_page
@require_POST
def decide_tie(request, pk):
    award_round = roles.get_round_for_coordinator(request.user, pk)
    form = TieForm(request.POST)
    if not form.is_valid():
        error = AwardError("reason_required", _("Write how the tie was decided."))
        return results_page(request, award_round, can_decide=True, status=400, error=error)
    group = form.group_ids()
    chosen = form.cleaned_data["chosen"]
    nominations = {n.pk: n for n in award_round.nominations.filter(pk__in=group)}
    try:
        if chosen not in nominations:
            raise AwardError("not_a_tie", _("These nominations are not an undecided tie."), 409)
        services.decide_tie(
            award_round, chosen=nominations[chosen], over=[n for pk_, n in nominations.items() if pk_ != chosen],
            note=form.cleaned_data["note"], by=request.user,
        )
    except AwardError as error:
        return results_page(request, award_round, can_decide=True, status=error.status, error=error)
    messages.success(request, _("The decision is recorded: %(name)s goes ahead.")
                     % {"name": nominations[chosen].nominee_name})
    return redirect("awards:staff_results", pk=award_round.pk)


RESULTS_CSV_COLUMNS = [
    pgettext_lazy("CSV column", "category"), pgettext_lazy("CSV column", "rank"),
    pgettext_lazy("CSV column", "winner"), pgettext_lazy("CSV column", "nominee"),
    pgettext_lazy("CSV column", "organisation"), pgettext_lazy("CSV column", "may be published"),
    pgettext_lazy("CSV column", "mean score"), pgettext_lazy("CSV column", "median"),
    pgettext_lazy("CSV column", "jurors who scored"), pgettext_lazy("CSV column", "spread"),
    pgettext_lazy("CSV column", "flags"), pgettext_lazy("CSV column", "story"),
]


@staff_page
def results_csv(request, pk):
    """The results for the ceremony, for Czech Excel (UTF-8 with a BOM, ';' between columns)."""
    award_round = roles.get_round_for_coordinator(request.user, pk)
    if not award_round.results_ready:
        return refusal(request, AwardError(
            "results_not_ready", _("The results are shown to the jury and the coordinator once judging closes."), 403
        ))
    results = services.tally(award_round)
    stories = selectors.group_by(
        Story.objects.filter(nomination__round=award_round).order_by("submitted_at", "pk"),
        lambda story: story.nomination_id,
    )
    response, writer = csv_response(f"andel-{award_round.year}-vysledky.csv")
    writer.writerow([str(column) for column in RESULTS_CSV_COLUMNS])
    yes, no, unknown = pgettext("CSV value", "yes"), pgettext("CSV value", "no"), pgettext("CSV value", "not asked")
    for category_results in results.categories:
        for row in category_results.rows:
            nomination = row.nomination
            flags = []
            if row.too_few:
                flags.append(pgettext("CSV value", "too few scores"))
            if row.wide_spread:
                flags.append(pgettext("CSV value", "jurors disagree"))
            if row.tied:
                flags.append(pgettext("CSV value", "undecided tie"))
            consent = {True: yes, False: no}.get(nomination.publication_consent, unknown)
            writer.writerow([safe_cell(value) for value in (
                category_results.category.name, row.rank or "", yes if row.winner else "", nomination.nominee_name,
                nomination.nominee_organisation, consent, excel_number(row.mean_display),
                excel_number(row.median_display), row.count, excel_number(row.spread_display), ", ".join(flags),
                "\n\n".join(story.text for story in stories.get(nomination.pk, [])),
            )])
    return response


@staff_page
def audit_log(request, pk):
    """Every change of a score: who, when, from, to. Values appear only once judging has closed."""
    award_round = roles.get_round_for_coordinator(request.user, pk)
    if not award_round.results_ready:
        return refusal(request, AwardError(
            "results_not_ready", _("The results are shown to the jury and the coordinator once judging closes."), 403
        ))
    changes = (
        ScoreChange.objects.filter(nomination__round=award_round)
        .select_related("nomination", "juror", "criterion", "changed_by").order_by("changed_at", "pk")
    )
    page = Paginator(changes, 200).get_page(request.GET.get("strana"))
    return render(request, "awards/staff/audit.html", {"award_round": award_round, "changes": page})
