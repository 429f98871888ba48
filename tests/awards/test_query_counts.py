"""Every list page and list endpoint of the award costs the same number of queries for one item as for many."""

import pytest
from django.utils import timezone

from awards.models import AwardRound, Phase
from awards.services import declare_conflict, score
from tests.queries import assert_same_count, count_queries
from tests.volunteers.test_query_counts import MANY

from .conftest import all_criteria


@pytest.fixture
def add_nomination(judging, nominate_directly, juror, juror_b):
    def add(number):
        nomination = nominate_directly(judging, f"Nominovaný {number}", category=number % 3)
        score(juror, nomination, all_criteria(judging, 5, 6, 7))
        if number % 2:
            score(juror_b, nomination, all_criteria(judging, 8, 8, 8))
        else:
            declare_conflict(juror_b, nomination, reason="Známe se.")
        return nomination

    return add


def test_the_jury_and_coordinator_pages_of_a_round(client, staff, juror, judging, add_nomination):
    add_nomination(0)
    client.force_login(juror)
    one_jury = count_queries(client, f"/porota/rocnik/{judging.pk}/", warm_up=True)
    one_api = count_queries(client, "/api/v1/jury/nominations/", warm_up=True)
    client.force_login(staff)
    one_round = count_queries(client, f"/sprava/andel/rocnik/{judging.pk}/", warm_up=True)

    for number in range(1, MANY):
        add_nomination(number)

    client.force_login(juror)
    assert_same_count(one_jury, count_queries(client, f"/porota/rocnik/{judging.pk}/", warm_up=True), "The jury's list")
    assert_same_count(one_api, count_queries(client, "/api/v1/jury/nominations/", warm_up=True), "The jury API list")
    client.force_login(staff)
    assert_same_count(one_round, count_queries(client, f"/sprava/andel/rocnik/{judging.pk}/", warm_up=True),
                      "The round page")


def test_the_results_and_the_audit_log(client, staff, judging, add_nomination):
    add_nomination(0)
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.CLOSED, closed_at=timezone.now())
    client.force_login(staff)
    pages = [f"/sprava/andel/rocnik/{judging.pk}/vysledky/", f"/sprava/andel/rocnik/{judging.pk}/vysledky.csv",
             f"/sprava/andel/rocnik/{judging.pk}/zmeny-hodnoceni/"]
    one = [count_queries(client, page, warm_up=True) for page in pages]
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.JUDGING)
    for number in range(1, MANY):
        add_nomination(number)
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.CLOSED)
    for page, first in zip(pages, one, strict=True):
        assert_same_count(first, count_queries(client, page, warm_up=True), page)


def test_the_public_winners(client, make_round, nominate_directly):
    announced = make_round(2025, phase=Phase.ANNOUNCED)
    nominate_directly(announced, "Vítěz 0", won=True, final_rank=1, publication_consent=True)
    one = count_queries(client, "/andel/", warm_up=True)
    one_rounds = count_queries(client, "/api/v1/award/rounds/", warm_up=True)
    for number in range(1, MANY):
        nominate_directly(announced, f"Vítěz {number}", category=number % 3, won=True, final_rank=1,
                          publication_consent=True)
    for year in range(2000, 2000 + MANY):
        make_round(year, phase=Phase.ANNOUNCED)
    assert_same_count(one, count_queries(client, "/andel/", warm_up=True), "The award page")
    assert_same_count(one_rounds, count_queries(client, "/api/v1/award/rounds/", warm_up=True), "The rounds API")
