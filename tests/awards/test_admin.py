"""Department staff set up rounds, categories, criteria and jurors in the admin; nominations are read-only there."""

import pytest

from awards.models import Nomination


@pytest.mark.parametrize("model", ["awardround", "nomination"])
def test_department_staff_see_the_lists_in_the_admin(client, staff, judging, vera, model):
    client.force_login(staff)
    assert client.get(f"/admin/awards/{model}/").status_code == 200


def test_a_round_is_set_up_in_the_admin_with_its_parts(client, staff, judging):
    client.force_login(staff)
    assert client.get(f"/admin/awards/awardround/{judging.pk}/change/").status_code == 200
    assert client.get("/admin/awards/awardround/add/").status_code == 200


def test_nominations_are_read_only_in_the_admin(client, staff, vera):
    client.force_login(staff)
    client.post(f"/admin/awards/nomination/{vera.pk}/change/", {"nominee_name": "Jiné Jméno"})
    assert Nomination.objects.get().nominee_name == "Věra Šimková"
    assert client.get("/admin/awards/nomination/add/").status_code == 403


def test_once_judging_started_the_admin_cannot_change_what_scores_rest_on(client, staff, judging):
    client.force_login(staff)
    page = client.get(f"/admin/awards/awardround/{judging.pk}/change/").content.decode()
    assert 'name="criteria-0-weight"' not in page and 'name="criteria-0-DELETE"' not in page
    assert 'name="juror_seats-0-DELETE"' not in page and 'name="scale_max"' not in page
    assert 'name="title"' in page  # the texts stay editable


def test_the_admins_old_addresses_of_the_award_lead_to_the_new_ones(client, staff, judging):
    """Staff bookmarked the award's admin pages when it lived in volunteers."""
    client.force_login(staff)
    response = client.get(f"/admin/volunteers/awardround/{judging.pk}/change/?_changelist_filters=x")
    assert response.status_code == 301
    assert response["Location"] == f"/admin/awards/awardround/{judging.pk}/change/?_changelist_filters=x"
    assert client.get("/admin/volunteers/nomination/", follow=True).redirect_chain[-1][0] == "/admin/awards/nomination/"
    assert client.get("/admin/volunteers/volunteer/").status_code == 200  # the register stays where it is
