"""A daily job goes through its items one by one: one bad item is named and skipped, the rest is done."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.roles import DEPARTMENT_STAFF
from events.services import EventsError
from jobs.models import JobRun
from jobs.runner import run_job
from tests.conftest import make_user
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


class Item:
    def __init__(self, pk, title):
        self.pk, self.title = pk, title


ITEMS = [Item(1, "Oldies Goldies"), Item(2, "Nedám se!"), Item(3, "Šikovné ruce")]


def describe(item):
    return f"„{item.title}“ (#{item.pk})"


def test_one_item_that_fails_is_rolled_back_named_and_the_others_go_on(staff, caplog):
    from events.models import Audience

    def handle(item):
        Audience.objects.create(name=item.title, slug=f"a{item.pk}")
        if item.pk == 2:
            raise EventsError("broken", "Pravidlo opakování nejde rozvinout.")

    with caplog.at_level(logging.ERROR, logger="jobs.runner"):
        run = run_job("events.tasks.extend_horizons", ITEMS, handle, describe)

    assert set(Audience.objects.values_list("name", flat=True)) == {"Oldies Goldies", "Šikovné ruce"}
    run.refresh_from_db()
    assert (run.ok, run.items_done, run.items_failed) == (False, 2, 1)
    assert run.failures == "„Nedám se!“ (#2): Pravidlo opakování nejde rozvinout."
    assert run.finished_at is not None
    assert "„Nedám se!“ (#2)" in caplog.text and "Traceback" in caplog.text


def test_a_run_where_everything_went_well_is_ok():
    run = run_job("drives.tasks.close_ended_drives", ITEMS, lambda item: None, describe, label="Uzavření sbírek")

    run.refresh_from_db()
    assert (run.ok, run.items_done, run.items_failed, run.failures) == (True, 3, 0, "")
    assert run.label == "Uzavření sbírek"


def test_problems_an_item_reports_are_recorded_and_its_other_work_kept():
    from events.models import Audience

    def handle(item):
        Audience.objects.create(name=item.title, slug=f"a{item.pk}")
        return ["28. 03. 2027 02:30 v Praze neexistuje"] if item.pk == 1 else None

    run = run_job("events.tasks.extend_horizons", ITEMS, handle, describe)

    assert Audience.objects.count() == 3
    assert (run.ok, run.items_done, run.items_failed) == (False, 2, 1)
    assert run.failures == "„Oldies Goldies“ (#1): 28. 03. 2027 02:30 v Praze neexistuje"


def test_the_reason_of_an_unexpected_error_is_its_kind_never_its_text():
    # A database's message may quote a row ("Key (email)=(jana@seznam.cz) already exists").
    def handle(item):
        raise ValueError("Jana Nováková, jana@seznam.cz")

    run = run_job("registrations.tasks.send_reminders", ITEMS[:1], handle, describe)

    assert run.failures == "„Oldies Goldies“ (#1): ValueError"
    assert "Nováková" not in run.failures and "seznam" not in run.failures


def test_a_job_that_cannot_even_load_its_items_is_recorded_as_failed():
    def items():
        yield ITEMS[0]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        run_job("awards.tasks.advance_award_rounds", items(), lambda item: None, describe)

    run = JobRun.objects.get()
    assert (run.ok, run.items_done) == (False, 1)
    assert run.failures == "úloha jako celek: RuntimeError"


def test_runs_older_than_three_months_are_forgotten():
    old = JobRun.objects.create(job="drives.tasks.close_ended_drives", started_at=timezone.now() - timedelta(days=91),
                                ok=True)
    other_job = JobRun.objects.create(job="events.tasks.extend_horizons",
                                      started_at=timezone.now() - timedelta(days=91), ok=True)

    run_job("drives.tasks.close_ended_drives", [], lambda item: None)

    assert not JobRun.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.filter(pk=other_job.pk).exists()  # its own job prunes it


# --- What staff see -----------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def failing_and_succeeding_runs(count=1):
    now = timezone.now()
    for day in range(count):
        JobRun.objects.create(job="events.tasks.extend_horizons", label="Termíny opakovaných akcí do horizontu",
                              started_at=now - timedelta(days=day + 1), finished_at=now - timedelta(days=day + 1),
                              ok=True, items_done=12)
        JobRun.objects.create(job="drives.tasks.close_ended_drives", label="Uzavření skončených sbírek",
                              started_at=now - timedelta(days=day, hours=1), finished_at=now - timedelta(days=day),
                              ok=False, items_done=1, items_failed=1,
                              failures="„Ukliď šatník!“ (#4): ValueError")


def test_staff_see_each_jobs_last_success_and_what_failed(staff_client):
    failing_and_succeeding_runs()

    response = staff_client.get(reverse("admin:jobs_jobrun_changelist"))

    assert response.status_code == 200
    summary = {state["job"]: state for state in response.context["job_summary"]}
    assert summary["events.tasks.extend_horizons"]["last_run_ok"] is True
    assert summary["drives.tasks.close_ended_drives"]["last_run_ok"] is False
    assert summary["drives.tasks.close_ended_drives"]["last_success"] is None
    page = response.content.decode()
    assert "Přehled úloh" in page and "Termíny opakovaných akcí do horizontu" in page
    assert "„Ukliď šatník!“ (#4): ValueError" in page


def test_runs_are_a_record_staff_cannot_change(staff_client):
    failing_and_succeeding_runs()
    run = JobRun.objects.first()

    assert staff_client.get(reverse("admin:jobs_jobrun_add")).status_code == 403
    assert staff_client.post(reverse("admin:jobs_jobrun_change", args=[run.pk]), {"ok": "on"}).status_code == 403
    assert staff_client.post(reverse("admin:jobs_jobrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403
    assert JobRun.objects.get(pk=run.pk).ok == run.ok


def test_only_staff_see_the_runs(client, organizer_a):
    assert "view_jobrun" in Group.objects.get(name=DEPARTMENT_STAFF).permissions.values_list("codename", flat=True)
    client.force_login(organizer_a)
    assert client.get(reverse("admin:jobs_jobrun_changelist")).status_code == 403
    client.force_login(make_user("nekdo", is_staff=True))
    assert client.get(reverse("admin:jobs_jobrun_changelist")).status_code == 403


def test_the_list_takes_as_many_queries_for_many_runs_as_for_one(staff_client):
    def queries_for_list():
        queries = count_queries(staff_client, reverse("admin:jobs_jobrun_changelist"))
        return queries, len(queries.response.context["cl"].result_list)

    failing_and_succeeding_runs(1)
    one, listed = queries_for_list()
    JobRun.objects.all().delete()
    failing_and_succeeding_runs(30)
    many, listed_many = queries_for_list()

    assert (listed, listed_many) == (2, 60)
    assert one == many
