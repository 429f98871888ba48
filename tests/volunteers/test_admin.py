"""Department staff set up rounds, categories, criteria, jurors and volunteers in the admin."""

import pytest

from volunteers.models import Nomination


@pytest.mark.parametrize("model", [
    "skill", "volunteer", "shift", "awardround", "nomination",
])
def test_department_staff_see_the_lists_in_the_admin(client, staff, judging, vera, tomas, cloakroom, model):
    client.force_login(staff)
    assert client.get(f"/admin/volunteers/{model}/").status_code == 200


def test_a_round_is_set_up_in_the_admin_with_its_parts(client, staff, judging):
    client.force_login(staff)
    assert client.get(f"/admin/volunteers/awardround/{judging.pk}/change/").status_code == 200
    assert client.get("/admin/volunteers/awardround/add/").status_code == 200


def test_nominations_are_read_only_in_the_admin(client, staff, vera):
    client.force_login(staff)
    client.post(f"/admin/volunteers/nomination/{vera.pk}/change/", {"nominee_name": "Jiné Jméno"})
    assert Nomination.objects.get().nominee_name == "Věra Šimková"
    assert client.get("/admin/volunteers/nomination/add/").status_code == 403


def test_once_judging_started_the_admin_cannot_change_what_scores_rest_on(client, staff, judging):
    client.force_login(staff)
    page = client.get(f"/admin/volunteers/awardround/{judging.pk}/change/").content.decode()
    assert 'name="criteria-0-weight"' not in page and 'name="criteria-0-DELETE"' not in page
    assert 'name="juror_seats-0-DELETE"' not in page and 'name="scale_max"' not in page
    assert 'name="title"' in page  # the texts stay editable
