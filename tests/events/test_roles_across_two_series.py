"""Who may manage what, checked across two series: each organizer their own, the department all,
nobody once their account is switched off.

Written for `make mutants` (issue 15, item 5): a permission tested on one series only cannot fail
when the rule forgets which series it is about.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.http import Http404

from events.models import Occurrence
from events.roles import (
    DEPARTMENT_STAFF,
    ORGANIZERS,
    can_manage_series,
    get_occurrence_for_organizer,
    is_department_staff,
    may_manage_expression,
    series_managed_by,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_series(oldies_goldies, nedam_se):
    """Oldies Goldies (organizer A) and Nedám se! (organizer B)."""
    return oldies_goldies, nedam_se


def switched_off(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def manage_flags(user):
    """{series title: may_manage} for the first date of each series, as one query computes it."""
    rows = Occurrence.objects.annotate(may=may_manage_expression(user)).values_list("series__title", "may")
    flags = {}
    for title, may in rows:
        flags.setdefault(title, set()).add(bool(may))
    return {title: values.pop() if len(values) == 1 else values for title, values in flags.items()}


def test_each_organizer_manages_their_own_series_and_not_the_other(two_series, organizer_a, organizer_b):
    oldies, nedam = two_series
    assert (can_manage_series(organizer_a, oldies), can_manage_series(organizer_a, nedam)) == (True, False)
    assert (can_manage_series(organizer_b, oldies), can_manage_series(organizer_b, nedam)) == (False, True)
    assert list(series_managed_by(organizer_a)) == [oldies]
    assert list(series_managed_by(organizer_b)) == [nedam]
    assert manage_flags(organizer_a) == {"Oldies Goldies": True, "Nedám se!": False}
    assert manage_flags(organizer_b) == {"Oldies Goldies": False, "Nedám se!": True}


def test_the_department_manages_both_series(two_series, staff):
    oldies, nedam = two_series
    assert is_department_staff(staff)
    assert can_manage_series(staff, oldies) and can_manage_series(staff, nedam)
    assert set(series_managed_by(staff)) == {oldies, nedam}
    assert manage_flags(staff) == {"Oldies Goldies": True, "Nedám se!": True}


def test_the_permission_given_to_the_account_itself_counts_as_the_groups(two_series):
    helper = make_user("pomocnice", is_staff=True)
    helper.user_permissions.add(Permission.objects.get(codename="manage_all_series"))
    assert is_department_staff(helper)
    assert manage_flags(helper) == {"Oldies Goldies": True, "Nedám se!": True}


def test_a_superuser_manages_everything(two_series):
    admin = make_user("spravce", is_superuser=True, is_staff=True)
    assert is_department_staff(admin)
    assert manage_flags(admin) == {"Oldies Goldies": True, "Nedám se!": True}


def test_a_switched_off_account_manages_nothing(two_series, staff, organizer_a):
    oldies, _nedam = two_series
    for user in (switched_off(staff), switched_off(organizer_a)):
        assert not is_department_staff(user)
        assert list(series_managed_by(user)) == []
        assert manage_flags(user) == {"Oldies Goldies": False, "Nedám se!": False}
    admin = switched_off(make_user("spravce", is_superuser=True, is_staff=True))
    assert not is_department_staff(admin)
    assert manage_flags(admin) == {"Oldies Goldies": False, "Nedám se!": False}


def test_nobody_signed_in_manages_nothing(two_series, stranger):
    oldies, _nedam = two_series
    for user in (AnonymousUser(), None):
        assert not is_department_staff(user)
        assert not can_manage_series(user, oldies)
        assert list(series_managed_by(user)) == []
    assert manage_flags(AnonymousUser()) == {"Oldies Goldies": False, "Nedám se!": False}
    assert manage_flags(stranger) == {"Oldies Goldies": False, "Nedám se!": False}


def test_another_organizers_date_is_a_404_like_a_missing_one(two_series, organizer_a):
    oldies, nedam = two_series
    own = oldies.occurrences.first()
    assert get_occurrence_for_organizer(organizer_a, own.pk) == own
    with pytest.raises(Http404):
        get_occurrence_for_organizer(organizer_a, nedam.occurrences.first().pk)
    with pytest.raises(Http404):
        get_occurrence_for_organizer(organizer_a, 999999)


def test_the_door_opens_only_a_date_of_the_organizers_own_series(two_series, organizer_a, staff):
    from registrations.door import NoSuchDate, date_at_door

    oldies, nedam = two_series
    own, other = oldies.occurrences.first(), nedam.occurrences.first()
    assert date_at_door(organizer_a, own.pk) == own
    assert date_at_door(staff, other.pk) == other
    for pk in (other.pk, 999999):
        with pytest.raises(NoSuchDate):
            date_at_door(organizer_a, pk)


def test_the_groups_give_organizers_less_than_the_department(db):
    organizers = set(Group.objects.get(name=ORGANIZERS).permissions.values_list("codename", flat=True))
    department = set(Group.objects.get(name=DEPARTMENT_STAFF).permissions.values_list("codename", flat=True))
    assert {"view_series", "change_series", "change_occurrence", "add_excludeddate", "delete_excludeddate",
            "view_venue", "view_audience"} <= organizers
    assert not {"add_series", "delete_series", "manage_all_series", "add_occurrence", "change_venue",
                "add_audience"} & organizers
    assert {"add_series", "delete_series", "manage_all_series", "add_occurrence", "delete_occurrence",
            "add_venue", "change_venue", "delete_venue", "add_audience", "delete_audience"} <= department
