"""The results when judging closes: weighted means, a ranking per category, ties, and what to discuss."""

import csv
import io
from decimal import Decimal

import pytest

from awards.models import Nomination, Phase, TieDecision
from awards.services import AwardError, decide_tie, declare_conflict, move_phase, score, tally

from .conftest import all_criteria, criteria_ids, cs, results_of, score_all


def close(award_round, staff):
    return move_phase(award_round, Phase.CLOSED, by=staff)


def test_a_nominations_score_is_the_weighted_mean_over_the_jurors_who_scored_it(judging, jury, vera, staff):
    juror, juror_b, juror_c = jury
    score(juror, vera, all_criteria(judging, 8, 6, 4))  # (3·8 + 2·6 + 1·4) / 6 = 6.67
    score(juror_b, vera, all_criteria(judging, 10, 10, 10))
    declare_conflict(juror_c, vera, reason="Je to moje teta.")
    close(judging, staff)

    row = results_of(judging)["Věra Šimková"]

    assert row.count == 2 and row.conflicts == 1
    assert row.mean_display == Decimal("8.33")  # (6.67 + 10) / 2, the recused juror left out
    assert row.median_display == Decimal("8.33")
    assert row.spread_display == Decimal("3.33")
    assert row.too_few  # fewer than 3 jurors' scores
    assert not row.wide_spread  # 3.33 is less than 40 % of the scale (4)


def test_a_juror_who_scored_only_some_criteria_does_not_count_yet(judging, jury, vera, staff):
    juror, juror_b, _ = jury
    first, second, _third = criteria_ids(judging)
    score(juror, vera, {first: 10, second: 10})
    score(juror_b, vera, all_criteria(judging, 4, 4, 4))
    close(judging, staff)
    row = results_of(judging)["Věra Šimková"]
    assert (row.count, row.mean_display) == (1, Decimal("4.00"))


def test_wide_disagreement_is_flagged_for_discussion(judging, jury, vera, pavel, staff):
    score_all(judging, vera, jury, [2, 9, 9])  # spread 7, at least 40 % of the 0–10 scale
    score_all(judging, pavel, jury, [6, 9, 9])  # spread 3
    close(judging, staff)
    rows = results_of(judging)
    assert rows["Věra Šimková"].wide_spread and not rows["Věra Šimková"].too_few
    assert not rows["Pavel Novotný"].wide_spread


def test_the_ranking_is_per_category_and_equal_means_go_by_the_higher_median(judging, jury, nominate_directly,
                                                                             staff):
    steady = nominate_directly(judging, "Stálá Pomocnice")
    mixed = nominate_directly(judging, "Různě Hodnocený")
    young = nominate_directly(judging, "Mladý Dobrovolník", category=1)
    score_all(judging, steady, jury, [4, 7, 7])  # mean 6, median 7
    score_all(judging, mixed, jury, [5, 5, 8])  # mean 6, median 5
    score_all(judging, young, jury, [3, 3, 3])
    close(judging, staff)

    first, second, third = tally(judging).categories
    assert [(row.nomination.nominee_name, row.rank, row.winner) for row in first.rows] == [
        ("Stálá Pomocnice", 1, True), ("Různě Hodnocený", 2, False),
    ]
    assert first.undecided_ties == []
    assert [(row.nomination.nominee_name, row.rank) for row in second.rows] == [("Mladý Dobrovolník", 1)]
    assert third.rows == []


@pytest.fixture
def tied(judging, tie_in_judging, staff):
    """The tie of `tie_in_judging`, judging closed."""
    close(judging, staff)
    return tie_in_judging


def test_a_tie_neither_mean_nor_median_breaks_is_recorded_and_blocks_the_announcement(judging, tied, staff):
    first, second, third = tied
    category = tally(judging).categories[0]

    assert [(row.nomination.nominee_name, row.rank, row.tied) for row in category.rows] == [
        ("Anna Králová", 1, True), ("Bohumila Malá", 1, True), ("Cyril Novák", 3, False),
    ]
    assert [[row.nomination for row in group] for group in category.undecided_ties] == [[first, second]]
    with pytest.raises(AwardError) as refused:
        move_phase(judging, Phase.ANNOUNCED, by=staff)
    assert refused.value.code == "undecided_tie" and refused.value.status == 409
    assert not Nomination.objects.filter(won=True).exists()


def test_the_coordinator_decides_the_tie_and_the_decision_is_recorded(client, judging, tied, staff):
    first, second, third = tied
    client.force_login(staff)
    page = client.get(f"/sprava/andel/rocnik/{judging.pk}/vysledky/").content.decode()
    assert cs("How was the tie decided?") in page

    without_note = client.post(f"/sprava/andel/rocnik/{judging.pk}/remiza/",
                               {"chosen": second.pk, "group": f"{first.pk},{second.pk}", "note": ""})
    assert without_note.status_code == 400 and not TieDecision.objects.exists()
    not_a_tie = client.post(f"/sprava/andel/rocnik/{judging.pk}/remiza/",
                            {"chosen": third.pk, "group": f"{first.pk},{third.pk}", "note": "Los."})
    assert not_a_tie.status_code == 409 and not TieDecision.objects.exists()

    response = client.post(f"/sprava/andel/rocnik/{judging.pk}/remiza/", {
        "chosen": second.pk, "group": f"{first.pk},{second.pk}", "note": "Porota hlasovala 2:1 na schůzce.",
    })

    assert response.status_code == 302
    decision = TieDecision.objects.get()
    assert (decision.chosen, set(decision.over.all()), decision.decided_by) == (second, {first}, staff)
    assert decision.note == "Porota hlasovala 2:1 na schůzce."
    category = tally(judging).categories[0]
    assert [(row.nomination.nominee_name, row.rank, row.tied) for row in category.rows] == [
        ("Bohumila Malá", 1, False), ("Anna Králová", 2, False), ("Cyril Novák", 3, False),
    ]
    assert category.rows[0].decision == decision

    move_phase(judging, Phase.ANNOUNCED, by=staff)
    assert list(Nomination.objects.filter(won=True)) == [second]
    assert Nomination.objects.get(pk=first.pk).final_rank == 2


def test_a_tie_below_the_winners_is_shown_but_does_not_block(judging, jury, nominate_directly, staff):
    winner = nominate_directly(judging, "Jasná Vítězka")
    others = [nominate_directly(judging, name) for name in ("Druhý Stejný", "Třetí Stejný")]
    score_all(judging, winner, jury, [9, 9, 9])
    for nomination in others:
        score_all(judging, nomination, jury, [5, 5, 5])
    close(judging, staff)

    results = tally(judging)
    assert results.blocking_ties == [] and len(results.categories[0].undecided_ties) == 1
    move_phase(judging, Phase.ANNOUNCED, by=staff)
    assert list(Nomination.objects.filter(won=True)) == [winner]


def test_a_tie_is_decided_only_after_judging_closes(judging, jury, nominate_directly, staff):
    first = nominate_directly(judging, "Anna Králová")
    second = nominate_directly(judging, "Bohumila Malá")
    with pytest.raises(AwardError) as refused:
        decide_tie(judging, chosen=first, over=[second], note="Los.", by=staff)
    assert refused.value.code == "not_closed"


def test_the_results_for_the_ceremony_download_for_excel(client, judging, jury, nominate_directly, staff):
    sneaky = nominate_directly(judging, "=HYPERLINK(\"http://x\")", publication_consent=True)
    score_all(judging, sneaky, jury, [7, 8, 9])
    close(judging, staff)
    client.force_login(staff)

    response = client.get(f"/sprava/andel/rocnik/{judging.pk}/vysledky.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "Dobrovolník v sociálních službách" and rows[1][1] == "1"
    assert rows[1][3].startswith("'=")  # Excel does not run it as a formula
    assert rows[1][6] == "8,00" and rows[1][8] == "3"  # a decimal comma for Czech Excel
    assert "pomáhá seniorům" in rows[1][11]
