"""What the coordinator sees while judging runs: per juror, how many nominations are scored in full,
begun, stepped aside from and still to do — counted over this round's accepted nominations only."""

from awards.models import Juror, Nomination, Phase
from awards.services import declare_conflict, progress, score

from .conftest import all_criteria, criteria_ids


def counts(award_round):
    return {row.juror.user: (row.done, row.started, row.conflicts, row.remaining) for row in progress(award_round)}


def test_each_juror_s_progress_counts_full_scores_begun_ones_conflicts_and_what_is_left(
    judging, jury, vera, pavel, nominate_directly, make_round,
):
    juror, juror_b, juror_c = jury
    karel = nominate_directly(judging, "Karel Novák")
    nominate_directly(judging, "Eva Malá", status=Nomination.Status.SUBMITTED)  # not to be judged yet
    first, second, _third = criteria_ids(judging)

    score(juror, vera, all_criteria(judging, 8, 7, 6))  # in full
    score(juror, pavel, {first: 5, second: 5})  # two of three criteria: begun
    score(juror_b, vera, all_criteria(judging, 9, 9, 9))
    declare_conflict(juror_b, pavel, reason="Je to můj soused.")
    declare_conflict(juror_b, karel, reason="Pracujeme spolu.")
    # The same juror in another round: what they score there does not count here.
    other_round = make_round(2025, phase=Phase.JUDGING, jurors=[juror])
    score(juror, nominate_directly(other_round, "Jiří Starý"), all_criteria(other_round, 5, 5, 5))

    assert counts(judging) == {
        juror: (1, 1, 0, 2),
        juror_b: (1, 0, 2, 0),
        juror_c: (0, 0, 0, 3),
    }
    assert counts(other_round) == {juror: (1, 0, 0, 0)}


def test_a_round_without_criteria_has_nothing_done(judging, jury, vera):
    judging.criteria.all().delete()

    assert set(counts(judging).values()) == {(0, 0, 0, 1)}


def test_a_juror_without_a_seat_is_not_listed(judging, jury, vera):
    Juror.objects.filter(round=judging, user=jury[2]).delete()

    assert set(counts(judging)) == {jury[0], jury[1]}
