"""The Anděl's tally and jury rules at their edges: a conflict that came with a merge, the last day of
judging at midnight, the ends of the scale, the disagreement flag at its exact value, ties at the
winners' line.

Written from the mutants that survived `make mutants APP=awards` (issue 15, item 5).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Conflict, Nomination, Phase, Score
from awards.services import AwardError, declare_conflict, juror_states, merge_nominations, move_phase, score, tally

from .conftest import all_criteria, results_of, score_all

pytestmark = pytest.mark.django_db


def refusal(call):
    with pytest.raises(AwardError) as caught:
        call()
    return caught.value.code


def local(day, at):
    return timezone.make_aware(datetime.combine(day, at))


@pytest.fixture
def vera_again(judging, nominate_directly):
    """Věra nominated a second time, by someone else: a duplicate to merge."""
    return nominate_directly(judging, "Věra Šimková", nominee_phone="+420777111222",
                             story="Věra vozí sousedům nákupy.")


# --- A conflict that came with a merge ------------------------------------------------------------

def test_a_conflict_declared_on_the_duplicate_leaves_the_juror_out_of_the_merged_tally(
        judging, jury, vera, vera_again, staff):
    juror, juror_b, _ = jury
    score(juror, vera, all_criteria(judging, 10, 10, 10))
    score(juror_b, vera, all_criteria(judging, 4, 4, 4))
    declare_conflict(juror, vera_again, reason="Je to moje sousedka.")

    merge_nominations(vera_again, into=vera, by=staff)

    assert Conflict.objects.filter(nomination=vera, juror=juror).exists()
    assert juror_states(juror, [vera], {judging.pk: 3}) == {vera.pk: "conflict"}
    assert refusal(lambda: score(juror, vera, all_criteria(judging, 9, 9, 9))) == "conflict"
    assert set(Score.objects.filter(nomination=vera, juror=juror).values_list("value", flat=True)) == {10}
    move_phase(judging, Phase.CLOSED, by=staff)
    row = results_of(judging)["Věra Šimková"]
    assert (row.count, row.conflicts, row.mean_display) == (1, 1, Decimal("4.00"))
    assert juror.pk in row.conflict_ids and juror.pk not in row.by_juror


def test_a_juror_with_a_conflict_on_both_keeps_one_and_the_duplicate_keeps_its_own(
        judging, jury, vera, vera_again, staff):
    juror = jury[0]
    declare_conflict(juror, vera, reason="Je to moje teta.")
    declare_conflict(juror, vera_again, reason="Je to moje teta, podruhé.")
    merge_nominations(vera_again, into=vera, by=staff)
    assert Conflict.objects.get(nomination=vera, juror=juror).reason == "Je to moje teta."
    assert Conflict.objects.filter(nomination=vera_again, juror=juror).count() == 1


def test_the_nomination_page_offers_no_score_form_to_a_juror_whose_conflict_came_with_a_merge(
        client, judging, jury, vera, vera_again, staff):
    juror, juror_b, _ = jury
    declare_conflict(juror, vera_again, reason="Je to moje sousedka.")
    merge_nominations(vera_again, into=vera, by=staff)
    address = reverse("awards:jury_nomination", args=[vera.pk])

    client.force_login(juror)
    page = client.get(address).content.decode()
    assert "score-form" not in page
    assert reverse("awards:jury_conflict", args=[vera.pk]) not in page
    assert "Je to moje sousedka." in page
    refused = client.post(address, {f"criterion_{pk}": "9" for pk in all_criteria(judging, 0, 0, 0)})
    assert refused.status_code in (400, 409)
    assert not Score.objects.filter(nomination=vera, juror=juror).exists()

    client.force_login(juror_b)
    page = client.get(address).content.decode()
    assert "score-form" in page and reverse("awards:jury_conflict", args=[vera.pk]) in page


def test_merging_moves_stories_fills_missing_contacts_and_overwrites_none(judging, vera, vera_again, staff):
    merged = merge_nominations(vera_again, into=vera, by=staff)
    vera_again.refresh_from_db()
    assert (vera_again.status, vera_again.merged_into_id, vera_again.reviewed_by) == (
        Nomination.Status.MERGED, vera.pk, staff)
    assert merged.nominee_phone == "+420777111222"  # Věra had none
    assert merged.nominee_email == "vera.simkova@example.org"
    assert merged.nominee_organisation == "Domov pro seniory Sedlec"
    assert sorted(vera.stories.values_list("text", flat=True))[0] == "Věra vozí sousedům nákupy."
    assert vera.stories.count() == 2


def test_merging_is_refused_for_itself_twice_across_rounds_and_after_scores(
        judging, jury, vera, vera_again, pavel, make_round, nominate_directly, staff):
    assert refusal(lambda: merge_nominations(vera, into=vera, by=staff)) == "same_nomination"
    other_round = make_round(2027, phase=Phase.NOMINATIONS)
    elsewhere = nominate_directly(other_round, "Věra Šimková")
    assert refusal(lambda: merge_nominations(elsewhere, into=vera, by=staff)) == "other_round"
    score(jury[0], pavel, all_criteria(judging, 5, 5, 5))
    assert refusal(lambda: merge_nominations(pavel, into=vera, by=staff)) == "has_scores"
    merge_nominations(vera_again, into=vera, by=staff)
    assert refusal(lambda: merge_nominations(vera_again, into=vera, by=staff)) == "merged"
    assert refusal(lambda: merge_nominations(pavel, into=vera_again, by=staff)) == "merged"


# --- Judging ends with its last day, at midnight in Prague ------------------------------------------

def test_scores_are_taken_until_the_last_minute_of_the_last_day_of_judging(judging, jury, vera):
    last_day = judging.judging_closes_on
    values = all_criteria(judging, 7, 7, 7)
    assert score(jury[0], vera, values, now=local(last_day, time(23, 59, 59, 999999)))
    midnight = local(last_day + timedelta(days=1), time(0, 0))
    assert refusal(lambda: score(jury[1], vera, values, now=midnight)) == "judging_closed"
    assert refusal(lambda: declare_conflict(jury[1], vera, reason="Teta.", now=midnight)) == "judging_closed"
    assert not Score.objects.filter(juror=jury[1]).exists()


def test_scoring_before_judging_opens_and_by_someone_outside_the_jury_is_refused(
        make_round, nominate_directly, jury, judging, vera, stranger):
    prepared = make_round(2027, phase=Phase.NOMINATIONS, jurors=jury)
    early = nominate_directly(prepared, "Pavel Novotný")
    assert refusal(lambda: score(jury[0], early, all_criteria(prepared, 5, 5, 5))) == "judging_not_open"
    assert refusal(lambda: score(stranger, vera, all_criteria(judging, 5, 5, 5))) == "not_juror"


def test_only_an_accepted_nomination_is_scored(judging, jury, nominate_directly):
    waiting = nominate_directly(judging, "Pavel Novotný", status=Nomination.Status.SUBMITTED)
    assert refusal(lambda: score(jury[0], waiting, all_criteria(judging, 5, 5, 5))) == "not_accepted"


# --- The scale: both ends in, one past either out -------------------------------------------------

def test_both_ends_of_the_scale_are_scores_and_one_past_either_is_refused(judging, jury, vera):
    first, second, third = all_criteria(judging, 0, 0, 0)
    juror = jury[0]
    assert score(juror, vera, {first: 0, second: 10}) == {first: 0, second: 10}
    assert refusal(lambda: score(juror, vera, {third: 11})) == "out_of_scale"
    assert refusal(lambda: score(juror, vera, {third: -1})) == "out_of_scale"
    assert refusal(lambda: score(juror, vera, {third: True})) == "out_of_scale"
    assert refusal(lambda: score(juror, vera, {third: "5"})) == "out_of_scale"
    assert refusal(lambda: score(juror, vera, {str(third): 5, "nonsense": 5})) == "unknown_criterion"
    assert refusal(lambda: score(juror, vera, {})) == "no_scores"
    assert score(juror, vera, {str(third): 5}) == {first: 0, second: 10, third: 5}


# --- The tally's flags at their exact value --------------------------------------------------------

def test_a_spread_of_exactly_the_alert_is_flagged_and_one_less_is_not(judging, jury, vera, pavel, staff):
    score_all(judging, vera, jury, [2, 6, 6])  # spread 4 = 40 % of 0–10
    score_all(judging, pavel, jury, [3, 6, 6])  # spread 3
    move_phase(judging, Phase.CLOSED, by=staff)
    rows = results_of(judging)
    assert rows["Věra Šimková"].wide_spread and not rows["Pavel Novotný"].wide_spread
    assert not rows["Věra Šimková"].too_few  # three jurors is min_scores exactly


def test_two_jurors_far_apart_are_a_disagreement(judging, juror, juror_b, vera, staff):
    score_all(judging, vera, [juror, juror_b], [2, 6])

    move_phase(judging, Phase.CLOSED, by=staff)

    assert results_of(judging)["Věra Šimková"].wide_spread


def test_the_median_of_an_even_number_of_jurors_is_the_mean_of_the_two_in_the_middle(
    judging, jury, vera, staff,
):
    from awards.models import Juror
    from tests.conftest import make_user

    fourth = make_user("porotce_d", first_name="Dana", last_name="Novotná")
    Juror.objects.create(round=judging, user=fourth)
    score_all(judging, vera, [*jury, fourth], [2, 4, 6, 10])

    move_phase(judging, Phase.CLOSED, by=staff)

    row = results_of(judging)["Věra Šimková"]
    assert (row.median, row.mean) == (5, Decimal("5.5"))


def test_a_single_score_is_never_a_disagreement_but_is_too_few(judging, jury, vera, staff):
    score(jury[0], vera, all_criteria(judging, 0, 0, 0))
    move_phase(judging, Phase.CLOSED, by=staff)
    row = results_of(judging)["Věra Šimková"]
    assert (row.count, row.wide_spread, row.too_few, row.mean_display) == (1, False, True, Decimal("0.00"))


def test_a_tie_for_the_last_winning_place_blocks_and_a_tie_all_of_whose_rows_win_does_not(
        make_round, jury, nominate_directly, staff):
    two_winners = make_round(2026, phase=Phase.JUDGING, jurors=jury, winners_per_category=2)
    first = nominate_directly(two_winners, "Anna Králová")
    second = nominate_directly(two_winners, "Bohumila Malá")
    score_all(two_winners, first, jury, [6, 6, 6])
    score_all(two_winners, second, jury, [6, 6, 6])
    move_phase(two_winners, Phase.CLOSED, by=staff)
    results = tally(two_winners)
    assert results.blocking_ties == []
    assert [(row.rank, row.winner) for row in results.categories[0].rows] == [(1, True), (1, True)]


def test_a_tie_for_second_place_blocks_when_two_win(make_round, jury, nominate_directly, staff):
    two_winners = make_round(2026, phase=Phase.JUDGING, jurors=jury, winners_per_category=2)
    leader = nominate_directly(two_winners, "Anna Králová")
    tied = [nominate_directly(two_winners, name) for name in ("Bohumila Malá", "Cyril Novák")]
    score_all(two_winners, leader, jury, [8, 8, 8])
    for nomination in tied:
        score_all(two_winners, nomination, jury, [6, 6, 6])
    move_phase(two_winners, Phase.CLOSED, by=staff)
    results = tally(two_winners)
    assert [[row.nomination for row in group] for group in results.blocking_ties] == [tied]
    assert [(row.rank, row.winner) for row in results.categories[0].rows] == [(1, True), (2, True), (2, True)]


# --- Deciding a tie, and the nominee's answer: each refusal with its code, status and Czech words ---

def refused_with(call):
    with pytest.raises(AwardError) as caught:
        call()
    return caught.value.code, caught.value.status, caught.value.message


def in_czech(message):
    from django.utils.translation import gettext, override

    with override("cs"):
        text = gettext(message)
    assert text != message, "the message has a Czech translation"
    return text


def test_a_tie_is_decided_only_once_judging_closed_with_a_note_and_only_for_the_tie(judging, tie_in_judging, staff):
    from awards.services import decide_tie

    first, second, third = tie_in_judging
    assert refused_with(lambda: decide_tie(judging, chosen=first, over=[second], note="Los.", by=staff)) == (
        "not_closed", 409,
        in_czech("Ties are decided after judging closes and before the results are announced."))
    move_phase(judging, Phase.CLOSED, by=staff)
    assert refused_with(lambda: decide_tie(judging, chosen=first, over=[second], note="  ", by=staff)) == (
        "reason_required", 400, in_czech("Write how the tie was decided."))
    not_a_tie = ("not_a_tie", 409, in_czech("These nominations are not an undecided tie."))
    assert refused_with(lambda: decide_tie(judging, chosen=third, over=[second], note="Los.", by=staff)) == not_a_tie
    assert refused_with(lambda: decide_tie(judging, chosen=first, over=[third], note="Los.", by=staff)) == not_a_tie
    assert refused_with(lambda: decide_tie(judging, chosen=first, over=[second, third], note="Los.",
                                           by=staff)) == not_a_tie
    decision = decide_tie(judging, chosen=first, over=[second], note="Los.", by=staff)
    assert (decision.chosen, list(decision.over.all()), decision.note) == (first, [second], "Los.")


def test_an_anonymised_nominee_gives_no_answer(judging, vera):
    from awards.services import record_nominee_consent

    Nomination.objects.filter(pk=vera.pk).update(anonymised_at=timezone.now())
    assert refused_with(lambda: record_nominee_consent(vera, agrees=True)) == (
        "anonymised", 409, in_czech("This nomination has been anonymised."))
    vera.refresh_from_db()
    assert vera.consent_answered_at is None
