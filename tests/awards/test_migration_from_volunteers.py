"""The Anděl award's move out of `volunteers` (awards 0001–0002, volunteers 0004), tried on the demo data.

Before: the award's tables were `volunteers_*`; its content types (and so the permissions of staff
and of any group made by hand, and the admin's history), its daily jobs' schedules and recorded
runs, and the e-mails waiting in the outbox all named `volunteers`; a nominee's link renewals shared
a table with the volunteers'. After: every row is there with the same id and values, read by the
award's own models; the jury and staff keep what they may do; the daily jobs run tasks that exist;
an e-mail queued before the move is sent, and the nominee is still told only once.
"""

import hashlib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from awards import models as award_models
from awards import roles, services
from awards.models import Nomination, NomineeLinkRenewal, Phase
from jobs.models import JobRun
from messaging import outbox
from messaging.models import Message
from volunteers.models import LinkRenewal

BEFORE = [("awards", None), ("volunteers", "0003_private_link_renewals")]
MOVED = ["AwardRound", "PhaseChange", "Category", "Criterion", "Juror", "Nomination", "Story", "Conflict", "Score",
         "ScoreChange", "TieDecision"]


def migrate(targets):
    """Migrate to `targets`; returns the models as they were there (every other app at its latest)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    unchanged = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in {app for app, _ in targets}]
    return executor.loader.project_state([*unchanged, *(node for node in targets if node[1])]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def rows(model):
    """Every row of a model with every column, in id order: what "the same rows" means here."""
    columns = [field.attname for field in getattr(award_models, model.__name__)._meta.concrete_fields]
    return list(model.objects.order_by("pk").values_list(*columns))


def email_key(app, nomination_id, email):
    return f"{app}.nominee_information:{nomination_id}:{hashlib.sha256(email.lower().encode()).hexdigest()[:16]}"


def add_what_only_the_old_layout_had(old):
    """The rows the demo does not make, written as the old code wrote them."""
    Nomination_, Conflict, TieDecision = (old.get_model("volunteers", name) for name in
                                          ("Nomination", "Conflict", "TieDecision"))
    OldLinkRenewal, Volunteer = old.get_model("volunteers", "LinkRenewal"), old.get_model("volunteers", "Volunteer")
    OldMessage, OldJobRun = old.get_model("messaging", "Message"), old.get_model("jobs", "JobRun")
    OldUser, OldGroup = old.get_model("auth", "User"), old.get_model("auth", "Group")
    Permission, ContentType = old.get_model("auth", "Permission"), old.get_model("contenttypes", "ContentType")
    OldLogEntry = old.get_model("admin", "LogEntry")
    now = timezone.now()

    judging = old.get_model("volunteers", "AwardRound").objects.get(phase=Phase.JUDGING)
    vera, pavel, *_rest = Nomination_.objects.filter(round=judging, status="accepted").order_by("pk")
    juror = OldUser.objects.get(username="porotce2")
    staff = OldUser.objects.get(username="pracovnice")
    Conflict.objects.create(nomination=pavel, juror=juror, reason="Pavel je můj soused.", declared_at=now)
    last_year = old.get_model("volunteers", "AwardRound").objects.get(phase=Phase.ANNOUNCED)
    winners = list(Nomination_.objects.filter(round=last_year).order_by("pk")[:2])
    tie = TieDecision.objects.create(round=last_year, category_id=winners[0].category_id, chosen=winners[0],
                                     note="Rozhodla předsedkyně poroty.", decided_by=staff, decided_at=now)
    tie.over.set([winners[1]])
    OldLinkRenewal.objects.create(nomination=vera, by=staff, at=now, emailed=True)
    OldLinkRenewal.objects.create(volunteer=Volunteer.objects.order_by("pk").first(), by=staff, at=now)

    # Věra's information e-mail waits in the outbox (not told yet), under the old builder and key.
    Nomination_.objects.filter(pk=vera.pk).update(informed_at=None)
    OldMessage.objects.create(kind="volunteers.messages.nominee_information", object_id=vera.pk,
                              dedupe_key=email_key("volunteers", vera.pk, vera.nominee_email), next_attempt_at=now)
    OldJobRun.objects.create(job="volunteers.tasks.advance_award_rounds", started_at=now, finished_at=now, ok=True)

    # A group made by hand in the admin, for a helper who reads scores; and the admin's history of Věra.
    readers = OldGroup.objects.create(name="Porota – čtení")
    readers.permissions.add(Permission.objects.get(content_type__app_label="volunteers", codename="view_score"))
    reader = OldUser.objects.create(username="ctenar", first_name="Pavla")
    reader.groups.add(readers)
    OldLogEntry.objects.create(user=staff, content_type=ContentType.objects.get(app_label="volunteers",
                                                                                model="nomination"),
                               object_id=str(vera.pk), object_repr=vera.nominee_name, action_flag=CHANGE,
                               action_time=now)
    return vera


@pytest.mark.django_db(transaction=True)
def test_the_award_and_everything_pointing_at_it_come_through_the_move_unchanged(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    try:
        old = migrate(BEFORE)
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "volunteers_nomination" in tables and "awards_nomination" not in tables
        vera = add_what_only_the_old_layout_had(old)

        before = {name: rows(old.get_model("volunteers", name)) for name in MOVED}
        tie_over = list(old.get_model("volunteers", "TieDecision").over.through.objects
                        .order_by("pk").values_list("tiedecision_id", "nomination_id"))
        renewals = old.get_model("volunteers", "LinkRenewal").objects.order_by("pk")
        nominee_renewals = list(renewals.filter(nomination__isnull=False).values_list("nomination_id", "by_id", "at",
                                                                                      "emailed"))
        volunteer_renewals = list(renewals.filter(volunteer__isnull=False).values_list("pk", "volunteer_id", "by_id",
                                                                                       "at", "emailed"))
        OldContentType = old.get_model("contenttypes", "ContentType")
        content_types = dict(OldContentType.objects.filter(app_label="volunteers", model__in=[m.lower() for m in MOVED])
                             .values_list("model", "pk"))
        OldNomination = old.get_model("volunteers", "Nomination")
        for_the_juror = set(OldNomination.objects.filter(
            status="accepted", round__juror_seats__user__username="porotce",
            round__phase__in=[Phase.JUDGING, Phase.CLOSED, Phase.ANNOUNCED],
        ).values_list("pk", flat=True))
        old_schedules = set(old.get_model("django_q", "Schedule").objects.values_list("name", "func"))
    finally:
        migrate(latest())

    # The same rows, column by column, now read by the award's own models from the award's tables.
    assert {name: rows(getattr(award_models, name)) for name in MOVED} == before
    assert all(before[name] for name in MOVED)  # the demo and the additions fill every table
    assert list(award_models.TieDecision.over.through.objects.order_by("pk")
                .values_list("tiedecision_id", "nomination_id")) == tie_over
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "awards_nomination" in tables and "volunteers_nomination" not in tables
    # A nominee's renewal is the award's now; a volunteer's stays, with its id.
    assert list(NomineeLinkRenewal.objects.order_by("pk").values_list("nomination_id", "by_id", "at", "emailed")) \
        == nominee_renewals
    assert list(LinkRenewal.objects.order_by("pk").values_list("pk", "volunteer_id", "by_id", "at", "emailed")) \
        == volunteer_renewals

    # The content types kept their ids: permissions and the admin's history hang on them.
    from django.contrib.contenttypes.models import ContentType

    assert {model: ContentType.objects.get(app_label="awards", model=model).pk for model in content_types} \
        == content_types
    assert not ContentType.objects.filter(app_label="volunteers", model__in=list(content_types)).exists()
    reader = User.objects.get(username="ctenar")
    assert reader.has_perm("awards.view_score") and not reader.has_perm("volunteers.view_score")
    assert Group.objects.get(name="Porota – čtení").permissions.get().content_type.app_label == "awards"
    staff = User.objects.get(username="pracovnice")
    assert staff.has_perm("awards.view_nomination") and staff.has_perm("awards.change_awardround")
    assert LogEntry.objects.get(object_id=str(vera.pk)).get_edited_object() == Nomination.objects.get(pk=vera.pk)

    # The juror judges what they judged, on the pages and through the API; staff open the round.
    porotce = User.objects.get(username="porotce")
    assert set(roles.nominations_for_juror(porotce).values_list("pk", flat=True)) == for_the_juror
    judging = award_models.AwardRound.objects.get(phase=Phase.JUDGING)
    client.force_login(porotce)
    page = client.get(f"/porota/rocnik/{judging.pk}/")
    assert page.status_code == 200 and vera.nominee_name in page.content.decode()
    assert {item["id"] for item in client.get("/api/v1/jury/nominations/").json()["results"]} == for_the_juror
    client.force_login(staff)
    assert client.get(f"/sprava/andel/nominace/{vera.pk}/").status_code == 200
    assert client.get(f"/admin/awards/nomination/{vera.pk}/change/").status_code == 200

    # The daily jobs run tasks that exist, under the names the award schedules them by, with their history.
    schedules = set(Schedule.objects.values_list("name", "func"))
    for _name, func in schedules:
        import_string(func)
    assert ("awards: move award rounds to the phase of their dates", "awards.tasks.advance_award_rounds") \
        in schedules
    assert {func for _name, func in schedules} == {
        func.replace("volunteers.tasks.advance", "awards.tasks.advance")
        .replace("volunteers.tasks.anonymise", "awards.tasks.anonymise") for _name, func in old_schedules
    }
    assert JobRun.objects.filter(job="awards.tasks.advance_award_rounds").exists()
    assert not JobRun.objects.filter(job__startswith="volunteers.tasks.advance").exists()

    # The e-mail queued before the move is sent; telling Věra again would not send a second one.
    waiting = Message.objects.get(object_id=vera.pk, kind__endswith="nominee_information")
    assert waiting.kind == "awards.messages.nominee_information"
    assert waiting.dedupe_key == email_key("awards", vera.pk, vera.nominee_email)
    assert outbox.deliver(waiting.pk) == "sent"
    (sent,) = [message for message in mail.outbox if message.to == [vera.nominee_email]]
    assert Nomination.objects.get(pk=vera.pk).get_nominee_url() in sent.body
    Nomination.objects.filter(pk=vera.pk).update(informed_at=None)
    services.edit_nomination(Nomination.objects.get(pk=vera.pk), nominee_name=vera.nominee_name,
                             nominee_email=vera.nominee_email)
    assert Message.objects.filter(object_id=vera.pk, kind__endswith="nominee_information").count() == 1
