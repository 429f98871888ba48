"""Every list page of the register costs the same number of queries for one item as for many."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.queries import assert_same_count, count_queries
from volunteers.models import Assignment, CheckKind, Skill, VolunteerCheck

MANY = 20


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
    one = count_queries(client, "/sprava/dobrovolnici/", warm_up=True)
    for number in range(1, MANY):
        add_volunteer(number)
    many = count_queries(client, "/sprava/dobrovolnici/", warm_up=True)
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
    one_staff = count_queries(client, "/sprava/dobrovolnici/smeny/", warm_up=True)
    one_private = count_queries(client, tomas.get_absolute_url(), warm_up=True)
    for number in range(1, MANY):
        add_shift(number)
    assert_same_count(one_staff, count_queries(client, "/sprava/dobrovolnici/smeny/", warm_up=True), "The shift list")
    assert_same_count(one_private, count_queries(client, tomas.get_absolute_url(), warm_up=True),
                      "The volunteer's page")


def test_the_hours_page(client, staff, add_shift):
    client.force_login(staff)
    first = add_shift(0)
    Assignment.objects.filter(shift=first).update(attended=True, hours=3)
    page = f"/sprava/dobrovolnici/hodiny/?rok={timezone.localtime(first.starts_at).year}"
    one = count_queries(client, page, warm_up=True)
    for number in range(1, MANY):
        Assignment.objects.filter(shift=add_shift(number)).update(attended=True, hours=2)
    assert_same_count(one, count_queries(client, page, warm_up=True), "The hours page")
