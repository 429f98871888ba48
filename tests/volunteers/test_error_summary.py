"""The coordinators' volunteer forms show mistakes the way the registration form does: every mistake
at once, in the site's one error summary (a heading and a link to each field), each again next to its
field, tied to it by aria-describedby."""

import pytest

from tests.error_summary import assert_the_sites_error_summary, described_by, pointing_nowhere

pytestmark = pytest.mark.django_db


def test_the_coordinators_forms_use_the_same_summary(client, staff):
    client.force_login(staff)
    page = client.post("/sprava/dobrovolnici/novy/", {"name": "", "email": "x@"}).content.decode()
    assert_the_sites_error_summary(page, ["id_name"])


def test_a_wrong_filter_of_the_volunteers_list_is_named_beside_its_field(client, staff):
    client.force_login(staff)
    response = client.get("/sprava/dobrovolnici/", {"available": "v-noci"})
    page = response.content.decode()
    assert response.status_code == 400
    assert_the_sites_error_summary(page, ["id_available"])
    assert described_by(page, "id_available") == ["id_available_error"]
    assert pointing_nowhere(page) == []
