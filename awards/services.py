"""The verbs of the Anděl award: a round's phases, nominations and their review, the jury, the results.

Every refusal is an `AwardError` with a code, a Czech message and the HTTP status the pages and
the API answer with; nothing is changed when one is raised. A round's row is locked while a
score is saved or its phase moves, so no score slips in after judging closes.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.contacts import ContactRules, name_key, plain, same_contact
from kernel.ids import as_id
from kernel.refusals import Refusal
from messaging import outbox
from volunteers.models import new_token

from .models import (
    PHASE_ORDER,
    AwardRound,
    Category,
    Conflict,
    Criterion,
    Juror,
    Nomination,
    NomineeLinkRenewal,
    Phase,
    PhaseChange,
    Score,
    ScoreChange,
    Story,
    TieDecision,
)

MAX_NAME = 150
MIN_STORY = 20
MAX_STORY = 5000
MAX_REASON = 300


class AwardError(Refusal):
    """A refusal a person can read; `status` is the HTTP status the pages and the API answer with."""


def nominations_kept_days():
    """Days after judging closes before nominations that did not win are anonymised (default ~6 months)."""
    return int(settings.SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS)


def _inform_nominee(nomination):
    """Once per nomination and address: a corrected address is told again, the same one never twice."""
    address = hashlib.sha256(nomination.nominee_email.lower().encode()).hexdigest()[:16]
    outbox.queue("awards.messages.nominee_information", nomination.pk,
                 dedupe_key=f"awards.nominee_information:{nomination.pk}:{address}")


# --- Names and contacts ----------------------------------------------------------------------


def _organisation(text):
    # Optional and free-form; made plain as names are.
    return plain(contacts.text(text, field="nominee_organisation"))[:200]


# The contact rules every app shares (kernel.contacts), refusing as the award does.
contacts = ContactRules(AwardError)


def _nominee_details(name, email, phone):
    return (
        contacts.name(name, field="nominee_name", code="invalid_nominee",
                      empty_message=_("Write the name of the person you nominate.")),
        contacts.email(email, field="nominee_email"),
        contacts.phone(phone, field="nominee_phone"),
    )


def _reason(text, *, message):
    reason = " ".join(contacts.text(text, field="reason").split())
    if not reason:
        raise AwardError("reason_required", message)
    return reason[:MAX_REASON]


# --- The award round: phases -----------------------------------------------------------------


def _lock_round(award_round):
    return AwardRound.objects.select_for_update().get(pk=award_round.pk)


def move_phase(award_round, to_phase, *, by=None, now=None):
    """Move the round one phase on; by hand (`by`) or by the daily job. Earlier phases never come back."""
    now = now or timezone.now()
    with transaction.atomic():
        award_round = _lock_round(award_round)
        if to_phase not in PHASE_ORDER:
            raise AwardError("unknown_phase", _("Unknown phase."))
        if to_phase != award_round.next_phase:
            if PHASE_ORDER.index(to_phase) <= award_round.phase_index:
                raise AwardError("phase_passed", _("The round is already past this phase."), 409)
            raise AwardError("phase_order", _("The round can only move to the next phase: %(phase)s.")
                             % {"phase": Phase(award_round.next_phase).label}, 409)
        if to_phase == Phase.NOMINATIONS and not award_round.categories.exists():
            raise AwardError("no_categories", _("Add the categories before nominations open."), 409)
        if to_phase == Phase.JUDGING:
            if not award_round.criteria.exists():
                raise AwardError("no_criteria", _("Add the criteria before judging starts."), 409)
            if not award_round.juror_seats.exists():
                raise AwardError("no_jurors", _("Add the jurors before judging starts."), 409)
        if to_phase == Phase.ANNOUNCED:
            results = tally(award_round)
            if results.blocking_ties:
                raise AwardError(
                    "undecided_tie",
                    _("Some winners are tied and the coordinator has not decided yet; decide the ties first."), 409,
                )
            _record_winners(results)
            award_round.announced_at = now
        if to_phase == Phase.CLOSED:
            award_round.closed_at = now
        PhaseChange.objects.create(round=award_round, from_phase=award_round.phase, to_phase=to_phase, by=by, at=now)
        award_round.phase = to_phase
        award_round.save(update_fields=["phase", "closed_at", "announced_at", "updated_at"])
    return award_round


def advance_round(award_round, *, now=None):
    """The daily job's step: the round moves, phase by phase, to the phase its dates give today.

    A round that cannot move on (no criteria yet, an undecided tie) stays where it got; staff see
    why on its page. Running it twice changes nothing. Returns the number of moves made.
    """
    now = now or timezone.now()
    target = PHASE_ORDER.index(award_round.phase_for(timezone.localdate(now)))
    moves = 0
    while award_round.phase_index < target:
        try:
            award_round = move_phase(award_round, award_round.next_phase, now=now)
        except AwardError:
            break
        moves += 1
    return moves


# --- Nominations -----------------------------------------------------------------------------


def current_round_for_nominations():
    return AwardRound.objects.filter(phase=Phase.NOMINATIONS).order_by("-year").first()


def require_nominator_contact(email, phone):
    """The one who nominates gives a phone or an e-mail (already normalised), so staff can ask them."""
    if not email and not phone:
        raise AwardError("missing_contact",
                         _("Give your phone number or e-mail, so we can ask you about the nomination."),
                         field="nominator_phone")


def clean_story(story):
    """The story as kept: trimmed, from MIN_STORY to MAX_STORY characters."""
    text = contacts.text(story, field="story").strip()
    if len(text) < MIN_STORY:
        raise AwardError("story_too_short",
                         _("Tell us in a few sentences what the person did (at least %(count)s characters).")
                         % {"count": MIN_STORY})
    if len(text) > MAX_STORY:
        raise AwardError("story_too_long", _("The story can have at most %(count)s characters.")
                         % {"count": MAX_STORY})
    return text


def nominate(award_round, *, category_id, nominee_name, story, nominator_name, consent, nominee_organisation="",
             nominee_email="", nominee_phone="", nominator_email="", nominator_phone="",
             source=Story.Source.WEB, now=None):
    """A citizen's nomination while nominations are open; the nominator is thanked by e-mail."""
    now = now or timezone.now()
    if award_round is None:
        raise AwardError("nominations_closed", _("Nominations for the Anděl award are not open now."), 409)
    nominee_name, nominee_email, nominee_phone = _nominee_details(nominee_name, nominee_email, nominee_phone)
    nominee_organisation = _organisation(nominee_organisation)
    nominator_name = contacts.name(nominator_name, field="nominator_name")
    nominator_email = contacts.email(nominator_email, field="nominator_email")
    nominator_phone = contacts.phone(nominator_phone, field="nominator_phone")
    require_nominator_contact(nominator_email, nominator_phone)
    text = clean_story(story)
    if consent is not True:
        raise AwardError("consent_required", _("Without your agreement we cannot accept the nomination."))
    with transaction.atomic():
        award_round = _lock_round(award_round)
        if not award_round.is_open_for_nominations:
            raise AwardError("nominations_closed", _("Nominations for the Anděl award are not open now."), 409)
        category = _category_of(award_round, category_id)
        nomination = Nomination.objects.create(
            round=award_round, category=category, nominee_name=nominee_name,
            nominee_organisation=nominee_organisation, nominee_email=nominee_email, nominee_phone=nominee_phone,
            name_key=name_key(nominee_name),
        )
        submitted = Story.objects.create(
            nomination=nomination, text=text, nominator_name=nominator_name, nominator_email=nominator_email,
            nominator_phone=nominator_phone, consent_at=now, source=source,
        )
        if nominator_email:
            outbox.queue("awards.messages.nomination_thanks", submitted.pk)
    return nomination


def _category_of(award_round, category_id):
    number = as_id(category_id)
    category = Category.objects.filter(round=award_round, pk=number).first() if number else None
    if category is None:
        raise AwardError("unknown_category", _("Choose one of the categories of this year's award."))
    return category


def possible_duplicates(nomination):
    """Other live nominations of the round with the same name (without accents) or the same contact."""
    same = Q(name_key=nomination.name_key)
    same |= same_contact(nomination.nominee_email, nomination.nominee_phone, prefix="nominee_")
    return (
        Nomination.objects.filter(round_id=nomination.round_id).filter(same).exclude(pk=nomination.pk)
        .exclude(status=Nomination.Status.MERGED).filter(anonymised_at__isnull=True).select_related("category")
    )


def _check_reviewable(nomination):
    if nomination.is_anonymised:
        raise AwardError("anonymised", _("This nomination has been anonymised."), 409)
    if nomination.status == Nomination.Status.MERGED:
        raise AwardError("merged", _("This nomination was merged into another one."), 409)
    if nomination.round.results_ready:
        raise AwardError("round_closed", _("Judging of this round is closed; its nominations cannot change."),
                         409)


def _locked_nomination(nomination):
    return Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)


def accept_nomination(nomination, *, by, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        nomination = _locked_nomination(nomination)
        _check_reviewable(nomination)
        nomination.status, nomination.rejection_reason = Nomination.Status.ACCEPTED, ""
        nomination.reviewed_by, nomination.reviewed_at = by, now
        nomination.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"])
        if nomination.nominee_email and nomination.informed_at is None:
            _inform_nominee(nomination)
    return nomination


def reject_nomination(nomination, *, reason, by, now=None):
    """Rejected nominations are kept with the reason, never deleted."""
    now = now or timezone.now()
    reason = _reason(reason, message=_("Write why the nomination is rejected."))
    with transaction.atomic():
        nomination = _locked_nomination(nomination)
        _check_reviewable(nomination)
        nomination.status, nomination.rejection_reason = Nomination.Status.REJECTED, reason
        nomination.reviewed_by, nomination.reviewed_at = by, now
        nomination.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"])
    return nomination


def edit_nomination(nomination, *, nominee_name, nominee_organisation="", nominee_email="", nominee_phone="",
                    category_id=None):
    """Staff correct typos in the nominee's details (and the category, until judging closes)."""
    nominee_name, nominee_email, nominee_phone = _nominee_details(nominee_name, nominee_email, nominee_phone)
    with transaction.atomic():
        nomination = _locked_nomination(nomination)
        if nomination.is_anonymised:
            raise AwardError("anonymised", _("This nomination has been anonymised."), 409)
        fields = ["nominee_name", "name_key", "nominee_organisation", "nominee_email", "nominee_phone", "updated_at"]
        if category_id is not None and as_id(category_id) != nomination.category_id:
            if nomination.round.results_ready:
                raise AwardError("round_closed",
                                 _("Judging of this round is closed; its nominations cannot change."), 409)
            nomination.category = _category_of(nomination.round, category_id)
            fields.append("category")
        nomination.nominee_name, nomination.name_key = nominee_name, name_key(nominee_name)
        nomination.nominee_organisation = _organisation(nominee_organisation)
        nomination.nominee_email, nomination.nominee_phone = nominee_email, nominee_phone
        nomination.save(update_fields=fields)
        if nomination.is_accepted and nominee_email and nomination.informed_at is None:
            _inform_nominee(nomination)  # an e-mail found out later
    return nomination


def merge_nominations(duplicate, *, into, by, now=None):
    """One nominee nominated twice: `duplicate`'s stories (and declared conflicts) move to `into`.

    The duplicate is kept, marked as merged, so nothing anybody wrote is lost.
    """
    now = now or timezone.now()
    if duplicate.pk == into.pk:
        raise AwardError("same_nomination", _("Choose another nomination to merge with."))
    with transaction.atomic():
        first, second = sorted([duplicate.pk, into.pk])
        locked = {n.pk: n for n in Nomination.objects.select_for_update().select_related("round")
                  .filter(pk__in=[first, second]).order_by("pk")}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.round_id != into.round_id:
            raise AwardError("other_round", _("Only nominations of the same round can be merged."))
        _check_reviewable(duplicate)
        _check_reviewable(into)
        if Score.objects.filter(nomination=duplicate).exists():
            raise AwardError("has_scores", _("Jurors have already scored this nomination; it cannot be merged."),
                             409)
        Story.objects.filter(nomination=duplicate).update(nomination=into)
        taken = set(Conflict.objects.filter(nomination=into).values_list("juror_id", flat=True))
        Conflict.objects.filter(nomination=duplicate).exclude(juror_id__in=taken).update(nomination=into)
        for name in ("nominee_organisation", "nominee_email", "nominee_phone"):
            if not getattr(into, name) and getattr(duplicate, name):
                setattr(into, name, getattr(duplicate, name))
        into.save(update_fields=["nominee_organisation", "nominee_email", "nominee_phone", "updated_at"])
        duplicate.status, duplicate.merged_into = Nomination.Status.MERGED, into
        duplicate.reviewed_by, duplicate.reviewed_at = by, now
        duplicate.save(update_fields=["status", "merged_into", "reviewed_by", "reviewed_at", "updated_at"])
    return into


def record_nominee_consent(nomination, *, agrees, now=None):
    """The nominee's answer (from their private link, or told to staff on the phone)."""
    now = now or timezone.now()
    with transaction.atomic():
        nomination = _locked_nomination(nomination)
        if nomination.is_anonymised:
            raise AwardError("anonymised", _("This nomination has been anonymised."), 409)
        nomination.publication_consent, nomination.consent_answered_at = bool(agrees), now
        if nomination.informed_at is None:
            nomination.informed_at = now
        nomination.save(update_fields=["publication_consent", "consent_answered_at", "informed_at", "updated_at"])
    return nomination


def check_nominee_link_renewable(nomination):
    """An anonymised nomination has no private link any more; a merged one lives on in the other nomination."""
    if nomination.is_anonymised:
        raise AwardError("anonymised", _("This nomination has been anonymised; there is no link to renew."), 409)
    if nomination.status == Nomination.Status.MERGED:
        raise AwardError("merged", _("This nomination was merged into another one; renew the link there."), 409)


def renew_nominee_link(nomination, *, by, now=None):
    """The nominee's private link leaked: the old one stops working at once.

    The new link is e-mailed only to a nominee who has already been told about the nomination
    (`informed_at`): a submitted or rejected nomination is never revealed this way. A nominee
    not told yet gets the new link in the e-mail that tells them, when the nomination is accepted.
    Returns the `NomineeLinkRenewal` kept for the audit; its `nomination` carries the new token.
    """
    now = now or timezone.now()
    with transaction.atomic():
        nomination = _locked_nomination(nomination)
        check_nominee_link_renewable(nomination)
        nomination.nominee_token = new_token()
        nomination.save(update_fields=["nominee_token", "updated_at"])
        emailed = bool(nomination.nominee_email) and nomination.informed_at is not None
        renewal = NomineeLinkRenewal.objects.create(nomination=nomination, by=by, at=now, emailed=emailed)
        if emailed:
            outbox.queue("awards.messages.new_nominee_link", nomination.pk)
    return renewal


def anonymise_nominations(*, before, now=None):
    """Nominations that did not win, of rounds whose judging closed before `before`, lose their personal data.

    Scores and the category stay for the statistics; the nominee's private link stops working.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = Nomination.objects.filter(
            anonymised_at__isnull=True, won=False, round__closed_at__lt=before,
            round__phase__in=[Phase.CLOSED, Phase.ANNOUNCED],
        )
        ids = list(due.values_list("pk", flat=True))
        outbox.forget_recipients([
            *Nomination.objects.filter(pk__in=ids).values_list("nominee_email", flat=True),
            *Story.objects.filter(nomination_id__in=ids).values_list("nominator_email", flat=True),
        ])
        Story.objects.filter(nomination_id__in=ids).update(text="", nominator_name="—", nominator_email="",
                                                           nominator_phone="")
        # A juror's reason may say how they know the nominee.
        Conflict.objects.filter(nomination_id__in=ids).update(reason="—")
        for nomination_id in ids:
            Nomination.objects.filter(pk=nomination_id).update(
                nominee_name="—", name_key="", nominee_organisation="", nominee_email="", nominee_phone="",
                rejection_reason="", anonymised_at=now, nominee_token=new_token(), updated_at=now,
            )
    return len(ids)


# --- The jury --------------------------------------------------------------------------------


def _check_juror(user, award_round):
    if not Juror.objects.filter(round=award_round, user=user).exists():
        raise AwardError("not_juror", _("You are not a juror of this round."), 403)


def _check_judging(award_round, now=None):
    # After its last day judging is over, even before the nightly job moves the phase.
    past_last_day = timezone.localdate(now or timezone.now()) > award_round.judging_closes_on
    if award_round.results_ready or (award_round.is_judging and past_last_day):
        raise AwardError("judging_closed", _("Judging is closed: scores can no longer change."), 409)
    if not award_round.is_judging:
        raise AwardError("judging_not_open", _("Judging has not started yet."), 409)


def _check_scorable(nomination):
    if not nomination.is_accepted:
        raise AwardError("not_accepted", _("Only accepted nominations are scored."), 409)


def _check_may_score(juror, award_round, nomination, *, has_conflict, now):
    _check_juror(juror, award_round)
    _check_judging(award_round, now)
    _check_scorable(nomination)
    if has_conflict:
        raise AwardError("conflict", _("You declared a conflict of interest, so you cannot score this."), 409)


def scoring_refusal(juror, nomination, *, has_conflict, now=None):
    """Why `juror` may not score `nomination` now, as the AwardError `score()` would raise, or None.

    One rule for both doors: the jury page offers its form only when this is None, and the API's
    PUT answers the refusal `score()` raises from the same checks.
    """
    try:
        _check_may_score(juror, nomination.round, nomination, has_conflict=has_conflict, now=now or timezone.now())
    except AwardError as refusal:
        return refusal
    return None


def score(juror, nomination, values, *, now=None):
    """Save a juror's scores of one nomination: `values` maps criterion ids to whole numbers on the scale.

    Any subset of the criteria may be sent; each change is written to the audit log. Refused
    (and nothing saved) after judging closes, for a declared conflict, or out of the scale.
    Returns the juror's scores of the nomination as {criterion_id: value}.
    """
    with transaction.atomic():
        award_round = _lock_round(nomination.round)
        now = now or timezone.now()  # read after the lock, so the log's times follow the order of the saves
        nomination = Nomination.objects.get(pk=nomination.pk)
        _check_may_score(juror, award_round, nomination, now=now,
                         has_conflict=Conflict.objects.filter(nomination=nomination, juror=juror).exists())
        criteria = {criterion.pk: criterion for criterion in award_round.criteria.all()}
        cleaned = {}
        for key, value in (values or {}).items():
            try:
                criterion_id = int(key)
            except (TypeError, ValueError):
                criterion_id = None
            if criterion_id not in criteria:
                raise AwardError("unknown_criterion", _("This criterion does not belong to this round."))
            if isinstance(value, bool) or not isinstance(value, int) or not (
                award_round.scale_min <= value <= award_round.scale_max
            ):
                raise AwardError(
                    "out_of_scale",
                    _("%(criterion)s: give a whole number from %(low)s to %(high)s.") % {
                        "criterion": criteria[criterion_id].name, "low": award_round.scale_min,
                        "high": award_round.scale_max,
                    },
                )
            cleaned[criterion_id] = value
        if not cleaned:
            raise AwardError("no_scores", _("Give at least one score."))
        existing = {
            s.criterion_id: s for s in Score.objects.select_for_update().filter(nomination=nomination, juror=juror)
        }
        for criterion_id, value in cleaned.items():
            current = existing.get(criterion_id)
            if current is None:
                existing[criterion_id] = Score.objects.create(
                    nomination=nomination, juror=juror, criterion_id=criterion_id, value=value
                )
                old = None
            elif current.value != value:
                old = current.value
                current.value = value
                current.save(update_fields=["value", "updated_at"])
            else:
                continue
            ScoreChange.objects.create(
                nomination=nomination, juror=juror, criterion_id=criterion_id, old_value=old, new_value=value,
                changed_by=juror, changed_at=now,
            )
    return {criterion_id: s.value for criterion_id, s in existing.items()}


def declare_conflict(juror, nomination, *, reason, now=None):
    """The juror steps aside: scores they gave are removed (and logged), and they cannot score it."""
    reason = _reason(reason, message=_("Write the reason for the conflict of interest."))
    with transaction.atomic():
        award_round = _lock_round(nomination.round)
        now = now or timezone.now()
        _check_juror(juror, award_round)
        _check_judging(award_round, now)
        if Conflict.objects.filter(nomination=nomination, juror=juror).exists():
            raise AwardError("already_declared", _("You have already declared a conflict of interest here."),
                             409)
        for given in Score.objects.select_for_update().filter(nomination=nomination, juror=juror):
            ScoreChange.objects.create(
                nomination=nomination, juror=juror, criterion_id=given.criterion_id, old_value=given.value,
                new_value=None, changed_by=juror, changed_at=now, note="conflict of interest",
            )
            given.delete()
        return Conflict.objects.create(nomination=nomination, juror=juror, reason=reason, declared_at=now)


# A juror's progress on one nomination, as the jury page and the API show it.
JUROR_STATES = ("todo", "started", "done", "conflict")


def juror_state(*, has_conflict, scored, criteria):
    """ "conflict", "done" (`scored` reaches the round's `criteria`, the number of them), "started" or "todo"."""
    if has_conflict:
        return "conflict"
    if criteria and scored >= criteria:
        return "done"
    return "started" if scored else "todo"


def juror_states(juror, nominations, award_rounds_criteria_counts):
    """`juror_state` of each nomination, by its id, in three queries for any number of them."""
    ids = [nomination.pk for nomination in nominations]
    conflicts = set(Conflict.objects.filter(juror=juror, nomination_id__in=ids).values_list("nomination_id",
                                                                                             flat=True))
    counts = defaultdict(int)
    for nomination_id in Score.objects.filter(juror=juror, nomination_id__in=ids).values_list("nomination_id",
                                                                                               flat=True):
        counts[nomination_id] += 1
    return {
        nomination.pk: juror_state(has_conflict=nomination.pk in conflicts, scored=counts[nomination.pk],
                                   criteria=award_rounds_criteria_counts.get(nomination.round_id, 0))
        for nomination in nominations
    }


@dataclass
class JurorProgress:
    juror: Juror
    done: int
    started: int
    conflicts: int
    remaining: int


def progress(award_round):
    """Who has scored how many nominations, without any value: what the coordinator sees before close."""
    criteria_count = award_round.criteria.count()
    nomination_ids = list(award_round.nominations.accepted().values_list("pk", flat=True))
    per_juror = defaultdict(lambda: defaultdict(int))
    for juror_id, nomination_id in Score.objects.filter(nomination_id__in=nomination_ids).values_list(
        "juror_id", "nomination_id"
    ):
        per_juror[juror_id][nomination_id] += 1
    conflicts = defaultdict(int)
    for juror_id in Conflict.objects.filter(nomination_id__in=nomination_ids).values_list("juror_id", flat=True):
        conflicts[juror_id] += 1
    rows = []
    for seat in award_round.juror_seats.select_related("user"):
        counts = per_juror[seat.user_id]
        done = sum(1 for count in counts.values() if criteria_count and count >= criteria_count)
        started = sum(1 for count in counts.values() if not (criteria_count and count >= criteria_count))
        remaining = len(nomination_ids) - conflicts[seat.user_id] - done
        rows.append(JurorProgress(seat, done, started, conflicts[seat.user_id], remaining))
    return rows


# --- Results ---------------------------------------------------------------------------------


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def as_decimal(value, places="0.01"):
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), ROUND_HALF_UP)


@dataclass
class ResultRow:
    nomination: Nomination
    by_juror: dict  # juror id -> weighted score (Fraction) of each juror who scored every criterion
    conflict_ids: set  # jurors who declared a conflict of interest
    count: int = 0
    mean: Fraction | None = None
    median: Fraction | None = None
    spread: Fraction | None = None
    too_few: bool = False
    wide_spread: bool = False
    rank: int | None = None
    tied_with: list = field(default_factory=list)  # undecided: the other nominations of the tie
    decision: TieDecision | None = None
    winner: bool = False

    @property
    def mean_display(self):
        return as_decimal(self.mean)

    @property
    def median_display(self):
        return as_decimal(self.median)

    @property
    def spread_display(self):
        return as_decimal(self.spread)

    @property
    def tied(self):
        return bool(self.tied_with)

    @property
    def conflicts(self):
        return len(self.conflict_ids)

    def cells(self, jurors):
        """Per juror, in the order given: their weighted score, "conflict", or None (not scored fully)."""
        return [
            "conflict" if seat.user_id in self.conflict_ids else as_decimal(self.by_juror.get(seat.user_id))
            for seat in jurors
        ]


@dataclass
class CategoryResults:
    category: Category
    rows: list
    undecided_ties: list  # lists of ResultRow, each a tie the coordinator may decide

    @property
    def winners(self):
        return [row for row in self.rows if row.winner]


@dataclass
class Results:
    award_round: AwardRound
    criteria: list
    jurors: list
    categories: list
    blocking_ties: list  # undecided ties that decide who wins


def tally(award_round):
    """The results: per category, nominations ranked by the mean of the jurors' weighted scores.

    A juror's weighted score of a nomination is Σ weight × score / Σ weight over the criteria, and
    counts only when they scored every criterion; jurors with a declared conflict are left out.
    Equal means are ordered by the higher median; still equal, they are a tie the coordinator
    decides (`decide_tie`), and the decision is applied here. A nomination is flagged when fewer
    than `min_scores` jurors scored it, and when its highest and lowest weighted scores differ by
    `spread_alert_percent` % of the scale or more.
    """
    criteria = list(award_round.criteria.all())
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    total_weight = sum(weights.values())
    jurors = list(award_round.juror_seats.select_related("user"))
    juror_ids = {seat.user_id for seat in jurors}
    nominations = list(award_round.nominations.accepted().select_related("category").order_by("pk"))
    ids = [nomination.pk for nomination in nominations]
    given = defaultdict(dict)
    for nomination_id, juror_id, criterion_id, value in Score.objects.filter(
        nomination_id__in=ids, juror_id__in=juror_ids
    ).values_list("nomination_id", "juror_id", "criterion_id", "value"):
        given[(nomination_id, juror_id)][criterion_id] = value
    conflicts = defaultdict(set)
    for nomination_id, juror_id in Conflict.objects.filter(nomination_id__in=ids).values_list("nomination_id",
                                                                                               "juror_id"):
        conflicts[nomination_id].add(juror_id)
    alert = Fraction(award_round.scale_max - award_round.scale_min) * award_round.spread_alert_percent / 100

    rows_by_category = defaultdict(list)
    for nomination in nominations:
        by_juror = {}
        for juror_id in juror_ids - conflicts[nomination.pk]:
            values = given.get((nomination.pk, juror_id), {})
            if total_weight and all(criterion_id in values for criterion_id in weights):
                by_juror[juror_id] = Fraction(
                    sum(weights[criterion_id] * values[criterion_id] for criterion_id in weights), total_weight
                )
        row = ResultRow(nomination, by_juror, conflict_ids=conflicts[nomination.pk] & juror_ids, count=len(by_juror))
        if by_juror:
            scores = list(by_juror.values())
            row.mean = sum(scores, Fraction(0)) / len(scores)
            row.median = _median(scores)
            row.spread = max(scores) - min(scores)
            row.wide_spread = len(scores) > 1 and row.spread >= alert
        row.too_few = row.count < award_round.min_scores
        rows_by_category[nomination.category_id].append(row)

    decisions = list(TieDecision.objects.filter(round=award_round).prefetch_related("over"))
    categories, blocking = [], []
    for category in award_round.categories.all():
        ranked, undecided = _rank(rows_by_category.get(category.pk, []), decisions, category)
        for row in ranked:
            row.winner = row.rank is not None and row.rank <= award_round.winners_per_category
        for group in undecided:
            first = group[0].rank
            if first <= award_round.winners_per_category < first + len(group) - 1:
                blocking.append(group)
        categories.append(CategoryResults(category, ranked, undecided))
    return Results(award_round, criteria, jurors, categories, blocking)


def _rank(rows, decisions, category):
    """Order one category's rows and number them; equal rows share a rank until a decision splits them."""
    scored = [row for row in rows if row.mean is not None]
    unscored = sorted((row for row in rows if row.mean is None), key=lambda row: row.nomination.pk)
    scored.sort(key=lambda row: (-row.mean, -row.median, row.nomination.pk))
    groups = []
    for row in scored:
        if groups and (groups[-1][0].mean, groups[-1][0].median) == (row.mean, row.median):
            groups[-1].append(row)
        else:
            groups.append([row])
    ordered, undecided, position = [], [], 1
    for group in groups:
        for part in _split_by_decisions(group, decisions, category):
            for row in part:
                row.rank = position
                if len(part) > 1:
                    row.tied_with = [other.nomination for other in part if other is not row]
            if len(part) > 1:
                undecided.append(part)
            ordered.extend(part)
            position += len(part)
    return ordered + unscored, undecided


def _split_by_decisions(group, decisions, category):
    if len(group) < 2:
        return [group]
    ids = {row.nomination.pk for row in group}
    for decision in decisions:
        if decision.category_id != category.pk or decision.chosen_id not in ids:
            continue
        if {other.pk for other in decision.over.all()} == ids - {decision.chosen_id}:
            chosen = next(row for row in group if row.nomination.pk == decision.chosen_id)
            chosen.decision = decision
            rest = [row for row in group if row is not chosen]
            return [[chosen], *_split_by_decisions(rest, decisions, category)]
    return [group]


def decide_tie(award_round, *, chosen, over, note, by, now=None):
    """The coordinator puts `chosen` ahead of the other nominations of an undecided tie; the decision is kept."""
    now = now or timezone.now()
    note = _reason(note, message=_("Write how the tie was decided."))
    with transaction.atomic():
        award_round = _lock_round(award_round)
        if award_round.phase != Phase.CLOSED:
            raise AwardError("not_closed", _("Ties are decided after judging closes and before the results are"
                                             " announced."), 409)
        over_ids = {nomination.pk for nomination in over}
        for category_results in tally(award_round).categories:
            for group in category_results.undecided_ties:
                ids = {row.nomination.pk for row in group}
                if chosen.pk in ids and over_ids == ids - {chosen.pk}:
                    decision = TieDecision.objects.create(
                        round=award_round, category=category_results.category, chosen=chosen, note=note,
                        decided_by=by, decided_at=now,
                    )
                    decision.over.set(over)
                    return decision
    raise AwardError("not_a_tie", _("These nominations are not an undecided tie."), 409)


def _record_winners(results):
    for category_results in results.categories:
        for row in category_results.rows:
            Nomination.objects.filter(pk=row.nomination.pk).update(won=row.winner, final_rank=row.rank)


def score_rows_for_juror(juror, nomination):
    """The juror's own scores of a nomination: {criterion_id: value}. Never anyone else's."""
    return dict(Score.objects.filter(juror=juror, nomination=nomination).values_list("criterion_id", "value"))


def criteria_of(award_round):
    return list(Criterion.objects.filter(round=award_round))
