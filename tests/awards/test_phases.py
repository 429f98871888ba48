"""A round moves through its phases as its dates come, or earlier by the coordinator's hand, never back."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from awards import tasks
from awards.models import AwardRound, Criterion, Phase, PhaseChange
from awards.services import AwardError, move_phase

from .conftest import cs, dates_for


def test_the_daily_job_is_scheduled_after_migrate(db):
    names = set(Schedule.objects.filter(name__startswith="awards:").values_list("func", flat=True))
    assert names == {"awards.tasks.advance_award_rounds", "awards.tasks.anonymise_old_nominations"}
    assert all(s.schedule_type == Schedule.CRON for s in Schedule.objects.filter(name__startswith="awards:"))
    # Nothing is left scheduled under the award's old home, where the task would not be found.
    assert not Schedule.objects.filter(func__in=["volunteers.tasks.advance_award_rounds",
                                                 "volunteers.tasks.anonymise_old_nominations"]).exists()


def test_the_daily_job_opens_nominations_on_their_date_and_judging_the_day_after_they_close(make_round, juror):
    award_round = make_round(phase=Phase.PREPARED, jurors=[juror])
    opens = award_round.nominations_open_on

    tasks.advance_award_rounds(now=_noon(opens - timedelta(days=1)))
    assert AwardRound.objects.get().phase == Phase.PREPARED

    tasks.advance_award_rounds(now=_noon(opens))
    assert AwardRound.objects.get().phase == Phase.NOMINATIONS

    tasks.advance_award_rounds(now=_noon(award_round.nominations_close_on))
    assert AwardRound.objects.get().phase == Phase.NOMINATIONS  # the last day still takes nominations

    tasks.advance_award_rounds(now=_noon(award_round.nominations_close_on + timedelta(days=1)))
    assert AwardRound.objects.get().phase == Phase.JUDGING

    tasks.advance_award_rounds(now=_noon(award_round.judging_closes_on + timedelta(days=1)))
    closed = AwardRound.objects.get()
    assert closed.phase == Phase.CLOSED and closed.closed_at is not None

    tasks.advance_award_rounds(now=_noon(award_round.announce_on))
    announced = AwardRound.objects.get()
    assert announced.phase == Phase.ANNOUNCED and announced.announced_at is not None
    assert list(PhaseChange.objects.values_list("to_phase", "by")) == [
        (Phase.NOMINATIONS, None), (Phase.JUDGING, None), (Phase.CLOSED, None), (Phase.ANNOUNCED, None),
    ]


def test_running_the_job_twice_changes_nothing_the_second_time(make_round, juror):
    make_round(phase=Phase.PREPARED, jurors=[juror], **dates_for(Phase.CLOSED))

    assert tasks.advance_award_rounds() == 3  # prepared → nominations → judging → closed, in one night
    assert tasks.advance_award_rounds() == 0
    assert AwardRound.objects.get().phase == Phase.CLOSED
    assert PhaseChange.objects.count() == 3


def test_a_round_without_criteria_waits_in_nominations_and_says_why(make_round, staff, juror):
    award_round = make_round(phase=Phase.NOMINATIONS, jurors=[juror], **dates_for(Phase.JUDGING))
    Criterion.objects.filter(round=award_round).delete()

    assert tasks.advance_award_rounds() == 0
    assert AwardRound.objects.get().phase == Phase.NOMINATIONS
    with pytest.raises(AwardError) as refused:
        move_phase(award_round, Phase.JUDGING, by=staff)
    assert refused.value.code == "no_criteria" and refused.value.status == 409
    assert refused.value.message == cs("Add the criteria before judging starts.")


def test_judging_needs_jurors(make_round, staff):
    award_round = make_round(phase=Phase.NOMINATIONS)
    with pytest.raises(AwardError) as refused:
        move_phase(award_round, Phase.JUDGING, by=staff)
    assert refused.value.code == "no_jurors"
    assert AwardRound.objects.get().phase == Phase.NOMINATIONS


def test_the_coordinator_moves_the_round_on_early_from_its_page(client, make_round, staff, juror):
    award_round = make_round(phase=Phase.NOMINATIONS, jurors=[juror])
    client.force_login(staff)

    response = client.post(f"/sprava/andel/rocnik/{award_round.pk}/faze/", {"phase": "judging"})

    assert response.status_code == 302
    assert AwardRound.objects.get().phase == Phase.JUDGING
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.by) == (Phase.NOMINATIONS, Phase.JUDGING, staff)


def test_a_phase_cannot_be_skipped_or_go_back(client, make_round, staff, juror):
    award_round = make_round(phase=Phase.JUDGING, jurors=[juror])
    client.force_login(staff)

    skipped = client.post(f"/sprava/andel/rocnik/{award_round.pk}/faze/", {"phase": "announced"})
    back = client.post(f"/sprava/andel/rocnik/{award_round.pk}/faze/", {"phase": "nominations"})
    nonsense = client.post(f"/sprava/andel/rocnik/{award_round.pk}/faze/", {"phase": "whenever"})

    assert skipped.status_code == 409
    assert cs("The round can only move to the next phase: %(phase)s.") % {"phase": cs("closed", "award phase")} in \
        skipped.content.decode()
    assert back.status_code == 409
    assert cs("The round is already past this phase.") in back.content.decode()
    assert nonsense.status_code == 400
    assert AwardRound.objects.get().phase == Phase.JUDGING
    assert not PhaseChange.objects.exists()


def test_a_juror_cannot_move_phases(client, make_round, juror):
    award_round = make_round(phase=Phase.JUDGING, jurors=[juror])
    client.force_login(juror)
    response = client.post(f"/sprava/andel/rocnik/{award_round.pk}/faze/", {"phase": "closed"})
    assert response.status_code == 404
    assert AwardRound.objects.get().phase == Phase.JUDGING


def test_the_round_page_shows_the_phase_and_its_history(client, make_round, staff, juror):
    award_round = make_round(phase=Phase.PREPARED, jurors=[juror], **dates_for(Phase.NOMINATIONS))
    tasks.advance_award_rounds()
    client.force_login(staff)
    html = client.get(f"/sprava/andel/rocnik/{award_round.pk}/").content.decode()
    assert cs("nominations open", "award phase") in html
    assert cs("automatically by the date") in html


def _noon(day):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(12, 0)))
