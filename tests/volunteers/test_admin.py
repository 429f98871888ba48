"""Department staff keep skills, volunteers and shifts in the admin."""

import pytest


@pytest.mark.parametrize("model", ["skill", "volunteer", "shift"])
def test_department_staff_see_the_lists_in_the_admin(client, staff, tomas, cloakroom, model):
    client.force_login(staff)
    assert client.get(f"/admin/volunteers/{model}/").status_code == 200
