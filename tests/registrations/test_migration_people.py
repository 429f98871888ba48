"""The move to "a person is a name with a contact", tried on a copy of real-looking data.

Before: phone and e-mail were unique, so a household shared one record and e-mails differing
only in capitals were two people. After: every person, token and registration is where it was
(nothing merged, nothing lost), names are comparable, calendars keep their address, and a
second person may now share the phone.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registrations.models import Person, Registration

BEFORE = [("registrations", "0002_scan")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("registrations")


@pytest.mark.django_db(transaction=True)
def test_existing_people_and_registrations_come_through_unchanged(oldies_goldies, latest):
    first, second = oldies_goldies.occurrences.order_by("start")[:2]
    try:
        old = migrate(BEFORE)
        OldPerson = old.get_model("registrations", "Person")
        OldRegistration = old.get_model("registrations", "Registration")
        josef = OldPerson.objects.create(name="Josef Pokorný", phone="+420377456789", email="josef@seznam.cz")
        # The same mailbox typed with capitals once: two records the old rules let through.
        capitals = OldPerson.objects.create(name="JOSEF POKORNÝ", email="Josef@Seznam.cz")
        carer = OldPerson.objects.create(name="Pečovatelka Domova Sedlec", phone="+420601000001")
        gone = OldPerson.objects.create(name="—", anonymised_at="2026-01-01T00:00:00Z")
        rows = {
            "josef-1": OldRegistration.objects.create(occurrence_id=first.pk, person=josef, status="confirmed"),
            "josef-2": OldRegistration.objects.create(occurrence_id=second.pk, person=josef, status="waitlisted"),
            "capitals": OldRegistration.objects.create(occurrence_id=first.pk, person=capitals, status="cancelled"),
            "carer": OldRegistration.objects.create(occurrence_id=first.pk, person=carer, status="confirmed", seats=2),
            "gone": OldRegistration.objects.create(occurrence_id=second.pk, person=gone, status="confirmed"),
        }
        before_people = {person.pk: (person.name, person.phone, person.email, person.token)
                         for person in OldPerson.objects.all()}
        before_rows = {key: (row.pk, row.person_id, row.code, row.status, row.seats) for key, row in rows.items()}
    finally:
        migrate(latest)

    assert {person.pk: (person.name, person.phone, person.email, person.token)
            for person in Person.objects.all()} == before_people
    assert {key: tuple(Registration.objects.values_list("pk", "person_id", "code", "status", "seats").get(pk=pk))
            for key, (pk, *_rest) in before_rows.items()} == before_rows
    assert Person.objects.get(pk=josef.pk).name_key == Person.objects.get(pk=capitals.pk).name_key == "josef pokorny"
    # Calendars subscribed before the change keep working: the feed address is the old token.
    for person in Person.objects.all():
        assert person.feed_token == person.token
    # From now on a household may share the landline.
    marie = Person.objects.create(name="Marie Pokorná", phone="+420377456789")
    assert Person.objects.filter(phone="+420377456789").count() == 2 and marie.name_key == "marie pokorna"
