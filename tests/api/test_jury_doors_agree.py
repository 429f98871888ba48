"""The jury's page and the jury's API answer one rule: whether a juror may score now, and how far they got.

Both ask `awards.services` (`scoring_refusal`, `juror_state`): a juror the API refuses is never
offered the page's form, and the state a row of the page shows is the state the API lists.
"""

from datetime import timedelta

from django.utils import timezone

from awards.models import Phase
from awards.services import declare_conflict, score
from tests.awards.conftest import *  # noqa: F403 (the award's fixtures: judging, vera, make_round, ...)
from tests.awards.conftest import all_criteria, criteria_ids, cs, dates_for

JURY = "/api/v1/jury/nominations/"


def scores_body(award_round, *values):
    return {"scores": [{"criterion": pk, "value": value}
                       for pk, value in zip(criteria_ids(award_round), values, strict=True)]}


def page_offers_scoring(client, nomination):
    page = client.get(f"/porota/nominace/{nomination.pk}/").content.decode()
    return cs("Save my scores") in page


def test_a_juror_with_a_conflict_is_refused_by_the_api_and_offered_no_form_on_the_page(
    client, client_for, juror, judging, vera,
):
    client.force_login(juror)
    assert page_offers_scoring(client, vera)
    declare_conflict(juror, vera, reason="Je to moje sousedka.")

    answer = client_for(juror).put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 5, 5, 5), format="json")

    assert answer.status_code == 409 and answer.json()["code"] == "conflict"
    assert not page_offers_scoring(client, vera)


def test_after_the_last_day_of_judging_neither_door_takes_scores_before_the_nightly_job(
    client, client_for, juror, make_round, nominate_directly,
):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = make_round(2026, phase=Phase.JUDGING, jurors=[juror],
                      **{**dates_for(Phase.JUDGING), "judging_closes_on": yesterday})
    nomination = nominate_directly(late, "Věra Šimková")
    client.force_login(juror)

    answer = client_for(juror).put(f"{JURY}{nomination.pk}/scores/", scores_body(late, 5, 5, 5), format="json")

    assert answer.status_code == 409 and answer.json()["code"] == "judging_closed"
    page = client.get(f"/porota/nominace/{nomination.pk}/").content.decode()
    assert cs("Save my scores") not in page
    assert cs("Judging is closed: scores can no longer change.") in page


def test_the_page_and_the_api_show_the_same_state_of_each_nomination(
    client, client_for, juror, judging, nominate_directly,
):
    todo, started, done, conflict = (nominate_directly(judging, name) for name in
                                     ["Věra Šimková", "Pavel Novotný", "Jana Malá", "Petr Velký"])
    criteria = criteria_ids(judging)
    score(juror, started, {criteria[0]: 5})
    score(juror, done, all_criteria(judging, 5, 5, 5))
    declare_conflict(juror, conflict, reason="Bratranec.")
    client.force_login(juror)

    listed = {item["id"]: item["state"] for item in client_for(juror).get(JURY).json()["results"]}
    page = client.get(f"/porota/rocnik/{judging.pk}/").content.decode()

    assert listed == {todo.pk: "todo", started.pk: "started", done.pk: "done", conflict.pk: "conflict"}
    for nomination_id, state in listed.items():
        assert f'class="jury-row jury-{state}" data-nomination="{nomination_id}"' in page
