"""Personal data is kept only as long as it is needed; the numbers for the statistics stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from volunteers.models import Assignment, CheckKind, VolunteerCheck
from volunteers.services import sign_up

from .conftest import cs


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


def test_private_addresses_are_unguessable(tomas, lenka):
    assert len(tomas.token) >= 32 and tomas.token != lenka.token


def test_a_private_link_with_strange_characters_is_just_not_found(client):
    for url in ("/dobrovolnik/%00/", "/dobrovolnik/a%20b/"):
        assert client.get(url).status_code == 404
