"""Each refusal of the award's services: its code, its status, its Czech words, and nothing changed.

The refusals a person meets on a page or in the API; the pages' and the API's own tests show where
they appear, these pin what they say, so a refusal that changes its code or message goes red here.
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from awards.models import AwardRound, Category, Criterion, Juror, Nomination, Phase, PhaseChange, Story
from awards.services import (
    MAX_STORY,
    MIN_STORY,
    AwardError,
    advance_round,
    edit_nomination,
    move_phase,
    nominate,
    reject_nomination,
)

from .conftest import cs

STORY = "Paní Šimková už osm let každé úterý předčítá klientům domova a chodí s nimi ven."


def refused(call):
    with pytest.raises(AwardError) as caught:
        call()
    return caught.value.code, caught.value.status, caught.value.message


def phase_label(phase):
    with translation.override("cs"):
        return str(Phase(phase).label)


def phases_kept(award_round, phase):
    award_round.refresh_from_db()
    return award_round.phase == phase and not PhaseChange.objects.filter(round=award_round).exists()


# --- Moving a round's phase --------------------------------------------------------------------


def test_an_unknown_phase_is_refused(make_round, staff):
    award_round = make_round(phase=Phase.PREPARED)

    assert refused(lambda: move_phase(award_round, "voting", by=staff)) == (
        "unknown_phase", 400, cs("Unknown phase."))
    assert phases_kept(award_round, Phase.PREPARED)


@pytest.mark.parametrize("back_to", [Phase.JUDGING, Phase.NOMINATIONS, Phase.PREPARED])
def test_the_phase_it_is_in_or_an_earlier_one_is_already_past(make_round, staff, back_to):
    award_round = make_round(phase=Phase.JUDGING)

    assert refused(lambda: move_phase(award_round, back_to, by=staff)) == (
        "phase_passed", 409, cs("The round is already past this phase."))
    assert phases_kept(award_round, Phase.JUDGING)


@pytest.mark.parametrize("skip_to", [Phase.JUDGING, Phase.CLOSED, Phase.ANNOUNCED])
def test_a_phase_cannot_be_skipped_and_the_refusal_names_the_next_one(make_round, staff, skip_to):
    award_round = make_round(phase=Phase.PREPARED)

    assert refused(lambda: move_phase(award_round, skip_to, by=staff)) == (
        "phase_order", 409,
        cs("The round can only move to the next phase: %(phase)s.") % {"phase": phase_label(Phase.NOMINATIONS)})
    assert phases_kept(award_round, Phase.PREPARED)


def test_nominations_need_categories(make_round, staff):
    award_round = make_round(phase=Phase.PREPARED)
    Category.objects.filter(round=award_round).delete()

    assert refused(lambda: move_phase(award_round, Phase.NOMINATIONS, by=staff)) == (
        "no_categories", 409, cs("Add the categories before nominations open."))
    assert phases_kept(award_round, Phase.PREPARED)


def test_judging_needs_criteria_and_jurors(make_round, staff, juror):
    award_round = make_round(phase=Phase.NOMINATIONS)
    Criterion.objects.filter(round=award_round).delete()
    assert refused(lambda: move_phase(award_round, Phase.JUDGING, by=staff)) == (
        "no_criteria", 409, cs("Add the criteria before judging starts."))

    Criterion.objects.create(round=award_round, name="Přínos pro druhé", weight=1, position=0)
    assert refused(lambda: move_phase(award_round, Phase.JUDGING, by=staff)) == (
        "no_jurors", 409, cs("Add the jurors before judging starts."))
    assert phases_kept(award_round, Phase.NOMINATIONS)

    Juror.objects.create(round=award_round, user=juror)
    assert move_phase(award_round, Phase.JUDGING, by=staff).phase == Phase.JUDGING


# --- The daily step ------------------------------------------------------------------------------


def _noon(day):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=12)


def test_the_daily_step_moves_a_late_round_through_every_phase_its_dates_passed(make_round, juror):
    award_round = make_round(phase=Phase.PREPARED, jurors=[juror])

    moves = advance_round(award_round, now=_noon(award_round.judging_closes_on + timedelta(days=1)))

    award_round.refresh_from_db()
    assert (moves, award_round.phase) == (3, Phase.CLOSED)
    assert list(PhaseChange.objects.order_by("at", "pk").values_list("to_phase", flat=True)) == [
        Phase.NOMINATIONS, Phase.JUDGING, Phase.CLOSED]
    assert advance_round(award_round, now=_noon(award_round.judging_closes_on + timedelta(days=1))) == 0


def test_the_daily_step_stops_where_a_round_cannot_move_on_and_counts_only_real_moves(make_round):
    award_round = make_round(phase=Phase.PREPARED)  # no jurors: judging cannot start

    moves = advance_round(award_round, now=_noon(award_round.judging_closes_on + timedelta(days=1)))

    award_round.refresh_from_db()
    assert (moves, award_round.phase) == (1, Phase.NOMINATIONS)


# --- Nominating ----------------------------------------------------------------------------------


@pytest.fixture
def open_round(make_round):
    return make_round(2026, phase=Phase.NOMINATIONS)


def nominate_vera(award_round, **changes):
    details = {
        "category_id": award_round.categories.first().pk if award_round else 1, "nominee_name": "Věra Šimková",
        "story": STORY, "nominator_name": "Jana Dvořáková", "nominator_email": "jana@seznam.cz", "consent": True,
        **changes,
    }
    return nominate(award_round, **details)


CLOSED = ("nominations_closed", 409, "Nominations for the Anděl award are not open now.")


@pytest.mark.parametrize("phase", [Phase.PREPARED, Phase.JUDGING, Phase.CLOSED, Phase.ANNOUNCED])
def test_a_nomination_outside_the_nominations_phase_is_refused(make_round, phase):
    award_round = make_round(phase=phase)

    code, status, message = refused(lambda: nominate_vera(award_round))

    assert (code, status, message) == (*CLOSED[:2], cs(CLOSED[2]))
    assert not Nomination.objects.exists() and not Story.objects.exists()


def test_a_nomination_with_no_round_open_is_refused(db):
    code, status, message = refused(lambda: nominate_vera(None, category_id=1))

    assert (code, status, message) == (*CLOSED[:2], cs(CLOSED[2]))


@pytest.mark.parametrize("category", ["", "jedna", 0, -1, 2**63, None, True, "+1", "٣"])
def test_a_category_that_is_not_one_of_the_rounds_is_refused(open_round, category):
    assert refused(lambda: nominate_vera(open_round, category_id=category)) == (
        "unknown_category", 400, cs("Choose one of the categories of this year's award."))
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("near", [0.5, 0.9999])
def test_a_number_that_is_not_a_whole_id_is_not_read_as_the_one_below_or_above(open_round, near):
    category = open_round.categories.first()

    assert refused(lambda: nominate_vera(open_round, category_id=category.pk + near))[0] == "unknown_category"
    assert refused(lambda: nominate_vera(open_round, category_id=category.pk - 1 + near))[0] == "unknown_category"


def test_staff_choosing_a_category_that_is_no_id_are_refused_not_crashed(submitted):
    assert refused(lambda: edit_nomination(submitted, nominee_name="Věra Šimková", category_id="druhá"))[0] == (
        "unknown_category")
    assert Nomination.objects.get().category == submitted.category


def test_a_category_of_another_round_is_refused(open_round, make_round):
    other = make_round(2025, phase=Phase.ANNOUNCED).categories.first()

    assert refused(lambda: nominate_vera(open_round, category_id=other.pk))[0] == "unknown_category"


@pytest.mark.parametrize("consent", [False, None, "on", 1])
def test_only_a_clear_yes_is_consent(open_round, consent):
    assert refused(lambda: nominate_vera(open_round, consent=consent)) == (
        "consent_required", 400, cs("Without your agreement we cannot accept the nomination."))
    assert not Nomination.objects.exists()


def test_the_story_has_a_shortest_and_a_longest_length_and_both_are_allowed(open_round):
    too_short = refused(lambda: nominate_vera(open_round, story="a" * (MIN_STORY - 1)))
    too_long = refused(lambda: nominate_vera(open_round, story="a" * (MAX_STORY + 1)))

    assert too_short == ("story_too_short", 400, cs(
        "Tell us in a few sentences what the person did (at least %(count)s characters).") % {"count": MIN_STORY})
    assert too_long == ("story_too_long", 400, cs(
        "The story can have at most %(count)s characters.") % {"count": MAX_STORY})
    assert not Nomination.objects.exists()

    # Spaces around do not count: the shortest story is counted without them.
    shortest = nominate_vera(open_round, story=f"  {'a' * MIN_STORY}  ")
    longest = nominate_vera(open_round, story="b" * MAX_STORY, nominee_name="Pavel Novák")
    assert shortest.stories.get().text == "a" * MIN_STORY
    assert len(longest.stories.get().text) == MAX_STORY
    assert refused(lambda: nominate_vera(open_round, story=f"  {'a' * (MIN_STORY - 1)}  "))[0] == "story_too_short"


def test_the_nominator_gives_a_phone_or_an_email(open_round):
    with pytest.raises(AwardError) as caught:
        nominate_vera(open_round, nominator_email="", nominator_phone="")
    assert (caught.value.code, caught.value.status, caught.value.message, caught.value.field) == (
        "missing_contact", 400, cs("Give your phone number or e-mail, so we can ask you about the nomination."),
        "nominator_phone")
    assert nominate_vera(open_round, nominator_email="", nominator_phone="777 123 456").stories.get(
    ).nominator_phone == "+420777123456"


# --- Reviewing and correcting --------------------------------------------------------------------


@pytest.fixture
def submitted(judging, nominate_directly):
    return nominate_directly(judging, "Věra Šimková", status=Nomination.Status.SUBMITTED,
                             nominee_organisation="Domov pro seniory Sedlec")


def test_an_anonymised_nomination_is_neither_reviewed_nor_corrected(submitted, staff):
    Nomination.objects.filter(pk=submitted.pk).update(anonymised_at=timezone.now())
    anonymised = ("anonymised", 409, cs("This nomination has been anonymised."))

    assert refused(lambda: reject_nomination(submitted, reason="Omyl.", by=staff)) == anonymised
    assert refused(lambda: edit_nomination(submitted, nominee_name="Věra Šimková")) == anonymised
    assert Nomination.objects.get().status == Nomination.Status.SUBMITTED


def test_a_merged_nomination_is_not_reviewed(submitted, staff, nominate_directly, judging):
    other = nominate_directly(judging, "Věra Šimková")
    Nomination.objects.filter(pk=submitted.pk).update(status=Nomination.Status.MERGED, merged_into=other)

    assert refused(lambda: reject_nomination(submitted, reason="Omyl.", by=staff)) == (
        "merged", 409, cs("This nomination was merged into another one."))


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.ANNOUNCED])
def test_once_judging_closed_the_category_stays_but_typos_are_still_corrected(submitted, judging, phase):
    AwardRound.objects.filter(pk=judging.pk).update(phase=phase)
    other_category = judging.categories.exclude(pk=submitted.category_id).first()
    closed = ("round_closed", 409, cs("Judging of this round is closed; its nominations cannot change."))

    assert refused(lambda: edit_nomination(submitted, nominee_name="Věra Šimkova",
                                           category_id=other_category.pk)) == closed
    assert Nomination.objects.get().nominee_name == "Věra Šimková"

    edit_nomination(submitted, nominee_name="Věra Šímková", nominee_organisation="Domov pro seniory Sedlec",
                    category_id=submitted.category_id)
    assert Nomination.objects.get().nominee_name == "Věra Šímková"


def test_the_category_changes_while_judging_is_open(submitted, judging):
    other_category = judging.categories.exclude(pk=submitted.category_id).first()

    edit_nomination(submitted, nominee_name="Věra Šimková", category_id=str(other_category.pk))

    assert Nomination.objects.get().category == other_category


def test_a_reason_is_kept_cut_to_its_longest(submitted, staff):
    from awards.services import MAX_REASON

    reject_nomination(submitted, reason="  Nejde   o " + "x" * MAX_REASON, by=staff)

    reason = Nomination.objects.get().rejection_reason
    assert reason.startswith("Nejde o x") and len(reason) == MAX_REASON


# --- Merging, the nominee's link, conflicts of interest ------------------------------------------


def test_a_nomination_is_not_merged_with_itself_another_round_s_or_a_scored_one(
    judging, vera, pavel, juror, staff, make_round, nominate_directly,
):
    from awards.services import merge_nominations, score

    elsewhere = nominate_directly(make_round(2025, phase=Phase.JUDGING), "Věra Šimková")
    assert refused(lambda: merge_nominations(vera, into=vera, by=staff)) == (
        "same_nomination", 400, cs("Choose another nomination to merge with."))
    assert refused(lambda: merge_nominations(vera, into=elsewhere, by=staff)) == (
        "other_round", 400, cs("Only nominations of the same round can be merged."))
    score(juror, pavel, {criteria_of(judging)[0]: 5})
    assert refused(lambda: merge_nominations(pavel, into=vera, by=staff)) == (
        "has_scores", 409, cs("Jurors have already scored this nomination; it cannot be merged."))
    assert set(Nomination.objects.values_list("status", flat=True)) == {Nomination.Status.ACCEPTED}


def test_a_merged_nomination_says_who_merged_it_and_when(judging, vera, nominate_directly, staff):
    from awards.services import merge_nominations

    twice = nominate_directly(judging, "Vera Simkova", status=Nomination.Status.SUBMITTED)
    moment = timezone.now() - timedelta(minutes=5)

    merge_nominations(twice, into=vera, by=staff, now=moment)

    twice.refresh_from_db()
    assert (twice.status, twice.merged_into, twice.reviewed_by, twice.reviewed_at) == (
        Nomination.Status.MERGED, vera, staff, moment)
    assert sorted(vera.stories.values_list("nomination_id", flat=True)) == [vera.pk, vera.pk]


def criteria_of(award_round):
    return list(award_round.criteria.values_list("pk", flat=True))


def test_no_link_is_renewed_for_an_anonymised_or_a_merged_nomination(judging, vera, pavel, staff):
    from awards.services import renew_nominee_link

    token = vera.nominee_token
    Nomination.objects.filter(pk=vera.pk).update(anonymised_at=timezone.now())
    Nomination.objects.filter(pk=pavel.pk).update(status=Nomination.Status.MERGED, merged_into=vera)

    assert refused(lambda: renew_nominee_link(vera, by=staff)) == (
        "anonymised", 409, cs("This nomination has been anonymised; there is no link to renew."))
    assert refused(lambda: renew_nominee_link(pavel, by=staff)) == (
        "merged", 409, cs("This nomination was merged into another one; renew the link there."))
    assert Nomination.objects.get(pk=vera.pk).nominee_token == token


def test_a_conflict_needs_a_reason_and_is_declared_once_per_juror(judging, vera, juror, juror_b):
    from awards.services import declare_conflict

    assert refused(lambda: declare_conflict(juror, vera, reason="  ")) == (
        "reason_required", 400, cs("Write the reason for the conflict of interest."))
    declare_conflict(juror, vera, reason="Je to moje teta.")
    assert refused(lambda: declare_conflict(juror, vera, reason="Znovu.")) == (
        "already_declared", 409, cs("You have already declared a conflict of interest here."))
    # Another juror's conflict with the same nomination is their own.
    declare_conflict(juror_b, vera, reason="Sousedka.")
    assert sorted(vera.conflicts.values_list("reason", flat=True)) == ["Je to moje teta.", "Sousedka."]


def test_scores_given_before_a_conflict_are_removed_and_the_log_says_by_whom_and_why(judging, vera, juror):
    from awards.models import Score, ScoreChange
    from awards.services import declare_conflict, score

    first, second, _third = criteria_of(judging)
    score(juror, vera, {first: 7, second: 4})
    moment = timezone.now()

    declare_conflict(juror, vera, reason="Je to moje teta.", now=moment)

    assert not Score.objects.filter(nomination=vera, juror=juror).exists()
    removed = ScoreChange.objects.filter(new_value=None).order_by("criterion_id")
    assert [(c.criterion_id, c.old_value, c.juror, c.changed_by, c.changed_at, c.note) for c in removed] == [
        (first, 7, juror, juror, moment, "conflict of interest"),
        (second, 4, juror, juror, moment, "conflict of interest"),
    ]


def test_accepting_records_who_and_when_and_clears_an_earlier_rejection(submitted, staff):
    from awards.services import accept_nomination

    reject_nomination(submitted, reason="Omyl.", by=staff)
    moment = timezone.now() - timedelta(minutes=3)

    accept_nomination(submitted, by=staff, now=moment)

    kept = Nomination.objects.get()
    assert (kept.status, kept.rejection_reason, kept.reviewed_by, kept.reviewed_at) == (
        Nomination.Status.ACCEPTED, "", staff, moment)


# --- The nominee's details, scoring, each juror's own state --------------------------------------


@pytest.mark.parametrize(("changes", "expected"), [
    ({"nominee_name": " \u200b "}, ("invalid_nominee", "Write the name of the person you nominate.", "nominee_name")),
    ({"nominee_email": "vera@"}, ("invalid_email",
                                  "The e-mail address is not valid. Check it, for example jana@seznam.cz.",
                                  "nominee_email")),
    ({"nominee_phone": "123"}, ("invalid_phone",
                                "The phone number is not valid. Write nine digits, for example 777 123 456.",
                                "nominee_phone")),
])
def test_a_wrong_detail_of_the_nominee_is_refused_beside_its_field(open_round, changes, expected):
    with pytest.raises(AwardError) as caught:
        nominate_vera(open_round, **changes)

    code, message, field = expected
    assert (caught.value.code, caught.value.status, caught.value.message, caught.value.field) == (
        code, 400, cs(message), field)
    assert not Nomination.objects.exists()


def test_a_nomination_keeps_every_detail_of_the_nominee_and_nothing_made_up(open_round):
    full = nominate_vera(open_round, nominee_organisation="Domov Sedlec", nominee_email="vera@seznam.cz",
                         nominee_phone="603 111 222")
    bare = nominate_vera(open_round, nominee_name="Pavel Novák")

    full.refresh_from_db()
    bare.refresh_from_db()
    assert (full.nominee_organisation, full.nominee_email, full.nominee_phone) == (
        "Domov Sedlec", "vera@seznam.cz", "+420603111222")
    assert (bare.nominee_organisation, bare.nominee_email, bare.nominee_phone) == ("", "", "")
    assert full.stories.get().text == STORY and full.category == open_round.categories.first()


def test_scoring_before_judging_or_a_nomination_not_accepted_is_refused(make_round, juror, nominate_directly):
    from awards.services import score

    open_for_nominations = make_round(2026, phase=Phase.NOMINATIONS, jurors=[juror])
    early = nominate_directly(open_for_nominations, "Věra Šimková")
    judging = make_round(2027, phase=Phase.JUDGING, jurors=[juror])
    submitted = nominate_directly(judging, "Pavel Novák", status=Nomination.Status.SUBMITTED)

    assert refused(lambda: score(juror, early, {criteria_of(open_for_nominations)[0]: 5})) == (
        "judging_not_open", 409, cs("Judging has not started yet."))
    assert refused(lambda: score(juror, submitted, {criteria_of(judging)[0]: 5})) == (
        "not_accepted", 409, cs("Only accepted nominations are scored."))


def test_each_juror_s_state_counts_only_their_own_scores_and_conflicts(judging, jury, vera, pavel, nominate_directly):
    from awards.services import declare_conflict, juror_states, score

    juror, juror_b, _juror_c = jury
    karel = nominate_directly(judging, "Karel Novák")
    first, second, _third = criteria_of(judging)
    score(juror_b, vera, all_criteria_values(judging, 5))
    declare_conflict(juror_b, pavel, reason="Soused.")
    score(juror, karel, {first: 4, second: 4})
    score(juror, vera, {first: 6})
    nominations = [vera, pavel, karel]

    assert juror_states(juror, nominations, {judging.pk: 3}) == {vera.pk: "started", pavel.pk: "todo",
                                                                 karel.pk: "started"}
    assert juror_states(juror_b, nominations, {judging.pk: 3}) == {vera.pk: "done", pavel.pk: "conflict",
                                                                   karel.pk: "todo"}
    # A round whose number of criteria is not known has nothing done.
    assert juror_states(juror_b, nominations, {})[vera.pk] == "started"


def all_criteria_values(award_round, value):
    return {criterion: value for criterion in criteria_of(award_round)}


def test_a_score_outside_the_round_is_refused_in_words_naming_the_criterion(judging, juror, vera):
    from awards.services import score

    first = judging.criteria.order_by("position").first()
    scale = {"criterion": first.name, "low": judging.scale_min, "high": judging.scale_max}

    assert refused(lambda: score(juror, vera, {first.pk: judging.scale_max + 1})) == (
        "out_of_scale", 400, cs("%(criterion)s: give a whole number from %(low)s to %(high)s.") % scale)
    assert refused(lambda: score(juror, vera, {"jedna": 5})) == (
        "unknown_criterion", 400, cs("This criterion does not belong to this round."))
    assert refused(lambda: score(juror, vera, {})) == ("no_scores", 400, cs("Give at least one score."))


def test_another_juror_s_conflict_does_not_stop_this_juror_scoring(judging, juror, juror_b, vera):
    from awards.services import declare_conflict, score

    declare_conflict(juror_b, vera, reason="Sousedka.")

    assert score(juror, vera, {criteria_of(judging)[0]: 7}) == {criteria_of(judging)[0]: 7}


def test_a_score_sent_again_unchanged_does_not_stop_the_next_one_being_saved(judging, juror, vera):
    from awards.services import score

    first, second, _third = criteria_of(judging)
    score(juror, vera, {first: 5, second: 5})

    assert score(juror, vera, {first: 5, second: 8}) == {first: 5, second: 8}


def test_only_closing_judging_records_the_moment_it_closed(make_round, staff, juror):
    award_round = make_round(phase=Phase.PREPARED, jurors=[juror])
    moment = timezone.now() - timedelta(hours=1)

    for phase in (Phase.NOMINATIONS, Phase.JUDGING):
        move_phase(award_round, phase, by=staff, now=moment)
        award_round.refresh_from_db()
        assert award_round.closed_at is None, phase
    move_phase(award_round, Phase.CLOSED, by=staff, now=moment)
    award_round.refresh_from_db()
    assert award_round.closed_at == moment


def test_the_announcement_waits_for_a_tie_among_the_winners(judging, tie_in_judging, staff):
    move_phase(judging, Phase.CLOSED, by=staff)

    assert refused(lambda: move_phase(judging, Phase.ANNOUNCED, by=staff)) == (
        "undecided_tie", 409,
        cs("Some winners are tied and the coordinator has not decided yet; decide the ties first."))


def test_merging_fills_only_what_the_kept_nomination_lacks(judging, vera, nominate_directly, staff, juror, juror_b):
    from awards.services import declare_conflict, merge_nominations

    twice = nominate_directly(judging, "Věra Šimková", status=Nomination.Status.SUBMITTED,
                              nominee_organisation="Jiný domov", nominee_email="jina@seznam.cz",
                              nominee_phone="+420603999888")
    Nomination.objects.filter(pk=vera.pk).update(nominee_email="")
    vera.refresh_from_db()
    declare_conflict(juror, vera, reason="Teta.")
    declare_conflict(juror, twice, reason="Teta.")
    declare_conflict(juror_b, twice, reason="Sousedka.")

    merge_nominations(twice, into=vera, by=staff)

    vera.refresh_from_db()
    assert (vera.nominee_organisation, vera.nominee_email, vera.nominee_phone) == (
        "Domov pro seniory Sedlec", "jina@seznam.cz", "+420603999888")
    # Each juror steps aside from the merged nomination once.
    assert sorted(vera.conflicts.values_list("juror__username", flat=True)) == sorted(
        [juror.username, juror_b.username])


@pytest.mark.parametrize(("changes", "expected"), [
    ({"nominator_name": "\u200b"}, ("invalid_name", "Write your name, please.", "nominator_name")),
    ({"nominator_email": "jana@"}, ("invalid_email",
                                    "The e-mail address is not valid. Check it, for example jana@seznam.cz.",
                                    "nominator_email")),
    ({"nominator_phone": "123"}, ("invalid_phone",
                                  "The phone number is not valid. Write nine digits, for example 777 123 456.",
                                  "nominator_phone")),
])
def test_a_wrong_detail_of_the_one_who_nominates_is_refused_beside_its_field(open_round, changes, expected):
    with pytest.raises(AwardError) as caught:
        nominate_vera(open_round, **changes)

    code, message, field = expected
    assert (caught.value.code, caught.value.message, caught.value.field) == (code, cs(message), field)
    assert not Nomination.objects.exists()


def test_a_nomination_by_phone_keeps_no_email_and_where_it_came_from(open_round):
    details = {"category_id": open_round.categories.first().pk, "nominee_name": "Věra Šimková", "story": STORY,
               "nominator_name": "Jana Dvořáková", "nominator_phone": "603 111 222", "consent": True}

    story = nominate(open_round, source=Story.Source.STAFF, **details).stories.get()

    assert (story.nominator_email, story.nominator_phone, story.source) == ("", "+420603111222", Story.Source.STAFF)


def test_rejecting_records_who_and_when_and_a_closed_round_refuses_it(submitted, staff, judging):
    moment = timezone.now() - timedelta(minutes=3)
    reject_nomination(submitted, reason="Omyl.", by=staff, now=moment)
    kept = Nomination.objects.get()
    assert (kept.reviewed_by, kept.reviewed_at) == (staff, moment)

    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.CLOSED)
    assert refused(lambda: reject_nomination(submitted, reason="Znovu.", by=staff)) == (
        "round_closed", 409, cs("Judging of this round is closed; its nominations cannot change."))


def test_the_results_show_each_juror_s_score_a_conflict_or_nothing(judging, jury, vera, staff):
    from decimal import Decimal

    from awards.services import declare_conflict, score, tally

    juror, juror_b, juror_c = jury
    first, second, third = criteria_of(judging)
    score(juror, vera, {first: 8, second: 6, third: 4})  # weighted (3·8 + 2·6 + 1·4) / 6
    declare_conflict(juror_b, vera, reason="Sousedka.")
    move_phase(judging, Phase.CLOSED, by=staff)

    results = tally(judging)
    row = next(row for category in results.categories for row in category.rows if row.nomination == vera)
    by_juror = dict(zip([seat.user for seat in results.jurors], row.cells(results.jurors), strict=True))
    assert by_juror == {juror: Decimal("6.67"), juror_b: "conflict", juror_c: None}
