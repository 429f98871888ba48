"""A juror scores the accepted nominations of their round, changes their mind, or steps aside."""

import pytest

from awards.models import Conflict, Nomination, Phase, Score, ScoreChange
from awards.services import AwardError, declare_conflict, move_phase, score
from tests.conftest import make_user

from .conftest import all_criteria, criteria_ids, cs


def form_data(award_round, *values):
    return {f"criterion_{pk}": value for pk, value in zip(criteria_ids(award_round), values, strict=True)}


def test_a_juror_scores_a_nomination_and_sees_it_done(client, juror, judging, vera, pavel):
    client.force_login(juror)
    listing = client.get("/porota/", follow=True)
    assert listing.redirect_chain[-1][0] == f"/porota/rocnik/{judging.pk}/"
    assert "Věra Šimková" in listing.content.decode() and "Pavel Novotný" in listing.content.decode()

    page = client.get(f"/porota/nominace/{vera.pk}/")
    assert "předčítá" in page.content.decode() or "pomáhá seniorům" in page.content.decode()
    response = client.post(f"/porota/nominace/{vera.pk}/", form_data(judging, 9, 8, 10))

    assert response.status_code == 302 and response["Location"] == f"/porota/rocnik/{judging.pk}/"
    assert dict(Score.objects.filter(juror=juror, nomination=vera).values_list("criterion__name", "value")) == {
        "Přínos pro druhé": 9, "Vytrvalost": 8, "Inspirace": 10,
    }
    html = client.get(f"/porota/rocnik/{judging.pk}/").content.decode()
    assert f'class="jury-row jury-done" data-nomination="{vera.pk}"' in html
    assert f'class="jury-row jury-todo" data-nomination="{pavel.pk}"' in html


def test_scores_can_be_saved_in_parts_and_changed_and_every_change_is_logged(juror, judging, vera):
    first, second, third = criteria_ids(judging)
    score(juror, vera, {first: 6})
    score(juror, vera, {second: 7, third: 8})
    score(juror, vera, {first: 9, second: 7})  # the second one is unchanged: no log line

    assert dict(Score.objects.filter(juror=juror).values_list("criterion_id", "value")) == {
        first: 9, second: 7, third: 8,
    }
    log = list(ScoreChange.objects.values_list("criterion_id", "old_value", "new_value", "changed_by"))
    assert log == [(first, None, 6, juror.pk), (second, None, 7, juror.pk), (third, None, 8, juror.pk),
                   (first, 6, 9, juror.pk)]


@pytest.mark.parametrize("value", [-1, 11, 100])
def test_a_score_outside_the_scale_is_refused_and_nothing_changes(client, juror, judging, vera, value):
    score(juror, vera, all_criteria(judging, 5, 5, 5))
    client.force_login(juror)

    response = client.post(f"/porota/nominace/{vera.pk}/", form_data(judging, 6, value, 6))

    assert response.status_code == 400
    assert cs("Give a whole number from %(low)s to %(high)s.") % {"low": 0, "high": 10} in response.content.decode()
    assert set(Score.objects.values_list("value", flat=True)) == {5}
    with pytest.raises(AwardError) as refused:
        score(juror, vera, all_criteria(judging, 6, value, 6))
    assert refused.value.code == "out_of_scale" and refused.value.status == 400
    assert set(Score.objects.values_list("value", flat=True)) == {5}
    assert ScoreChange.objects.count() == 3


def test_a_criterion_of_another_round_is_refused(juror, judging, vera, make_round):
    other = make_round(2025, phase=Phase.JUDGING)
    with pytest.raises(AwardError) as refused:
        score(juror, vera, {other.criteria.first().pk: 5})
    assert refused.value.code == "unknown_criterion"
    assert not Score.objects.exists()


def test_after_judging_closes_scores_are_locked(client, juror, staff, judging, vera):
    score(juror, vera, all_criteria(judging, 5, 5, 5))
    move_phase(judging, Phase.CLOSED, by=staff)

    with pytest.raises(AwardError) as refused:
        score(juror, vera, all_criteria(judging, 9, 9, 9))
    assert refused.value.code == "judging_closed" and refused.value.status == 409
    assert refused.value.message == cs("Judging is closed: scores can no longer change.")

    client.force_login(juror)
    page = client.get(f"/porota/nominace/{vera.pk}/").content.decode()
    assert cs("Judging is closed: scores can no longer change.") in page
    assert "disabled" in page and cs("Save my scores") not in page
    response = client.post(f"/porota/nominace/{vera.pk}/", form_data(judging, 9, 9, 9))
    assert response.status_code == 409
    assert set(Score.objects.values_list("value", flat=True)) == {5}
    assert ScoreChange.objects.count() == 3


def test_scoring_before_judging_starts_is_refused(juror, make_round, nominate_directly):
    early = make_round(2026, phase=Phase.NOMINATIONS, jurors=[juror])
    nomination = nominate_directly(early, "Věra Šimková")
    with pytest.raises(AwardError) as refused:
        score(juror, nomination, all_criteria(early, 5, 5, 5))
    assert refused.value.code == "judging_not_open"
    assert not Score.objects.exists()


def test_a_conflict_of_interest_removes_the_jurors_scores_and_stops_scoring(client, juror, judging, vera):
    score(juror, vera, all_criteria(judging, 8, 8, 8))
    client.force_login(juror)

    empty = client.post(f"/porota/nominace/{vera.pk}/stret-zajmu/", {"reason": ""})
    assert empty.status_code == 400 and Score.objects.count() == 3

    response = client.post(f"/porota/nominace/{vera.pk}/stret-zajmu/", {"reason": "Je to moje sousedka."})

    assert response.status_code == 302
    assert Conflict.objects.get().reason == "Je to moje sousedka."
    assert not Score.objects.exists()
    assert list(ScoreChange.objects.filter(new_value=None).values_list("old_value", flat=True)) == [8, 8, 8]
    html = client.get(f"/porota/rocnik/{judging.pk}/").content.decode()
    assert f'class="jury-row jury-conflict" data-nomination="{vera.pk}"' in html

    refused = client.post(f"/porota/nominace/{vera.pk}/", form_data(judging, 9, 9, 9))
    assert refused.status_code == 409
    assert cs("You declared a conflict of interest, so you cannot score this.") in refused.content.decode()
    assert not Score.objects.exists()
    with pytest.raises(AwardError) as again:
        declare_conflict(juror, vera, reason="Znovu.")
    assert again.value.code == "already_declared"


def test_a_juror_of_another_round_cannot_see_or_score_its_nominations(client, make_round, judging, vera):
    juror_2025 = make_user("porotce_2025")
    older = make_round(2025, phase=Phase.JUDGING, jurors=[juror_2025])
    client.force_login(juror_2025)

    assert client.get(f"/porota/rocnik/{judging.pk}/").status_code == 404
    assert client.get(f"/porota/nominace/{vera.pk}/").status_code == 404
    assert client.post(f"/porota/nominace/{vera.pk}/", form_data(judging, 5, 5, 5)).status_code == 404
    assert client.post(f"/porota/nominace/{vera.pk}/stret-zajmu/", {"reason": "x"}).status_code == 404
    with pytest.raises(AwardError) as refused:
        score(juror_2025, vera, all_criteria(judging, 5, 5, 5))
    assert refused.value.code == "not_juror" and refused.value.status == 403
    assert refused.value.message == cs("You are not a juror of this round.")
    assert not Score.objects.exists() and not Conflict.objects.exists()
    assert client.get(f"/porota/rocnik/{older.pk}/").status_code == 200


def test_nominations_not_accepted_are_not_shown_to_jurors(client, juror, judging, nominate_directly):
    waiting = nominate_directly(judging, "Čeká Na Posouzení", status=Nomination.Status.SUBMITTED)
    rejected = nominate_directly(judging, "Zamítnutá Nominace", status=Nomination.Status.REJECTED)
    client.force_login(juror)
    html = client.get(f"/porota/rocnik/{judging.pk}/").content.decode()
    assert "Čeká Na Posouzení" not in html and "Zamítnutá Nominace" not in html
    for nomination in (waiting, rejected):
        assert client.get(f"/porota/nominace/{nomination.pk}/").status_code == 404


def test_before_judging_the_juror_sees_when_it_starts(client, juror, make_round, nominate_directly):
    early = make_round(2026, phase=Phase.NOMINATIONS, jurors=[juror])
    nomination = nominate_directly(early, "Věra Šimková")
    client.force_login(juror)
    html = client.get(f"/porota/rocnik/{early.pk}/").content.decode()
    assert "Věra Šimková" not in html
    assert client.get(f"/porota/nominace/{nomination.pk}/").status_code == 404


def test_the_jury_pages_need_a_sign_in(client, judging, vera):
    for url in ("/porota/", f"/porota/rocnik/{judging.pk}/", f"/porota/nominace/{vera.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"/prihlaseni/?next={url}"


def test_a_user_who_judges_nothing_is_told_so(client, stranger):
    client.force_login(stranger)
    response = client.get("/porota/")
    assert response.status_code == 200
    assert cs("You are not a juror of any round of the award. The coordinator adds jurors before judging starts.") \
        in response.content.decode()


def test_scores_lock_after_the_last_day_even_before_the_nightly_job(juror, judging, vera):
    from datetime import timedelta

    from django.utils import timezone

    score(juror, vera, all_criteria(judging, 5, 5, 5))
    day_after = timezone.now() + timedelta(days=(judging.judging_closes_on - timezone.localdate()).days + 1)
    with pytest.raises(AwardError) as refused:
        score(juror, vera, all_criteria(judging, 9, 9, 9), now=day_after)
    assert refused.value.code == "judging_closed"
