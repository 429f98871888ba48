"""A nomination's personal data is kept only as long as it is needed; the numbers for the statistics stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards import tasks
from awards.models import AwardRound, Conflict, Nomination, Phase, Score, Story
from awards.services import nominations_kept_days


@pytest.fixture
def announced_long_ago(make_round, nominate_directly, juror):
    """Anděl 2025, judging closed 200 days ago: one winner, one that did not win, one rejected."""
    award_round = make_round(2025, phase=Phase.ANNOUNCED, jurors=[juror])
    AwardRound.objects.filter(pk=award_round.pk).update(closed_at=timezone.now() - timedelta(days=200))
    winner = nominate_directly(award_round, "Hana Marešová", won=True, final_rank=1, publication_consent=True,
                               nominee_email="hana@example.org")
    other = nominate_directly(award_round, "Karel Malý", final_rank=2, nominee_email="karel@example.org",
                              nominee_phone="+420777123456", nominee_organisation="Klub seniorů")
    rejected = nominate_directly(award_round, "Test Testovací", status=Nomination.Status.REJECTED,
                                 rejection_reason="Zkušební záznam.")
    Score.objects.create(nomination=other, juror=juror, criterion=award_round.criteria.first(), value=6)
    Conflict.objects.create(nomination=other, juror=juror, reason="Karel je můj soused.", declared_at=timezone.now())
    return winner, other, rejected


def test_nominations_that_did_not_win_are_anonymised_after_six_months(client, announced_long_ago):
    winner, other, rejected = announced_long_ago
    old_link, old_token = other.get_nominee_url(), other.nominee_token
    # Every field that can hold something personal holds something, so each erasure is seen.
    Story.objects.filter(nomination__in=[other, rejected]).update(nominator_phone="+420603111222")

    assert tasks.anonymise_old_nominations() == 2
    assert tasks.anonymise_old_nominations() == 0  # the daily job can run twice

    other.refresh_from_db()
    rejected.refresh_from_db()
    winner.refresh_from_db()
    assert (other.nominee_name, other.name_key, other.nominee_email, other.nominee_phone,
            other.nominee_organisation) == ("—", "", "", "", "")
    assert other.nominee_token != old_token  # a copy of the old link that escaped opens nothing, ever
    assert other.anonymised_at is not None and rejected.anonymised_at is not None
    assert rejected.rejection_reason == ""
    assert set(Story.objects.filter(nomination__in=[other, rejected]).values_list(
        "text", "nominator_name", "nominator_email", "nominator_phone")) == {("", "—", "", "")}
    assert winner.nominee_name == "Hana Marešová" and winner.anonymised_at is None
    assert winner.stories.get().nominator_name == "Jana Dvořáková"
    assert winner.name_key == "hana maresova"
    assert Score.objects.filter(nomination=other).count() == 1  # the numbers stay
    assert Conflict.objects.get().reason == "—"
    assert client.get(old_link).status_code == 404


def test_the_time_kept_comes_from_the_settings(announced_long_ago, settings):
    assert nominations_kept_days() == 183
    settings.SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS = 365
    assert nominations_kept_days() == 365
    assert tasks.anonymise_old_nominations() == 0  # closed 200 days ago: kept another 165
    settings.SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS = 100
    assert tasks.anonymise_old_nominations() == 2


def test_a_round_still_judging_keeps_everything(judging, vera, juror):
    AwardRound.objects.filter(pk=judging.pk).update(closed_at=None)
    assert tasks.anonymise_old_nominations(now=timezone.now() + timedelta(days=1000)) == 0
    vera.refresh_from_db()
    assert vera.nominee_name == "Věra Šimková"


def test_private_addresses_are_unguessable(vera, pavel):
    assert len(vera.nominee_token) >= 32 and vera.nominee_token != pavel.nominee_token


def test_a_private_link_with_strange_characters_is_just_not_found(client):
    for url in ("/andel/nominace/%00/", "/andel/nominace/a%20b/"):
        assert client.get(url).status_code == 404


def test_the_nominee_gets_a_czech_message_for_an_unclear_answer(client, judging, vera):
    response = client.post(f"/andel/nominace/{vera.nominee_token}/", {"agrees": "možná"})
    assert response.status_code == 400
    assert "Vyberte jednu ze dvou odpovědí." in response.content.decode()


def test_a_round_not_closed_keeps_its_nominations_whatever_its_dates(make_round, nominate_directly):
    from awards.services import anonymise_nominations

    judging = make_round(2025, phase=Phase.JUDGING)
    # The phase decides, not a moment of closing alone (set here on a round still in judging).
    AwardRound.objects.filter(pk=judging.pk).update(closed_at=timezone.now() - timedelta(days=400))
    nominate_directly(judging, "Karel Malý")

    assert anonymise_nominations(before=timezone.now()) == 0
    assert Nomination.objects.get().nominee_name == "Karel Malý"
