"""The Anděl award through the API: the same rules as on the pages, one door more."""

import pytest
from rest_framework.authtoken.models import Token

from awards.models import Conflict, Nomination, Phase, Score, ScoreChange, Story
from awards.services import move_phase, score
from tests.awards.conftest import *  # noqa: F403 (the award's fixtures: judging, vera, make_round, ...)
from tests.awards.conftest import all_criteria, criteria_ids, cs

JURY = "/api/v1/jury/nominations/"


def scores_body(award_round, *values):
    return {"scores": [{"criterion": pk, "value": value}
                       for pk, value in zip(criteria_ids(award_round), values, strict=True)]}


def test_a_juror_lists_the_nominations_to_score_with_only_their_own_scores(client_for, juror, juror_b, judging,
                                                                           vera, pavel):
    score(juror_b, vera, all_criteria(judging, 7, 3, 9))
    score(juror, pavel, all_criteria(judging, 5, 5, 5))

    body = client_for(juror).get(JURY).json()

    assert body["count"] == 2
    by_name = {item["nominee_name"]: item for item in body["results"]}
    assert by_name["Věra Šimková"]["my_scores"] == [] and by_name["Věra Šimková"]["state"] == "todo"
    assert by_name["Pavel Novotný"]["state"] == "done"
    assert sorted(item["value"] for item in by_name["Pavel Novotný"]["my_scores"]) == [5, 5, 5]
    assert [c["weight"] for c in by_name["Věra Šimková"]["criteria"]] == [3, 2, 1]
    assert by_name["Věra Šimková"]["stories"][0]["text"].startswith("Věra Šimková pomáhá")
    assert "nominator_email" not in str(body) and "vera.simkova@example.org" not in str(body)


def test_a_juror_saves_and_reads_their_scores_with_a_token(api, juror, judging, vera):
    token = Token.objects.create(user=juror)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    saved = api.put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 9, 8, 10), format="json")

    assert saved.status_code == 200
    assert saved.json()["state"] == "done"
    assert sorted(item["value"] for item in api.get(f"{JURY}{vera.pk}/scores/").json()["scores"]) == [8, 9, 10]
    assert ScoreChange.objects.count() == 3


def test_a_score_outside_the_scale_is_refused_in_czech_and_nothing_changes(client_for, juror, judging, vera):
    client = client_for(juror)
    client.put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 5, 5, 5), format="json")

    response = client.put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 6, 11, 6), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "out_of_scale",
        "detail": cs("%(criterion)s: give a whole number from %(low)s to %(high)s.") % {
            "criterion": "Vytrvalost", "low": 0, "high": 10},
    }
    assert set(Score.objects.values_list("value", flat=True)) == {5}


def test_scoring_after_judging_closed_is_refused(client_for, juror, staff, judging, vera):
    score(juror, vera, all_criteria(judging, 5, 5, 5))
    move_phase(judging, Phase.CLOSED, by=staff)
    response = client_for(juror).put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 9, 9, 9), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "judging_closed"
    assert response.json()["detail"] == cs("Judging is closed: scores can no longer change.")
    assert set(Score.objects.values_list("value", flat=True)) == {5}


def test_a_juror_declares_a_conflict_and_then_cannot_score(client_for, juror, judging, vera):
    client = client_for(juror)
    missing = client.post(f"{JURY}{vera.pk}/conflict/", {}, format="json")
    assert missing.status_code == 400 and not Conflict.objects.exists()

    declared = client.post(f"{JURY}{vera.pk}/conflict/", {"reason": "Je to moje sestra."}, format="json")

    assert declared.status_code == 201 and declared.json()["reason"] == "Je to moje sestra."
    refused = client.put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 5, 5, 5), format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    again = client.post(f"{JURY}{vera.pk}/conflict/", {"reason": "Znovu."}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_declared"
    assert client.get(f"{JURY}{vera.pk}/").json()["state"] == "conflict"
    assert not Score.objects.exists()


def test_a_juror_of_another_round_gets_a_404(client_for, make_round, juror_b, vera, judging):
    from tests.conftest import make_user

    outsider = make_user("porotce_2025")
    make_round(2025, phase=Phase.JUDGING, jurors=[outsider])
    client = client_for(outsider)
    assert client.get(JURY).json()["count"] == 0
    for response in (
        client.get(f"{JURY}{vera.pk}/"), client.get(f"{JURY}{vera.pk}/scores/"),
        client.put(f"{JURY}{vera.pk}/scores/", scores_body(judging, 5, 5, 5), format="json"),
        client.post(f"{JURY}{vera.pk}/conflict/", {"reason": "x"}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not Score.objects.exists() and not Conflict.objects.exists()


def test_only_accepted_nominations_of_started_judging_are_listed(client_for, juror, judging, make_round,
                                                                 nominate_directly):
    nominate_directly(judging, "Čeká Na Posouzení", status=Nomination.Status.SUBMITTED)
    early = make_round(2027, phase=Phase.NOMINATIONS, jurors=[juror])
    nominate_directly(early, "Příští Rok")
    client = client_for(juror)
    assert client.get(JURY).json()["count"] == 0
    assert client.get(f"{JURY}?round={judging.pk}").json()["count"] == 0
    bad = client.get(f"{JURY}?round=abc")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_filter"


def test_anonymous_callers_are_asked_to_sign_in(api, vera):
    assert api.get(JURY).status_code == 401
    assert api.put(f"{JURY}{vera.pk}/scores/", {"scores": []}, format="json").status_code == 401
    assert api.post(f"{JURY}{vera.pk}/conflict/", {"reason": "x"}, format="json").status_code == 401


@pytest.fixture
def open_round(make_round):
    return make_round(2026, phase=Phase.NOMINATIONS)


def nomination_body(award_round, **changes):
    return {
        "category": award_round.categories.first().pk, "nominee_name": "Věra Šimková",
        "story": "Paní Šimková už osm let každé úterý předčítá klientům domova.",
        "nominator_name": "Jana Dvořáková", "nominator_email": "jana@seznam.cz", "consent": True, **changes,
    }


def test_anyone_nominates_through_the_api_while_nominations_are_open(api, open_round):
    rounds = api.get("/api/v1/award/rounds/").json()["results"]
    assert rounds[0]["phase"] == "nominations" and len(rounds[0]["categories"]) == 3

    response = api.post("/api/v1/award/nominations/", nomination_body(open_round), format="json")

    assert response.status_code == 201
    assert response.json() == {"round": 2026, "category": open_round.categories.first().pk,
                               "nominee_name": "Věra Šimková", "status": "submitted"}
    assert Story.objects.get().source == Story.Source.API


def test_nominating_when_closed_or_without_consent_is_refused(api, make_round):
    judging_round = make_round(2026, phase=Phase.JUDGING)
    closed = api.post("/api/v1/award/nominations/", nomination_body(judging_round), format="json")
    assert closed.status_code == 409
    assert closed.json() == {"code": "nominations_closed",
                             "detail": cs("Nominations for the Anděl award are not open now.")}
    judging_round.phase = Phase.NOMINATIONS
    judging_round.save()
    no_consent = api.post("/api/v1/award/nominations/", nomination_body(judging_round, consent=False), format="json")
    assert no_consent.status_code == 400 and no_consent.json()["code"] == "consent_required"
    assert not Nomination.objects.exists()


def test_the_schema_documents_the_award_and_the_jury(api, db):
    import yaml

    paths = yaml.safe_load(api.get("/api/schema/").content)["paths"]
    scores = paths["/api/v1/jury/nominations/{id}/scores/"]
    assert {"200", "400", "401", "404", "409"} <= set(scores["put"]["responses"])
    assert {"201", "400", "409", "429"} <= set(paths["/api/v1/award/nominations/"]["post"]["responses"])


def test_too_many_anonymous_nominations_are_throttled(api, open_round, settings):
    settings.SPOLU_NOMINATION_THROTTLE = "1/hour"
    assert api.post("/api/v1/award/nominations/", nomination_body(open_round), format="json").status_code == 201
    response = api.post("/api/v1/award/nominations/", nomination_body(open_round), format="json")
    assert response.status_code == 429
    assert response.json() == {
        "code": "throttled", "detail": cs("Too many nominations from this connection. Please call the department."),
    }
    assert int(response["Retry-After"]) > 0
    assert Nomination.objects.count() == 1
