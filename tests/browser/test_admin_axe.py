"""The rest of the Czech admin staff use, in Chromium with axe: a drive, a collection point, a
volunteer and a shift pass with no serious or critical violation (rows of inline tables named by
their column, ticked lists instead of Django's two-box picker)."""

import pytest
from django.utils import timezone

from tests.awards.conftest import make_round  # noqa: F401 (a fixture)
from tests.browser.conftest import sign_in
from tests.browser.test_office_pages import assert_admin_page_accessible
from tests.drives.conftest import build_uklid_satnik, create_martinska, create_serikova

pytestmark = pytest.mark.browser


def test_a_drive_and_its_collection_point_in_the_admin_pass_axe(page, staff, organizer_a, no_csp_violations):
    drive = build_uklid_satnik(create_martinska(), create_serikova(), organizer_a)
    point = drive.points.first()

    sign_in(page, staff, next=f"/admin/drives/drive/{drive.pk}/change/")
    assert_admin_page_accessible(page, no_csp_violations)
    page.goto(f"/admin/drives/collectionpoint/{point.pk}/change/")
    assert_admin_page_accessible(page, no_csp_violations)


def test_a_volunteer_in_the_admin_passes_axe(page, staff, no_csp_violations):
    from volunteers.models import Skill, Volunteer

    volunteer = Volunteer.objects.create(name="Petr Dobrovolný", phone="777000111", consent_at=timezone.now())
    volunteer.skills.set([Skill.objects.create(name="Doprovod")])

    sign_in(page, staff, next=f"/admin/volunteers/volunteer/{volunteer.pk}/change/")
    assert_admin_page_accessible(page, no_csp_violations)


def test_an_award_round_with_its_criteria_and_jurors_in_the_admin_passes_axe(
        page, staff, juror, make_round, no_csp_violations):  # noqa: F811 (the imported fixture)
    from awards.models import Phase

    nominations = make_round(2026, phase=Phase.NOMINATIONS, jurors=[juror])  # criteria still editable

    sign_in(page, staff, next=f"/admin/awards/awardround/{nominations.pk}/change/")
    assert page.locator('input[name="criteria-0-name"]').get_attribute("aria-label").startswith("Název")
    assert_admin_page_accessible(page, no_csp_violations)
