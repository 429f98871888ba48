"""Personal data is kept only as long as it is needed; the numbers for the statistics stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from volunteers import tasks
from volunteers.models import (
    Assignment,
    AwardRound,
    CheckKind,
    Conflict,
    Nomination,
    Phase,
    Score,
    Story,
    VolunteerCheck,
)
from volunteers.services import nominations_kept_days, sign_up

from .conftest import cs


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
    old_link = other.get_nominee_url()

    assert tasks.anonymise_old_nominations() == 2
    assert tasks.anonymise_old_nominations() == 0  # the daily job can run twice

    other.refresh_from_db()
    rejected.refresh_from_db()
    winner.refresh_from_db()
    assert (other.nominee_name, other.nominee_email, other.nominee_phone, other.nominee_organisation) == (
        "—", "", "", "",
    )
    assert other.anonymised_at is not None and rejected.anonymised_at is not None
    assert rejected.rejection_reason == ""
    assert set(Story.objects.filter(nomination__in=[other, rejected]).values_list("text", "nominator_name",
                                                                                  "nominator_email")) == {
        ("", "—", ""),
    }
    assert winner.nominee_name == "Hana Marešová" and winner.anonymised_at is None
    assert winner.stories.get().nominator_name == "Jana Dvořáková"
    assert Score.objects.filter(nomination=other).count() == 1  # the numbers stay
    assert Conflict.objects.get().reason == "—"
    assert client.get(old_link).status_code == 404


def test_the_time_kept_comes_from_the_settings(announced_long_ago, settings, monkeypatch):
    assert nominations_kept_days() == 183
    settings.SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS = 365
    assert tasks.anonymise_old_nominations() == 0
    del settings.SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS
    monkeypatch.setenv("SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS", "250")
    assert nominations_kept_days() == 250
    assert tasks.anonymise_old_nominations() == 0
    monkeypatch.setenv("SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS", "100")
    assert tasks.anonymise_old_nominations() == 2


def test_a_round_still_judging_keeps_everything(judging, vera, juror):
    AwardRound.objects.filter(pk=judging.pk).update(closed_at=None)
    assert tasks.anonymise_old_nominations(now=timezone.now() + timedelta(days=1000)) == 0
    vera.refresh_from_db()
    assert vera.nominee_name == "Věra Šimková"


@pytest.fixture
def tomas_with_history(tomas, cloakroom, make_shift, oldies_goldies):
    from events.models import Occurrence
    from volunteers.models import Shift

    start = timezone.now() - timedelta(days=30)
    past = Occurrence.objects.create(series=oldies_goldies, recurrence_id=start, start=start,
                                     end=start + timedelta(hours=3))
    old_shift = Shift.objects.create(occurrence=past, role="Šatna", starts_at=start, ends_at=start + timedelta(hours=3),
                                     places_needed=1, places_taken=1)
    Assignment.objects.create(shift=old_shift, volunteer=tomas, status=Assignment.Status.CONFIRMED,
                              attended=True, hours=3)
    sign_up(cloakroom, tomas)
    VolunteerCheck.objects.create(volunteer=tomas, kind=CheckKind.FIRST_AID, checked_on=timezone.localdate(),
                                  valid_until=timezone.localdate() + timedelta(days=365))
    return tomas


def test_a_volunteer_who_leaves_is_anonymised_and_their_hours_stay(client, staff, tomas_with_history, cloakroom):
    tomas = tomas_with_history
    private_link = tomas.get_absolute_url()
    client.force_login(staff)
    question = client.get(f"/sprava/dobrovolnici/{tomas.pk}/odchod/")
    assert question.status_code == 200

    client.post(f"/sprava/dobrovolnici/{tomas.pk}/odchod/")

    tomas.refresh_from_db()
    assert (tomas.name, tomas.email, tomas.phone, tomas.active) == ("—", "", "", False)
    assert tomas.anonymised_at is not None and not tomas.checks.exists() and not tomas.skills.exists()
    cloakroom.refresh_from_db()
    assert cloakroom.places_taken == 0
    assert Assignment.objects.get(shift=cloakroom).status == Assignment.Status.CANCELLED
    assert Assignment.objects.get(attended=True).hours == 3
    year = timezone.localtime(timezone.now() - timedelta(days=30)).year
    hours = client.get(f"/sprava/dobrovolnici/hodiny/?rok={year}").content.decode()
    assert "Tomáš Veselý" not in hours and cs("a volunteer who left") in hours
    assert '<td class="number">3</td>' in hours
    client.logout()
    assert client.get(private_link).status_code == 404


def test_private_addresses_are_unguessable(tomas, lenka, vera, pavel):
    assert len(tomas.token) >= 32 and tomas.token != lenka.token
    assert len(vera.nominee_token) >= 32 and vera.nominee_token != pavel.nominee_token


def test_a_private_link_with_strange_characters_is_just_not_found(client):
    for url in ("/dobrovolnik/%00/", "/andel/nominace/%00/", "/andel/nominace/a%20b/"):
        assert client.get(url).status_code == 404


def test_the_nominee_gets_a_czech_message_for_an_unclear_answer(client, judging, vera):
    response = client.post(f"/andel/nominace/{vera.nominee_token}/", {"agrees": "možná"})
    assert response.status_code == 400
    assert "Vyberte jednu ze dvou odpovědí." in response.content.decode()
