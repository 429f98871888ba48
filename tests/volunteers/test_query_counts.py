"""Every list page of the app costs the same number of queries for one item as for many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from volunteers.models import Assignment, AwardRound, CheckKind, Phase, Skill, VolunteerCheck
from volunteers.services import declare_conflict, score

from .conftest import all_criteria

MANY = 20


def count_queries(client, url):
    client.get(url)  # warm-up: translations, sessions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return captured


def assert_same_count(one, many, label):
    if len(one) != len(many):
        listing = "\n".join(
            [f"--- {label} with 1 item: {len(one)} queries"] + [q["sql"] for q in one.captured_queries]
            + [f"--- {label} with {MANY} items: {len(many)} queries"] + [q["sql"] for q in many.captured_queries]
        )
        pytest.fail(f"{label} runs more queries with more items (N+1?)\n{listing}")


@pytest.fixture
def add_volunteer(make_volunteer):
    skills = [Skill.objects.create(name=name, slug=slug) for name, slug in (("hudba", "hudba"), ("řízení", "ridic"))]

    def add(number):
        volunteer = make_volunteer(f"Dobrovolník {number}", weekends=bool(number % 2))
        volunteer.skills.set(skills)
        VolunteerCheck.objects.create(volunteer=volunteer, kind=CheckKind.FIRST_AID, checked_on=timezone.localdate(),
                                      valid_until=timezone.localdate() + timedelta(days=100))
        return volunteer

    return add


def test_the_volunteer_list(client, staff, add_volunteer):
    client.force_login(staff)
    add_volunteer(0)
    one = count_queries(client, "/sprava/dobrovolnici/")
    for number in range(1, MANY):
        add_volunteer(number)
    many = count_queries(client, "/sprava/dobrovolnici/")
    assert_same_count(one, many, "The volunteer list")


@pytest.fixture
def add_shift(make_shift, dance, make_volunteer):
    def add(number):
        shift = make_shift(dance, f"Role {number}", start_offset=timedelta(days=number), places_needed=3)
        volunteer = make_volunteer(f"Pomocník {number}")
        Assignment.objects.create(shift=shift, volunteer=volunteer, status=Assignment.Status.CONFIRMED)
        return shift

    return add


def test_the_shift_list_and_the_volunteers_private_page(client, staff, add_shift, tomas):
    client.force_login(staff)
    add_shift(0)
    one_staff = count_queries(client, "/sprava/dobrovolnici/smeny/")
    one_private = count_queries(client, tomas.get_absolute_url())
    for number in range(1, MANY):
        add_shift(number)
    assert_same_count(one_staff, count_queries(client, "/sprava/dobrovolnici/smeny/"), "The shift list")
    assert_same_count(one_private, count_queries(client, tomas.get_absolute_url()), "The volunteer's page")


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
    one_jury = count_queries(client, f"/porota/rocnik/{judging.pk}/")
    one_api = count_queries(client, "/api/v1/jury/nominations/")
    client.force_login(staff)
    one_round = count_queries(client, f"/sprava/andel/rocnik/{judging.pk}/")

    for number in range(1, MANY):
        add_nomination(number)

    client.force_login(juror)
    assert_same_count(one_jury, count_queries(client, f"/porota/rocnik/{judging.pk}/"), "The jury's list")
    assert_same_count(one_api, count_queries(client, "/api/v1/jury/nominations/"), "The jury API list")
    client.force_login(staff)
    assert_same_count(one_round, count_queries(client, f"/sprava/andel/rocnik/{judging.pk}/"), "The round page")


def test_the_results_and_the_audit_log(client, staff, judging, add_nomination):
    add_nomination(0)
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.CLOSED, closed_at=timezone.now())
    client.force_login(staff)
    pages = [f"/sprava/andel/rocnik/{judging.pk}/vysledky/", f"/sprava/andel/rocnik/{judging.pk}/vysledky.csv",
             f"/sprava/andel/rocnik/{judging.pk}/zmeny-hodnoceni/"]
    one = [count_queries(client, page) for page in pages]
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.JUDGING)
    for number in range(1, MANY):
        add_nomination(number)
    AwardRound.objects.filter(pk=judging.pk).update(phase=Phase.CLOSED)
    for page, first in zip(pages, one, strict=True):
        assert_same_count(first, count_queries(client, page), page)


def test_the_public_winners(client, make_round, nominate_directly):
    announced = make_round(2025, phase=Phase.ANNOUNCED)
    nominate_directly(announced, "Vítěz 0", won=True, final_rank=1, publication_consent=True)
    one = count_queries(client, "/andel/")
    one_rounds = count_queries(client, "/api/v1/award/rounds/")
    for number in range(1, MANY):
        nominate_directly(announced, f"Vítěz {number}", category=number % 3, won=True, final_rank=1,
                          publication_consent=True)
    for year in range(2000, 2000 + MANY):
        make_round(year, phase=Phase.ANNOUNCED)
    assert_same_count(one, count_queries(client, "/andel/"), "The award page")
    assert_same_count(one_rounds, count_queries(client, "/api/v1/award/rounds/"), "The rounds API")


def test_the_hours_page(client, staff, add_shift):
    client.force_login(staff)
    first = add_shift(0)
    Assignment.objects.filter(shift=first).update(attended=True, hours=3)
    page = f"/sprava/dobrovolnici/hodiny/?rok={timezone.localtime(first.starts_at).year}"
    one = count_queries(client, page)
    for number in range(1, MANY):
        Assignment.objects.filter(shift=add_shift(number)).update(attended=True, hours=2)
    assert_same_count(one, count_queries(client, page), "The hours page")
