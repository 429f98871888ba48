"""After migrate the roles can work with drives and the daily job exists; the job closes drives that ended."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Group
from django_q.models import Schedule

from drives import tasks
from drives.models import Drive, HistoryEntry, Weekday
from events.models import Series
from events.recurrence import PRAGUE
from events.roles import DEPARTMENT_STAFF, ORGANIZERS

from .conftest import CLOTHES

pytestmark = pytest.mark.django_db


def test_department_staff_and_organizers_have_their_drive_permissions():
    staff = set(Group.objects.get(name=DEPARTMENT_STAFF).permissions.values_list("codename", flat=True))
    organizers = set(Group.objects.get(name=ORGANIZERS).permissions.values_list("codename", flat=True))

    assert {"add_drive", "change_drive", "add_openinghours", "view_donation", "view_historyentry"} <= staff
    assert {"change_drive", "add_openingexception", "view_donation"} <= organizers
    assert "add_drive" not in organizers and "change_donation" not in staff | organizers


def test_the_daily_job_is_scheduled():
    job = Schedule.objects.get(name="drives: close drives that ended a week ago")
    assert (job.func, job.schedule_type) == ("drives.tasks.close_ended_drives", Schedule.CRON)


def test_a_drive_that_ended_more_than_a_week_ago_closes_on_its_own(make_drive, martinska, today):
    long_ago = make_drive(needs=CLOTHES, starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=8),
                          points={martinska: [(Weekday.MONDAY, time(8), time(12))]})
    # Its last day exactly a week ago: it stays open until tomorrow.
    recent = make_drive("Nebuďme lhostejní", slug="nebudme-lhostejni", needs=CLOTHES,
                        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=7))

    assert tasks.close_ended_drives(now=datetime.combine(today, time(2, 45), tzinfo=PRAGUE)) == 1

    assert dict(Drive.objects.values_list("slug", "status")) == {long_ago.slug: "closed", recent.slug: "running"}
    entry = HistoryEntry.objects.get(action="drive_closed")
    assert (entry.drive_id, entry.by, entry.by_name) == (long_ago.pk, None, "")
    assert not Series.objects.filter(published=True).exists()
