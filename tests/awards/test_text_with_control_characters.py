"""A story, an organisation or a reason with a character no text can hold is refused, not quietly
changed: NUL and the other control characters (PostgreSQL refuses NUL) and lone surrogates. Line
breaks and tabs are text; a story keeps its paragraphs."""

import pytest

from awards.models import Nomination, Phase, Story
from awards.services import AwardError, decide_tie, declare_conflict, edit_nomination, nominate, reject_nomination

from .conftest import cs

BROKEN = {"NUL": "\x00", "escape": "\x1b", "a lone surrogate": "\ud800", "DEL": "\x7f"}
STORY = "Paní Šimková už osm let každé úterý předčítá klientům domova a chodí s nimi ven."
MESSAGE = "The text contains a character that cannot be written in it (a control character). Delete it, please."


@pytest.fixture
def open_round(make_round):
    return make_round(2026, phase=Phase.NOMINATIONS)


def nominate_vera(award_round, **changes):
    details = {
        "category_id": award_round.categories.first().pk, "nominee_name": "Věra Šimková", "story": STORY,
        "nominee_organisation": "Domov pro seniory Sedlec", "nominator_name": "Jana Dvořáková",
        "nominator_email": "jana@seznam.cz", "consent": True, **changes,
    }
    return nominate(award_round, **details)


def assert_refused_beside(refused, field):
    assert (refused.value.code, refused.value.field) == ("invalid_text", field)
    assert refused.value.message == cs(MESSAGE)


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
@pytest.mark.parametrize("field", ["story", "nominee_organisation"])
def test_a_nomination_with_a_broken_character_is_refused_and_nothing_is_kept(open_round, field, broken):
    typed = STORY if field == "story" else "Domov pro seniory Sedlec"
    with pytest.raises(AwardError) as refused:
        nominate_vera(open_round, **{field: typed[:20] + broken + typed[20:]})

    assert_refused_beside(refused, field)
    assert not Nomination.objects.exists() and not Story.objects.exists()


def test_line_breaks_and_tabs_are_text_and_the_story_keeps_them(open_round):
    story = "Paní Šimková každé úterý předčítá klientům domova.\r\n\r\nA chodí s nimi ven,\tkdyž je hezky."

    nomination = nominate_vera(open_round, story=story)

    assert nomination.stories.get().text == story


def test_staff_correcting_a_nominee_cannot_store_a_broken_organisation(judging, vera):
    with pytest.raises(AwardError) as refused:
        edit_nomination(vera, nominee_name="Věra Šimková", nominee_organisation="Domov\x00 Sedlec")

    assert_refused_beside(refused, "nominee_organisation")
    vera.refresh_from_db()
    assert vera.nominee_organisation == "Domov pro seniory Sedlec"


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_a_reason_with_a_broken_character_is_refused_whoever_writes_it(
    judging, vera, pavel, juror, staff, nominate_directly, broken,
):
    submitted = nominate_directly(judging, "Karel Novák", status=Nomination.Status.SUBMITTED)
    for write_reason in (
        lambda: reject_nomination(submitted, reason=f"Omyl{broken}.", by=staff),
        lambda: declare_conflict(juror, vera, reason=f"Je to moje teta{broken}."),
    ):
        with pytest.raises(AwardError) as refused:
            write_reason()
        assert_refused_beside(refused, "reason")

    submitted.refresh_from_db()
    assert (submitted.status, submitted.rejection_reason) == (Nomination.Status.SUBMITTED, "")
    assert not vera.conflicts.exists()


def test_a_tie_note_with_a_broken_character_is_refused_before_anything_is_decided(judging, vera, pavel, staff):
    with pytest.raises(AwardError) as refused:
        decide_tie(judging, chosen=vera, over=[pavel], note="Los\x00.", by=staff)

    assert_refused_beside(refused, "reason")
